import { CodeActionKind, CodeActionParams, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKindOfUri } from './fileKind';
import { runSafe } from './runSafe';
import type { PairingLanguageService } from './service/languageService';
import type { SettingsStore } from './settings';

/** textDocument/codeAction: quick fixes for our diagnostics, computed from their data. */
export function registerCodeActions(
	connection: Connection,
	documents: TextDocuments<TextDocument>,
	service: PairingLanguageService,
	settings: SettingsStore,
): void {
	connection.onCodeAction((params: CodeActionParams) => {
		const document = documents.get(params.textDocument.uri);
		const kind = document && fileKindOfUri(document.uri, settings.stateDirs());
		if (!document || !kind) return [];
		if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
		return runSafe(connection, 'code actions', [], () => service.codeActions(document, kind, params.context.diagnostics));
	});
}
