import { createHash, generateKeyPairSync } from 'node:crypto';
import type { Range } from 'vscode-languageserver-types';

/**
 * Generated devices/paired.json files in the exact shape and formatting the JSON-era gateway writes
 * (src/infra/device-pairing.ts: `writeJson(path, map)` → `JSON.stringify(map, null, 2)`, no trailing newline),
 * field order as in buildApprovedPairedDevice. Keys are fresh Ed25519 keys; tokens, names and timestamps come from a
 * seeded hash, so a size always yields the same number of bytes and the same edit position.
 */

/** 2026-07-01T00:00:00Z: the JSON era (openclaw ≤ 2026.7.x); every timestamp lies before it. */
const BASE_MS = 1_782_864_000_000;
const DAY_MS = 86_400_000;

const CLI_SCOPES = ['operator.admin', 'operator.approvals', 'operator.pairing', 'operator.read', 'operator.write'];
const GATEWAY_CLIENT_SCOPES = ['operator.read', 'operator.write'];
const PLATFORMS = ['linux', 'darwin', 'win32'];

function seeded(label: string): Buffer {
	return createHash('sha256').update(`openclaw-pairing-bench:${label}`).digest();
}

/**
 * A fresh real Ed25519 key from node:crypto: the raw 32-byte public key (the last 32 bytes of its SPKI DER) as unpadded
 * base64url, and deviceId = sha256(raw) in hex, as OpenClaw derives it.
 *
 * The public key comes DER-encoded straight out of generateKeyPairSync. Not `keyObject.export({ format: 'jwk' })`:
 * on Node 20.20 that deadlocks now and then (ExportJWKEdKey holds the key's mutex while allocating a string, the
 * allocation triggers a GC, and the GC's weak callback ~KeyGenJob waits on the same mutex; seen here with gdb).
 * Not a seeded PKCS#8 import either (reproducible keys, but ~1 ms per key).
 */
export function deviceKey(): { publicKey: string; deviceId: string } {
	// Only the public key encoded (the private one stays a KeyObject): @types/node has no overload for that mix.
	const generate = generateKeyPairSync as unknown as (
		type: 'ed25519',
		options: { publicKeyEncoding: { type: 'spki'; format: 'der' } },
	) => { publicKey: Buffer };
	const spki = generate('ed25519', { publicKeyEncoding: { type: 'spki', format: 'der' } }).publicKey;
	if (spki.length !== 44) throw new Error('unexpected Ed25519 SPKI length');
	const raw = spki.subarray(12);
	return { publicKey: raw.toString('base64url'), deviceId: createHash('sha256').update(raw).digest('hex') };
}

/** One paired device, field order as the gateway builds it. */
export function pairedRecord(index: number): Record<string, unknown> {
	const r = seeded(`record:${index}`);
	const { publicKey, deviceId } = deviceKey();
	const cli = index % 3 !== 2; // two thirds CLI installs, one third backend gateway clients
	const scopes = cli ? CLI_SCOPES : GATEWAY_CLIENT_SCOPES;
	const createdAtMs = BASE_MS - 180 * DAY_MS + (r.readUIntBE(0, 6) % (150 * DAY_MS));
	const approvedAtMs = createdAtMs + (r.readUInt16BE(6) % 120_000);
	const lastUsedAtMs = approvedAtMs + (r.readUInt32BE(8) % (25 * DAY_MS));
	const host = `host-${r.readUInt16BE(17).toString(16).padStart(4, '0')}`;
	return {
		deviceId,
		publicKey,
		displayName: cli ? `openclaw-cli (${host})` : `gateway-client ${host}`,
		platform: PLATFORMS[r[12] % PLATFORMS.length],
		clientId: cli ? 'cli' : 'gateway-client',
		clientMode: cli ? 'cli' : 'backend',
		role: 'operator',
		roles: ['operator'],
		scopes: [...scopes],
		approvedScopes: [...scopes],
		remoteIp: cli ? '127.0.0.1' : `10.${r[13]}.${r[14]}.${1 + (r[15] % 254)}`,
		tokens: {
			operator: {
				token: seeded(`token:${index}`).toString('base64url'), // 32 bytes → 43 chars, like randomBytes(32)
				role: 'operator',
				scopes: [...scopes],
				createdAtMs: approvedAtMs,
				lastUsedAtMs,
			},
		},
		createdAtMs,
		approvedAtMs,
		lastSeenAtMs: lastUsedAtMs,
		lastSeenReason: r[16] % 4 === 0 ? 'connect' : 'device-token-auth',
	};
}

export interface GeneratedPairedFile {
	devices: number;
	text: string;
	/** deviceIds in file order. */
	keys: string[];
	bytes: number;
	lines: number;
	/** The record the benchmark edits (the middle one). */
	target: { index: number; deviceId: string };
	/** `operator.read` inside the target record's `scopes` array (without the quotes). */
	scopeRange: Range;
	/** The first character of the target record's publicKey value (without the opening quote). */
	publicKeyFirstChar: { range: Range; original: string };
}

export function generatePairedFile(devices: number): GeneratedPairedFile {
	const map: Record<string, unknown> = {};
	const keys: string[] = [];
	for (let i = 0; i < devices; i++) {
		const record = pairedRecord(i);
		keys.push(record.deviceId as string);
		map[record.deviceId as string] = record;
	}
	const text = JSON.stringify(map, null, 2);
	const index = Math.floor(devices / 2);
	const deviceId = keys[index];
	const recordAt = text.indexOf(`"${deviceId}": {`);
	const scopesAt = text.indexOf('"scopes": [', recordAt);
	const scopeAt = text.indexOf('"operator.read"', scopesAt) + 1;
	const publicKeyAt = text.indexOf('"publicKey": "', recordAt) + '"publicKey": "'.length;
	if (recordAt < 0 || scopesAt < 0 || scopeAt <= 0 || scopeAt > text.indexOf('"approvedScopes"', recordAt)) {
		throw new Error('generated file lacks the edit target');
	}
	const positions = new LineIndex(text);
	return {
		devices,
		text,
		keys,
		bytes: Buffer.byteLength(text),
		lines: positions.lineCount,
		target: { index, deviceId },
		scopeRange: { start: positions.positionAt(scopeAt), end: positions.positionAt(scopeAt + 'operator.read'.length) },
		publicKeyFirstChar: { range: { start: positions.positionAt(publicKeyAt), end: positions.positionAt(publicKeyAt + 1) }, original: text[publicKeyAt] },
	};
}

/** offset → LSP position (UTF-16 columns; the generated text is ASCII). */
export class LineIndex {
	private readonly starts: number[] = [0];

	constructor(text: string) {
		for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
	}

	get lineCount(): number {
		return this.starts.length;
	}

	positionAt(offset: number): { line: number; character: number } {
		let lo = 0;
		let hi = this.starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.starts[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		return { line: lo, character: offset - this.starts[lo] };
	}
}
