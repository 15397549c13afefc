// What a state dir on this machine says about pairing, for the doctor. The caller passes the file access (the CLI
// and the extension use node:fs), so this stays testable without a disk. Private keys are never kept: only the
// identity file's deviceId and public key are read out of it.
import crypto from 'node:crypto';
import path from 'node:path';
import { decodePublicKey } from '../gateway/identity';
import { pairingFileRelativePath, sqliteStorePath } from '../openclaw/stateLayout';

export interface StateFs {
	exists(path: string): boolean;
	/** The file's text, undefined when it cannot be read or is larger than maxBytes. */
	readText(path: string, maxBytes: number): string | undefined;
}

export interface StateFacts {
	stateDir: string;
	/** `sqlite`: state/openclaw.sqlite exists (2026.8+ owns pairing); `json`: devices/paired.json and no SQLite store. */
	era: 'json' | 'sqlite' | 'unknown';
	/** identity/device.json, identity/device-auth.json found while the SQLite store exists (relative paths). */
	legacyIdentityFiles: string[];
	/** identity/device.json's device (the state dir's own: the openclaw CLI signs with it), public parts only. */
	identity?: { deviceId: string; publicKey: string; deviceIdMatchesKey: boolean };
}

const MAX_IDENTITY_BYTES = 64 * 1024;

export function collectStateFacts(stateDir: string, fs: StateFs): StateFacts {
	const join = (rel: string) => path.join(stateDir, rel);
	const sqlite = fs.exists(sqliteStorePath(stateDir));
	const pairedPath = join(pairingFileRelativePath('paired'));
	const era = sqlite ? 'sqlite' : fs.exists(pairedPath) ? 'json' : 'unknown';
	const identityFiles = (['device', 'device-auth'] as const).map(pairingFileRelativePath);
	const facts: StateFacts = { stateDir, era, legacyIdentityFiles: sqlite ? identityFiles.filter((rel) => fs.exists(join(rel))) : [] };
	const identity = readIdentity(fs.readText(join(identityFiles[0]), MAX_IDENTITY_BYTES));
	if (identity) facts.identity = identity;
	return facts;
}

/** identity/device.json ({version, deviceId, publicKeyPem, privateKeyPem}): its public half only. */
function readIdentity(text: string | undefined): StateFacts['identity'] {
	const parsed = parse(text);
	if (!parsed || typeof parsed.deviceId !== 'string' || typeof parsed.publicKeyPem !== 'string') return undefined;
	let raw: Buffer;
	try {
		raw = decodePublicKey(parsed.publicKeyPem);
	} catch {
		return undefined;
	}
	const deviceId = parsed.deviceId.trim().toLowerCase();
	return { deviceId, publicKey: raw.toString('base64url'), deviceIdMatchesKey: crypto.createHash('sha256').update(raw).digest('hex') === deviceId };
}

function parse(text: string | undefined): Record<string, unknown> | undefined {
	if (text === undefined) return undefined;
	try {
		const value = JSON.parse(text) as unknown;
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}
