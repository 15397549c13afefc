import * as fs from 'node:fs';
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

/** Where 2026.8+ keeps pairing instead, inside the state dir (src/cli/program/config-guard.ts, 2026.9.6); also the name we print. */
export const SQLITE_STORE_RELATIVE_PATH = 'state/openclaw.sqlite';

/** <stateDir>/state/openclaw.sqlite. */
export function sqliteStorePath(stateDir: string): string {
	return path.join(stateDir, ...SQLITE_STORE_RELATIVE_PATH.split('/'));
}

/** SQLite's write-ahead log beside a database: where a WAL-mode writer (the 2026.8+ gateway) commits first. */
export function sqliteWalPath(databasePath: string): string {
	return `${databasePath}-wal`;
}

/** The config file's name: src/config/paths.ts CONFIG_FILENAME (both releases). */
export const CONFIG_FILE_NAME = 'openclaw.json';

/** The older name still read when openclaw.json is absent: src/config/paths.ts LEGACY_CONFIG_FILENAMES (both releases). */
export const LEGACY_CONFIG_FILE_NAMES: readonly string[] = ['clawdbot.json'];

/** Where openclaw.json is looked for, in words (for messages). */
export const CONFIG_PATH_LOOKUP = `$OPENCLAW_CONFIG_PATH, $OPENCLAW_STATE_DIR/${CONFIG_FILE_NAME} or ~/${STATE_DIR_NAME}/${CONFIG_FILE_NAME}`;

/** Whether a path exists (injected so the lookups stay testable without a real home dir). */
export type PathExists = (file: string) => boolean;

const existsQuietly: PathExists = (file) => {
	try {
		return fs.existsSync(file);
	} catch {
		return false;
	}
};

/** An env value as OpenClaw reads home dirs: trimmed, and the strings "undefined"/"null" count as unset. */
function homeValue(value: string | undefined): string | undefined {
	const trimmed = value?.trim();
	return trimmed && trimmed !== 'undefined' && trimmed !== 'null' ? trimmed : undefined;
}

/**
 * OpenClaw's home: $OPENCLAW_HOME (a leading `~` is the OS home), else $HOME, $USERPROFILE, os.homedir(), the
 * working dir (packages/normalization-core/src/home-dir.ts resolveEffectiveHomeDir and src/infra/home-dir.ts
 * resolveRequiredHomeDir, 2026.9.6; the same in 2026.6.6). Every `~` below, and ~/.openclaw itself, is this dir.
 */
export function openClawHome(env: NodeJS.ProcessEnv, osHomedir: () => string = os.homedir): string {
	let osHome = homeValue(env.HOME) ?? homeValue(env.USERPROFILE);
	if (!osHome) {
		try {
			osHome = homeValue(osHomedir());
		} catch {
			// no OS home: the working dir, as OpenClaw does
		}
	}
	const explicit = homeValue(env.OPENCLAW_HOME);
	if (explicit && !/^~(?=$|[\\/])/.test(explicit)) return path.resolve(explicit);
	if (explicit && osHome) return path.resolve(explicit.replace(/^~/, osHome));
	return path.resolve(osHome ?? process.cwd());
}

/** A user-given path as OpenClaw resolves it (src/infra/home-dir.ts resolveHomeRelativePath): trimmed, `~` expanded, absolute. */
export function resolveUserPath(input: string, home: string): string {
	return path.resolve(input.trim().replace(/^~(?=$|[\\/])/, home));
}

/**
 * The state dir OpenClaw's CLI uses (src/config/state-dir.ts resolveStateDir, both releases): $OPENCLAW_STATE_DIR,
 * else ~/.openclaw when it exists, else the first legacy dir that exists (~/.clawdbot), else ~/.openclaw.
 * $OPENCLAW_PROFILE alone does not move it: only `--profile` does (see applyProfile).
 */
export function openClawStateDir(env: NodeJS.ProcessEnv, home: string = openClawHome(env), exists: PathExists = existsQuietly): string {
	const override = env.OPENCLAW_STATE_DIR?.trim();
	if (override) return resolveUserPath(override, home);
	const dirs = [STATE_DIR_NAME, ...LEGACY_STATE_DIR_NAMES].map((name) => path.join(home, name));
	return dirs.find(exists) ?? dirs[0];
}

/**
 * The config file OpenClaw's CLI reads (src/config/paths.ts resolveConfigPath with resolveStateDir, both releases):
 * $OPENCLAW_CONFIG_PATH; else openclaw.json or clawdbot.json that exists in the state dir; else, with
 * $OPENCLAW_STATE_DIR set, <stateDir>/openclaw.json; else the first that exists of ~/.openclaw/openclaw.json,
 * ~/.openclaw/clawdbot.json, ~/.clawdbot/openclaw.json, ~/.clawdbot/clawdbot.json; else <stateDir>/openclaw.json.
 */
