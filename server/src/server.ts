import { createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { clientResolvesEdits, registerCodeActions } from './codeActions';
import { registerCompletion } from './completion';
import { DiagnosticsPublisher } from './diagnostics';
import { registerHover } from './hover';
import { clientPulls, PULL_PROVIDER, registerPullDiagnostics } from './pullDiagnostics';
import { PairingLanguageService } from './service/languageService';
import { SettingsStore } from './settings';
import { LINE_INDEXED_DOCUMENTS } from './textDocument';

// The transport (--stdio, --node-ipc, --socket=N) comes from the command line, as vscode-languageclient passes it.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments<TextDocument>(LINE_INDEXED_DOCUMENTS);
const service = new PairingLanguageService();
const settings = new SettingsStore(connection);
const diagnostics = new DiagnosticsPublisher(connection, documents, service, settings);
let pullConfiguration = false;
/** The client pulls diagnostics (textDocument/diagnostic); else they are pushed after each change. */
let pullDiagnostics = false;
let refreshSupport = false;
let resolveEdits = false;

connection.onInitialize((params) => {
	pullConfiguration = params.capabilities.workspace?.configuration === true;
	settings.init(params.initializationOptions, pullConfiguration);
	pullDiagnostics = clientPulls(params.capabilities);
	refreshSupport = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
	resolveEdits = clientResolvesEdits(params.capabilities);
	// Before the answer: the client sends no document until initialize is answered, and then the first check is quick.
	service.prepare();
	return {
		capabilities: {
			...(pullDiagnostics ? { diagnosticProvider: PULL_PROVIDER } : {}),
			textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
			codeActionProvider: { codeActionKinds: ['quickfix'], resolveProvider: resolveEdits },
			completionProvider: { triggerCharacters: ['"', '.'] },
			hoverProvider: true,
		},
		serverInfo: { name: 'openclaw-pairing', version: '0.1.0' },
	};
});

connection.onInitialized(async () => {
	if (pullConfiguration) {
		void connection.client.register(DidChangeConfigurationNotification.type, { section: 'openclawPairing' });
		await settings.refresh().catch((error: unknown) => connection.console.warn(`could not read settings: ${String(error)}`));
		recheckAll();
	}
});

/** Settings changed: pushed diagnostics are recomputed, a pulling client is asked to pull again. */
function recheckAll(): void {
	if (!pullDiagnostics) diagnostics.scheduleAll();
	else if (refreshSupport) void connection.languages.diagnostics.refresh().catch(() => undefined);
}

connection.onDidChangeConfiguration(async (change) => {
	if (pullConfiguration) await settings.refresh().catch(() => undefined);
	else settings.update(change.settings);
	recheckAll();
});

documents.onDidChangeContent((e) => {
	if (!pullDiagnostics) diagnostics.scheduleWithSibling(e.document.uri);
});
documents.onDidClose((e) => diagnostics.clear(e.document.uri, !pullDiagnostics));
registerPullDiagnostics(connection, diagnostics);

registerCodeActions(connection, documents, service, settings, () => resolveEdits);
registerCompletion(connection, documents, service, settings);
registerHover(connection, documents, service, settings);

documents.listen(connection);
connection.listen();
