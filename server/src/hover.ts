import type { Connection, HoverParams, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKindOfUri } from './fileKind';
import { runSafe } from './runSafe';
import type { PairingLanguageService } from './service/languageService';
import type { SettingsStore } from './settings';

/** textDocument/hover: what a scope allows and what implies it; secrets are named, never shown. */
export function registerHover(connection: Connection, documents: TextDocuments<TextDocument>, service: PairingLanguageService, settings: SettingsStore): void {
	connection.onHover((params: HoverParams) => {
		const document = documents.get(params.textDocument.uri);
		const kind = document && fileKindOfUri(document.uri, settings.stateDirs());
		if (!document || !kind) return null;
		return runSafe(connection, 'hover', null, () => service.hover(document, kind, params.position));
	});
}