export function openClawConfigPath(env: NodeJS.ProcessEnv, home: string = openClawHome(env), exists: PathExists = existsQuietly): string {
	const override = env.OPENCLAW_CONFIG_PATH?.trim();
	if (override) return resolveUserPath(override, home);
	const names = [CONFIG_FILE_NAME, ...LEGACY_CONFIG_FILE_NAMES];
	const stateDir = openClawStateDir(env, home, exists);
	const canonical = path.join(stateDir, CONFIG_FILE_NAME);
	const inStateDir = names.map((name) => path.join(stateDir, name)).find(exists);
	if (inStateDir) return inStateDir;
	if (env.OPENCLAW_STATE_DIR?.trim()) return canonical;
	const candidates = [STATE_DIR_NAME, ...LEGACY_STATE_DIR_NAMES].flatMap((dir) => names.map((name) => path.join(home, dir, name)));
	return candidates.find(exists) ?? canonical;
}

/** Whether a name is a valid profile (src/cli/profile-utils.ts isValidProfileName). */
export function isValidProfileName(name: string): boolean {
	return new RegExp(`^${PROFILE_NAME}$`, 'i').test(name);
}

/**
 * What `openclaw --profile <name>` (and `--dev`, the profile "dev") does to the environment before anything else
 * (src/cli/profile.ts applyCliProfileEnv, 2026.9.6): OPENCLAW_PROFILE=<name>; the state dir becomes
 * ~/.openclaw-<name> unless $OPENCLAW_STATE_DIR names another dir than the inherited profile's; the config path
 * <stateDir>/openclaw.json unless $OPENCLAW_CONFIG_PATH names another file; "dev" gets port 19001 unless
 * $OPENCLAW_GATEWAY_PORT is set. (2026.6.6 always kept a set $OPENCLAW_STATE_DIR; the gateway-service selector
 * cleanup of 2026.9.6 is left out: it only concerns a service's own environment.)
 */
export function applyProfile(env: NodeJS.ProcessEnv, profile: string, home: string = openClawHome(env)): NodeJS.ProcessEnv {
	const name = profile.trim();
	if (!isValidProfileName(name)) throw new Error(`invalid profile name "${profile}" (letters, numbers, "_" and "-" only)`);
	const inherited = env.OPENCLAW_PROFILE?.trim() || 'default';
	const existingState = env.OPENCLAW_STATE_DIR?.trim() || undefined;
	const existingConfig = env.OPENCLAW_CONFIG_PATH?.trim() || undefined;
	const inheritedDir = isValidProfileName(inherited) ? path.join(home, profileStateDirName(inherited)) : undefined;
	const selectedDir = path.join(home, profileStateDirName(name));
	const switches = inheritedDir !== selectedDir;
	const switchesState = Boolean(existingState && switches && resolveUserPath(existingState, home) === inheritedDir);
	const replacesConfig = Boolean(
		switches &&
		(!existingState || switchesState) &&
		existingConfig &&
		inheritedDir &&
		resolveUserPath(existingConfig, home) === path.join(inheritedDir, CONFIG_FILE_NAME),
	);
	const next: NodeJS.ProcessEnv = { ...env, OPENCLAW_PROFILE: name };
	const stateDir = existingState && !switchesState ? existingState : selectedDir;
	if (!existingState || switchesState) next.OPENCLAW_STATE_DIR = stateDir;
	if (!existingConfig || replacesConfig) next.OPENCLAW_CONFIG_PATH = path.join(stateDir, CONFIG_FILE_NAME);
	if (name === 'dev' && !env.OPENCLAW_GATEWAY_PORT?.trim()) next.OPENCLAW_GATEWAY_PORT = '19001';
	return next;
}

/** The gateway's port when nothing sets one: src/config/paths.ts DEFAULT_GATEWAY_PORT (both releases). */
export const DEFAULT_GATEWAY_PORT = 18789;

function tcpPort(digits: string): number | undefined {
	const port = /^\d+$/.test(digits) ? Number(digits) : NaN;
	return Number.isSafeInteger(port) && port > 0 && port <= 65535 ? port : undefined;
}

/** $OPENCLAW_GATEWAY_PORT as OpenClaw reads it: `18800`, `host:18800` or `[::1]:18800` (src/config/paths.ts parseGatewayPortEnvValue, both releases). */
export function gatewayPortFromEnv(raw: string | undefined): number | undefined {
	const value = raw?.trim();
	if (!value) return undefined;
	if (/^\d+$/.test(value)) return tcpPort(value);
	const bracketed = /^\[[^\]]+\]:(\d+)$/.exec(value);
	if (bracketed) return tcpPort(bracketed[1]);
	const colon = value.indexOf(':');
	return colon > 0 && colon === value.lastIndexOf(':') ? tcpPort(value.slice(colon + 1)) : undefined;
}

/**
 * A named profile's port when neither $OPENCLAW_GATEWAY_PORT nor gateway.port sets one: 20000 + FNV-1a(name) % 40000
 * (src/config/paths.ts resolveGatewayPort, 2026.8.1 and later; 2026.7.35 and older use 18789 for every profile).
 */
export function profileGatewayPort(profile: string | undefined): number | undefined {
	const name = profile?.trim();
	if (!name || name.toLowerCase() === 'default' || !isValidProfileName(name)) return undefined;
	let hash = 2166136261;
	for (const byte of Buffer.from(name, 'utf8')) hash = Math.imul(hash ^ byte, 16777619) >>> 0;
	return 20000 + (hash % 40000);
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
