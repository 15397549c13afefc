import * as path from 'node:path';

/** The pairing files the language server understands. `migrated` is a JSON store already imported into SQLite. */
export type FileKind = 'paired' | 'pending' | 'device' | 'device-auth' | 'migrated';
export const CHECKABLE_KINDS: readonly FileKind[] = ['paired', 'pending', 'device', 'device-auth'];

const FILES: Record<string, { dir: string; kind: FileKind }> = {
	'paired.json': { dir: 'devices', kind: 'paired' },
	'pending.json': { dir: 'devices', kind: 'pending' },
	'device.json': { dir: 'identity', kind: 'device' },
	'device-auth.json': { dir: 'identity', kind: 'device-auth' },
};

/** Folder names OpenClaw uses for a state dir: ~/.openclaw, profiles ~/.openclaw-<profile>, legacy ~/.clawdbot. */
const STATE_DIR_NAME = /^(\.openclaw(-[a-z0-9][a-z0-9_-]{0,63})?|\.clawdbot)$/i;

/** The state dirs to recognize besides the conventional names: $OPENCLAW_STATE_DIR and the setting. */
export function configuredStateDirs(setting: string | undefined, env: NodeJS.ProcessEnv, home: string): string[] {
	const dirs: string[] = [];
	for (const raw of [setting, env.OPENCLAW_STATE_DIR]) {
		const trimmed = raw?.trim();
		if (trimmed) dirs.push(path.resolve(trimmed.replace(/^~(?=$|[\\/])/, home)));
	}
	return dirs;
}

/** The state dir OpenClaw itself would use (src/config/state-dir.ts): $OPENCLAW_STATE_DIR, else ~/.openclaw[-profile]. */
export function defaultStateDir(setting: string | undefined, env: NodeJS.ProcessEnv, home: string): string {
	const [first] = configuredStateDirs(setting, env, home);
	if (first) return first;
	const profile = env.OPENCLAW_PROFILE?.trim().toLowerCase();
	return path.join(home, profile && profile !== 'default' ? `.openclaw-${profile}` : '.openclaw');
}

/**
 * Which pairing file `filePath` is, decided by its path alone: `<stateDir>/devices/paired.json` and friends, where
 * the state dir is a conventionally named folder or one of `stateDirs`. `*.migrated` copies of the device stores
 * are recognized too.
 */
export function detectFileKind(filePath: string, stateDirs: readonly string[] = []): FileKind | undefined {
	const normalized = filePath.replace(/\\/g, '/');
	const base = path.posix.basename(normalized);
	const migrated = base.endsWith('.migrated');
	const spec = FILES[migrated ? base.slice(0, -'.migrated'.length) : base];
	if (!spec) return undefined;
	const parent = path.posix.dirname(normalized);
	if (path.posix.basename(parent) !== spec.dir) return undefined;
	const stateDir = path.posix.dirname(parent);
	const known =
		STATE_DIR_NAME.test(path.posix.basename(stateDir)) ||
		stateDirs.some((d) => samePath(d.replace(/\\/g, '/'), stateDir));
	if (!known) return undefined;
	return migrated ? 'migrated' : spec.kind;
}

function samePath(a: string, b: string): boolean {
	const strip = (p: string) => p.replace(/\/+$/, '');
	return process.platform === 'win32' ? strip(a).toLowerCase() === strip(b).toLowerCase() : strip(a) === strip(b);
}

/** The conventional relative path of a kind inside a state dir. */
export function relativePathOf(kind: Exclude<FileKind, 'migrated'>): string {
	for (const [file, spec] of Object.entries(FILES)) if (spec.kind === kind) return `${spec.dir}/${file}`;
	throw new Error(`unknown kind ${kind}`);
}
