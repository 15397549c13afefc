import { createHash, generateKeyPairSync } from 'node:crypto';

export const NOW = 1_795_543_900_000;

/** A fresh Ed25519 key in paired.json form: raw key base64url and its sha256 deviceId. */
export function newDeviceKey(): { publicKey: string; deviceId: string } {
	const { publicKey } = generateKeyPairSync('ed25519');
	const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
	return { publicKey: raw.toString('base64url'), deviceId: createHash('sha256').update(raw).digest('hex') };
}

export type PairedRecord = Record<string, unknown>;

/** A paired device as the 2026.6.6 gateway writes it, with overrides. */
export function pairedDevice(overrides: PairedRecord = {}, key = newDeviceKey()): PairedRecord {
	const scopes = ['operator.admin', 'operator.pairing', 'operator.read'];
	return {
		deviceId: key.deviceId,
		publicKey: key.publicKey,
		platform: 'linux',
		clientId: 'cli',
		clientMode: 'cli',
		role: 'operator',
		roles: ['operator'],
		scopes,
		approvedScopes: scopes,
		tokens: {
			operator: {
				token: 'Q2hhbmdlTWUtZmFrZS10b2tlbi0wMTIzNDU2Nzg5YWJj',
				role: 'operator',
				scopes: ['operator.admin', 'operator.pairing', 'operator.read', 'operator.write'],
				createdAtMs: NOW - 5000,
			},
		},
		createdAtMs: NOW - 5000,
		approvedAtMs: NOW - 5000,
		lastSeenAtMs: NOW - 1000,
		lastSeenReason: 'connect',
		...overrides,
	};
}

/** paired.json text (2-space JSON, as the gateway writes it) from records keyed by their deviceId. */
export function pairedFile(...records: PairedRecord[]): string {
	const map: Record<string, PairedRecord> = {};
	for (const r of records) map[String(r.deviceId)] = r;
	return JSON.stringify(map, null, 2);
}
