import { CodeAction, CodeActionKind, CodeActionParams, type ClientCapabilities, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseStateDocumentUri } from '../../core/src/openclaw/stateDocumentUri';
import { fileKindOfUri } from './fileKind';
import { runSafe } from './runSafe';
import type { PairingLanguageService } from './service/languageService';
import type { SettingsStore } from './settings';

/** A client that can fetch a code action's edit later (codeAction/resolve), as VS Code does. */
export function clientResolvesEdits(capabilities: ClientCapabilities): boolean {
	return capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
}

/**
 * textDocument/codeAction: quick fixes for our diagnostics, computed from their data. With `resolveEdits`, costly
 * edits (a re-parse of the record) wait for codeAction/resolve, i.e. for the user picking the fix.
 */
export function registerCodeActions(
	connection: Connection,
	documents: TextDocuments<TextDocument>,
	service: PairingLanguageService,
	settings: SettingsStore,
	resolveEdits: () => boolean,
): void {
	connection.onCodeAction((params: CodeActionParams) => {
		const document = documents.get(params.textDocument.uri);
		const kind = document && fileKindOfUri(document.uri, settings.stateDirs());
		if (!document || !kind) return [];
		if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
		// A live pairing-state document is read-only: its fixes go through the gateway.
		if (parseStateDocumentUri(document.uri))
			return runSafe(connection, 'code actions', [], () => service.gatewayActions(kind, params.context.diagnostics, document.uri));
		return runSafe(connection, 'code actions', [], () => service.codeActions(document, kind, params.context.diagnostics, resolveEdits()));
	});
	connection.onCodeActionResolve((action: CodeAction) => {
		const uri = (action.data as { uri?: unknown } | undefined)?.uri;
		const document = typeof uri === 'string' ? documents.get(uri) : undefined;
		const kind = document && fileKindOfUri(document.uri, settings.stateDirs());
		if (!document || !kind) return action;
		return runSafe(connection, 'code action resolve', action, () => service.resolveCodeAction(document, kind, action));
	});
}
