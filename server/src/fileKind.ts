import { fileURLToPath } from 'node:url';
import { detectFileKind, FileKind } from '../../core/src/openclaw/fileKind';
import { parseStateDocumentUri } from '../../core/src/openclaw/stateDocumentUri';

/** The pairing-file kind of a document URI, by its path (or the live state's documents); other documents are not ours. */
export function fileKindOfUri(uri: string, stateDirs: readonly string[]): FileKind | undefined {
	const state = parseStateDocumentUri(uri);
	if (state) return state.kind;
	if (!uri.startsWith('file:')) return undefined;
	try {
		return detectFileKind(fileURLToPath(uri), stateDirs);
	} catch {
		return undefined;
	}
}
