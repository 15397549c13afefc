import * as os from 'node:os';
import * as path from 'node:path';

// Everything this project knows about where OpenClaw keeps its state, in one place. Each fact names where it was
// checked in openclaw's dist (chunks are named by their src/ files): 2026.6.6 is the last JSON-store release,
// 2026.9.6 the SQLite one (.cache/gateway/openclaw-<version>/node_modules/openclaw/dist).

/** The state dir's folder name in the home dir: src/config/state-dir.ts NEW_STATE_DIRNAME (2026.9.6; src/config/paths.ts in 2026.6.6). */
export const STATE_DIR_NAME = '.openclaw';

/** Older names OpenClaw still falls back to when ~/.openclaw does not exist: src/config/state-dir.ts LEGACY_STATE_DIRNAMES. */
export const LEGACY_STATE_DIR_NAMES: readonly string[] = ['.clawdbot'];

/** A valid profile name: src/cli/profile-utils.ts PROFILE_NAME_RE (both releases). */
const PROFILE_NAME = '[a-z0-9][a-z0-9_-]{0,63}';

/** `~/.openclaw-<profile>` for a named profile, `~/.openclaw` for "default": src/cli/profile-utils.ts resolveProfileStateDir (2026.9.6; src/cli/profile.ts in 2026.6.6). */
export function profileStateDirName(profile: string): string {
	return profile.toLowerCase() === 'default' ? STATE_DIR_NAME : `${STATE_DIR_NAME}-${profile}`;
}

/** Folder names OpenClaw uses for a state dir: ~/.openclaw, profiles ~/.openclaw-<profile>, legacy ~/.clawdbot. */
const STATE_DIR_FOLDER = new RegExp(`^(${escapeRegExp(STATE_DIR_NAME)}(-${PROFILE_NAME})?|${LEGACY_STATE_DIR_NAMES.map(escapeRegExp).join('|')})$`, 'i');

/** Whether a folder's name is one OpenClaw gives a state dir. */
export function isStateDirName(name: string): boolean {
	return STATE_DIR_FOLDER.test(name);
}

/** The same names as globs (for a document selector): `.openclaw`, `.openclaw-*`, `.clawdbot`. */
export const STATE_DIR_GLOBS: readonly string[] = [STATE_DIR_NAME, `${STATE_DIR_NAME}-*`, ...LEGACY_STATE_DIR_NAMES];

/** The state dirs to recognize besides the conventional names: the setting and $OPENCLAW_STATE_DIR, `~` expanded as OpenClaw's resolveUserPath does. */
export function configuredStateDirs(setting: string | undefined, env: NodeJS.ProcessEnv, home: string): string[] {
	const dirs: string[] = [];
	for (const raw of [setting, env.OPENCLAW_STATE_DIR]) {
		const trimmed = raw?.trim();
		if (trimmed) dirs.push(path.resolve(trimmed.replace(/^~(?=$|[\\/])/, home)));
	}
	return dirs;
}

/**
 * The state dir OpenClaw itself would use: $OPENCLAW_STATE_DIR (src/config/state-dir.ts resolveStateDir), else the
 * profile's dir when $OPENCLAW_PROFILE names one (src/cli/profile.ts applyCliProfileEnv sets OPENCLAW_STATE_DIR to
 * it), else ~/.openclaw. The setting, when given, comes first.
 */
export function defaultStateDir(setting: string | undefined, env: NodeJS.ProcessEnv, home: string): string {
	const [first] = configuredStateDirs(setting, env, home);
	if (first) return first;
	const profile = env.OPENCLAW_PROFILE?.trim().toLowerCase();
	return path.join(home, profile ? profileStateDirName(profile) : STATE_DIR_NAME);
}

/** The pairing files, by kind, inside a state dir. */
export type PairingFileKind = 'paired' | 'pending' | 'device' | 'device-auth';

export interface PairingFileSpec {
	kind: PairingFileKind;
	/** Folder inside the state dir. */
	dir: string;
	/** File name inside that folder. */
	name: string;
	/** A JSON-era gateway rewrites it while running (and the 2026.8+ import renames it to `*.migrated`). */
	gatewayWritten: boolean;
}

