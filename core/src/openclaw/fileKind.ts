import * as path from 'node:path';
import { isStateDirName, MIGRATED_SUFFIX, PAIRING_FILES, pairingFileRelativePath, PairingFileKind } from './stateLayout';

/** The pairing files the language server understands. `migrated` is a JSON store already imported into SQLite. */
export type FileKind = PairingFileKind | 'migrated';
export const CHECKABLE_KINDS: readonly PairingFileKind[] = PAIRING_FILES.map((f) => f.kind);

const FILES = new Map(PAIRING_FILES.map((f) => [f.name, f]));

/**
 * Which pairing file `filePath` is, decided by its path alone: `<stateDir>/devices/paired.json` and friends, where
 * the state dir is a conventionally named folder or one of `stateDirs`. `*.migrated` copies of the device stores
 * are recognized too.
 */
export function detectFileKind(filePath: string, stateDirs: readonly string[] = []): FileKind | undefined {
	const normalized = filePath.replace(/\\/g, '/');
	const base = path.posix.basename(normalized);
	const migrated = base.endsWith(MIGRATED_SUFFIX);
	const spec = FILES.get(migrated ? base.slice(0, -MIGRATED_SUFFIX.length) : base);
	if (!spec) return undefined;
	const parent = path.posix.dirname(normalized);
	if (path.posix.basename(parent) !== spec.dir) return undefined;
	const stateDir = path.posix.dirname(parent);
	const known = isStateDirName(path.posix.basename(stateDir)) || stateDirs.some((d) => samePath(d.replace(/\\/g, '/'), stateDir));
	if (!known) return undefined;
	return migrated ? 'migrated' : spec.kind;
}

function samePath(a: string, b: string): boolean {
	const strip = (p: string) => p.replace(/\/+$/, '');
	return process.platform === 'win32' ? strip(a).toLowerCase() === strip(b).toLowerCase() : strip(a) === strip(b);
}

/** The conventional relative path of a kind inside a state dir. */
export function relativePathOf(kind: PairingFileKind): string {
	return pairingFileRelativePath(kind);
}
