import * as os from 'node:os';
import { configuredStateDirs } from '../../core/src/openclaw/fileKind';

export interface FileFilter {
	scheme: 'file';
	pattern: string;
}

/**
 * Which documents go to the language server: pairing files under conventionally named state dirs and under the
 * configured ones. The server decides the exact kind by path; this only keeps other JSON files off the wire.
 */
export function pairingDocumentSelector(stateDirSetting: string | undefined, env: NodeJS.ProcessEnv = process.env): FileFilter[] {
	const roots = ['**/.openclaw', '**/.openclaw-*', '**/.clawdbot', ...configuredStateDirs(stateDirSetting, env, os.homedir()).map(toGlobPath)];
	const files = '{devices/paired.json,devices/pending.json,identity/device.json,identity/device-auth.json,devices/paired.json.migrated,devices/pending.json.migrated}';
	return roots.map((root) => ({ scheme: 'file', pattern: `${root}/${files}` }));
}

const PAIRING_FILES = new Set(['devices/paired.json', 'devices/pending.json', 'identity/device.json', 'identity/device-auth.json', 'devices/paired.json.migrated', 'devices/pending.json.migrated']);

/**
 * A file with a pairing file's name and folder (devices/paired.json, identity/device.json, …) wherever it lies: what
 * says "the user works with OpenClaw" even when its state dir has another name (a machine-scoped stateDir setting does
 * not reach a remote window).
 */
export function hasPairingFileName(fsPath: string): boolean {
	const parts = fsPath.split(/[\\/]/);
	return PAIRING_FILES.has(parts.slice(-2).join('/'));
}

/** Glob syntax treats these characters specially; a state dir path containing them must match literally. */
function toGlobPath(dir: string): string {
	return dir.replace(/\\/g, '/').replace(/[[\]{}*?]/g, (c) => `[${c}]`);
}
