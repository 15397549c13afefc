import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { PAIRING_STATE_SCHEME } from '../../core/src/openclaw/stateDocumentUri';
import { pairingDocumentSelector } from './documentSelector';

/**
 * The pairing-file language server (dist/server.js over node IPC) for the pairing files, not started yet: the
 * extension's context starts and stops it (a new state dir needs a new client: the document selector is fixed at start).
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
	const serverModule = context.asAbsolutePath('dist/server.js');
	const serverOptions: ServerOptions = {
		run: { module: serverModule, transport: TransportKind.ipc },
		debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
	};
	const stateDir = vscode.workspace.getConfiguration('openclawPairing').get<string>('stateDir');
	const clientOptions: LanguageClientOptions = {
		documentSelector: pairingDocumentSelector(stateDir),
		outputChannel: output,
		synchronize: { configurationSection: 'openclawPairing' },
		// The live state's documents are read-only: a text edit cannot apply there (its fixes belong to the gateway).
		middleware: {
			provideCodeActions: (document, range, context, token, next) =>
				document.uri.scheme === PAIRING_STATE_SCHEME ? [] : next(document, range, context, token),
		},
	};
	return new LanguageClient('openclawPairing', 'OpenClaw Pairing', serverOptions, clientOptions);
}