/**
 * devices/paired.json, devices/pending.json: src/infra/pairing-files.ts resolvePairingPaths(baseDir, "devices")
 * (2026.6.6). identity/device.json: src/infra/device-identity.ts; identity/device-auth.json:
 * src/infra/device-auth-store.ts DEVICE_AUTH_FILE (2026.6.6).
 */
export const PAIRING_FILES: readonly PairingFileSpec[] = [
	{ kind: 'paired', dir: 'devices', name: 'paired.json', gatewayWritten: true },
	{ kind: 'pending', dir: 'devices', name: 'pending.json', gatewayWritten: true },
	{ kind: 'device', dir: 'identity', name: 'device.json', gatewayWritten: false },
	{ kind: 'device-auth', dir: 'identity', name: 'device-auth.json', gatewayWritten: false },
];

/** `devices/paired.json` and friends: a kind's place inside a state dir (always with `/`). */
export function pairingFileRelativePath(kind: PairingFileKind): string {
	const spec = PAIRING_FILES.find((f) => f.kind === kind);
	if (!spec) throw new Error(`unknown kind ${kind}`);
	return `${spec.dir}/${spec.name}`;
}

/**
 * What the 2026.8+ gateway renames an imported JSON store to: src/infra/device-pairing-migration.ts
 * archiveLegacyFile (`${filePath}.migrated`, for paired.json and pending.json; 2026.9.6).
 */
export const MIGRATED_SUFFIX = '.migrated';

/** The `*.migrated` copies the import leaves: devices/paired.json.migrated, devices/pending.json.migrated. */
export const MIGRATED_PAIRING_FILES: readonly string[] = PAIRING_FILES.filter((f) => f.gatewayWritten).map((f) => `${f.dir}/${f.name}${MIGRATED_SUFFIX}`);

/** Where 2026.8+ keeps pairing instead: <stateDir>/state/openclaw.sqlite (src/cli/program/config-guard.ts, 2026.9.6). */
export function sqliteStorePath(stateDir: string): string {
	return path.join(stateDir, 'state', 'openclaw.sqlite');
}

/** The config file's name: src/config/paths.ts CONFIG_FILENAME (both releases). */
export const CONFIG_FILE_NAME = 'openclaw.json';

/** Where openclaw.json is looked for, in words (for messages). */
export const CONFIG_PATH_LOOKUP = `$OPENCLAW_CONFIG_PATH, $OPENCLAW_STATE_DIR/${CONFIG_FILE_NAME} or ~/${STATE_DIR_NAME}/${CONFIG_FILE_NAME}`;

/**
 * The local gateway's openclaw.json: $OPENCLAW_CONFIG_PATH, else <stateDir>/openclaw.json with the state dir
 * $OPENCLAW_STATE_DIR or ~/.openclaw (src/config/paths.ts resolveCanonicalConfigPath, both releases). Paths are
 * taken as written (no `~` expansion), as the token lookup always did.
 */
export function openClawConfigPath(env: NodeJS.ProcessEnv, home: string = os.homedir()): string {
	const stateDir = env.OPENCLAW_STATE_DIR?.trim() || path.join(home, STATE_DIR_NAME);
	return env.OPENCLAW_CONFIG_PATH?.trim() || path.join(stateDir, CONFIG_FILE_NAME);
}

/**
 * The JSON-era gateway's single-instance locks: `<os.tmpdir()>/openclaw-<uid>/` (`openclaw` without a uid), one
 * `gateway.<sha256(configPath) hex, first 8>.lock` per config (src/config/paths.ts resolveGatewayLockDir and
 * src/infra/gateway-lock.ts, 2026.6.6). 2026.9.6 moved the dir to <stateDir>/tmp/openclaw-<uid>; that gateway no
 * longer writes the JSON pairing files, so only the JSON-era place matters here.
 */
export function gatewayLockDir(tmpdir: string, uid: number | undefined): string {
	return path.join(tmpdir, uid === undefined ? 'openclaw' : `openclaw-${uid}`);
}

/** This user's lock dir, as the gateway resolves it. */
export function currentGatewayLockDir(): string {
	return gatewayLockDir(os.tmpdir(), typeof process.getuid === 'function' ? process.getuid() : undefined);
}

/** A gateway lock's file name (`gateway.<hex>.lock`); other files in the lock dir are not locks. */
export const GATEWAY_LOCK_FILE = /^gateway\.[0-9a-f]+\.lock$/;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
