import * as os from 'node:os';
import { configuredStateDirs, MIGRATED_PAIRING_FILES, PAIRING_FILES, STATE_DIR_GLOBS } from '../../core/src/openclaw/stateLayout';
import { PAIRING_STATE_SCHEME } from '../../core/src/openclaw/stateDocumentUri';

export type FileFilter = { scheme: 'file'; pattern: string } | { scheme: typeof PAIRING_STATE_SCHEME };

/**
 * Which documents go to the language server: pairing files under conventionally named state dirs and under the
 * configured ones. The server decides the exact kind by path; this only keeps other JSON files off the wire.
 */
export function pairingDocumentSelector(stateDirSetting: string | undefined, env: NodeJS.ProcessEnv = process.env): FileFilter[] {
	const roots = [...STATE_DIR_GLOBS.map((name) => `**/${name}`), ...configuredStateDirs(stateDirSetting, env, os.homedir()).map(toGlobPath)];
	const files = `{${PAIRING_FILE_PATHS.join(',')}}`;
	// The live pairing state's read-only documents (stateDocument/pairingStateDocuments.ts) too.
	return [...roots.map((root): FileFilter => ({ scheme: 'file', pattern: `${root}/${files}` })), { scheme: PAIRING_STATE_SCHEME }];
}

/** devices/paired.json, …, identity/device-auth.json, then the `*.migrated` stores. */
const PAIRING_FILE_PATHS = [...PAIRING_FILES.map((f) => `${f.dir}/${f.name}`), ...MIGRATED_PAIRING_FILES];
const PAIRING_FILE_SET = new Set(PAIRING_FILE_PATHS);

/**
 * A file with a pairing file's name and folder (devices/paired.json, identity/device.json, …) wherever it lies: what
 * says "the user works with OpenClaw" even when its state dir has another name (a machine-scoped stateDir setting does
 * not reach a remote window).
 */
export function hasPairingFileName(fsPath: string): boolean {
	const parts = fsPath.split(/[\\/]/);
	return PAIRING_FILE_SET.has(parts.slice(-2).join('/'));
}

/** Glob syntax treats these characters specially; a state dir path containing them must match literally. */
function toGlobPath(dir: string): string {
	return dir.replace(/\\/g, '/').replace(/[[\]{}*?]/g, (c) => `[${c}]`);
}
