import * as fs from 'node:fs';
import * as path from 'node:path';
import { currentGatewayLockDir, GATEWAY_LOCK_FILE, PAIRING_FILES } from './stateLayout';

// Whether an OpenClaw gateway is running on a state dir, read from the gateway's own single-instance lock
// (openclaw src/infra/gateway-lock.ts; where it lies: stateLayout's gatewayLockDir and GATEWAY_LOCK_FILE) holding
// {pid, createdAt, configPath, startTime?}, created with O_EXCL at startup and removed on a clean stop.
// A killed gateway leaves its lock behind, so the owner must be alive and (on Linux) be the same process that took it.

export interface GatewayLockOwner {
	pid: number;
	/** The gateway's config file; its directory is the state dir unless OPENCLAW_CONFIG_PATH moved it. */
	configPath: string;
	createdAt: string;
	lockFile: string;
}

export interface GatewayLockProbe {
	/** Default: what openclaw's resolveGatewayLockDir() gives for this user. */
	lockDir?: string;
	/** Whether pid is the live process that wrote the lock (default: signal 0 and the Linux start time). */
	isOwnerAlive?: (pid: number, startTime: number | undefined) => boolean;
}

const GATEWAY_WRITTEN = PAIRING_FILES.filter((f) => f.gatewayWritten);

/** The state dir of a file a JSON-era gateway rewrites (<stateDir>/devices/paired.json), or undefined for any other. */
export function gatewayWrittenStateDir(file: string): string | undefined {
	const dir = path.dirname(file);
	const name = path.basename(file);
	return GATEWAY_WRITTEN.some((f) => f.name === name && f.dir === path.basename(dir)) ? path.dirname(dir) : undefined;
}

export function defaultGatewayLockDir(): string {
	return currentGatewayLockDir();
}

/** Parse a lock file's text; undefined for anything that is not the gateway's payload. */
export function parseGatewayLock(text: string): { pid: number; configPath: string; createdAt: string; startTime?: number } | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null) return undefined;
	const { pid, configPath, createdAt, startTime } = value as Record<string, unknown>;
	if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || typeof configPath !== 'string' || typeof createdAt !== 'string') return undefined;
	return { pid, configPath, createdAt, ...(typeof startTime === 'number' ? { startTime } : {}) };
}

/** The live gateway whose config lives in stateDir, if any. Never throws: an unreadable lock dir means "not known". */
export function findGatewayOnStateDir(stateDir: string, probe: GatewayLockProbe = {}): GatewayLockOwner | undefined {
	const lockDir = probe.lockDir ?? defaultGatewayLockDir();
	const isOwnerAlive = probe.isOwnerAlive ?? processIsOwner;
	let names: string[];
	try {
		names = fs.readdirSync(lockDir);
	} catch {
		return undefined;
	}
	const want = normalize(stateDir);
	for (const name of names) {
		if (!GATEWAY_LOCK_FILE.test(name)) continue;
		const lockFile = path.join(lockDir, name);
		let text: string;
		try {
			text = fs.readFileSync(lockFile, 'utf8');
		} catch {
			continue;
		}
		const lock = parseGatewayLock(text);
		if (!lock || normalize(path.dirname(lock.configPath)) !== want) continue;
		if (!isOwnerAlive(lock.pid, lock.startTime)) continue;
		return { pid: lock.pid, configPath: lock.configPath, createdAt: lock.createdAt, lockFile };
	}
	return undefined;
}

function normalize(dir: string): string {
	let resolved = path.resolve(dir);
	try {
		resolved = fs.realpathSync(resolved);
	} catch {
		// a state dir that does not exist (yet) still compares by its path
	}
	return process.platform === 'win32' ? resolved.toLowerCase() : resolved;
}

/** The same test the gateway applies to a lock it finds: pid alive and, on Linux, started when the lock says. */
function processIsOwner(pid: number, startTime: number | undefined): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		// EPERM: alive, owned by someone else.
		if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
	}
	if (process.platform !== 'linux' || startTime === undefined) return true;
	const current = linuxStartTime(pid);
	return current === undefined || current === startTime;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), parsed after the last ')' as openclaw does. */
export function linuxStartTime(pid: number): number | undefined {
	try {
		const raw = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').trim();
		const close = raw.lastIndexOf(')');
		if (close < 0) return undefined;
		const value = Number.parseInt(
			raw
				.slice(close + 1)
				.trim()
				.split(/\s+/)[19] ?? '',
			10,
		);
		return Number.isFinite(value) ? value : undefined;
	} catch {
		return undefined;
	}
}
