import { fileURLToPath } from 'node:url';
import { detectFileKind, FileKind } from '../../core/src/openclaw/fileKind';

/** The pairing-file kind of a document URI, by its path; other documents (and non-file schemes) are not ours. */
export function fileKindOfUri(uri: string, stateDirs: readonly string[]): FileKind | undefined {
	if (!uri.startsWith('file:')) return undefined;
	try {
		return detectFileKind(fileURLToPath(uri), stateDirs);
	} catch {
		return undefined;
	}
}
