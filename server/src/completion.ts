import type { CompletionParams, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKindOfUri } from './fileKind';
import { runSafe } from './runSafe';
import type { PairingLanguageService } from './service/languageService';
import type { SettingsStore } from './settings';

/** textDocument/completion: scope names inside scope lists. */
export function registerCompletion(
	connection: Connection,
	documents: TextDocuments<TextDocument>,
	service: PairingLanguageService,
	settings: SettingsStore,
): void {
	connection.onCompletion((params: CompletionParams) => {
		const document = documents.get(params.textDocument.uri);
		const kind = document && fileKindOfUri(document.uri, settings.stateDirs());
		if (!document || !kind) return [];
		return runSafe(connection, 'completion', [], () => service.completion(document, kind, params.position));
	});
}
