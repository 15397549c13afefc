// Ed25519 device identity, byte-compatible with OpenClaw (src/infra/ed25519-signature.ts, device-identity.ts):
// wire publicKey = raw 32-byte key as unpadded base64url; deviceId = lowercase hex sha256 of that raw key.
import crypto from 'node:crypto';

/** DER prefixes that wrap a raw 32-byte Ed25519 key as SPKI / PKCS8 (RFC 8410). */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const RAW_KEY_LENGTH = 32;

export interface DeviceIdentity {
	/** sha256(raw public key), 64 lowercase hex chars. */
	readonly deviceId: string;
	/** Raw 32-byte public key, base64url without padding (43 chars): the `device.publicKey` wire value. */
	readonly publicKey: string;
	/** SPKI PEM, the form OpenClaw stores (`publicKeyPem`). */
	readonly publicKeyPem: string;
	/** PKCS8 PEM. SECRET: never log it. */
	readonly privateKeyPem: string;
}

export function generateDeviceIdentity(): DeviceIdentity {
	const { privateKey } = crypto.generateKeyPairSync('ed25519');
	return identityFromKeyObject(privateKey);
}

/** Rebuild an identity from its PKCS8 private key PEM (the public half is derived). */
export function identityFromPrivateKeyPem(privateKeyPem: string): DeviceIdentity {
	return identityFromKeyObject(crypto.createPrivateKey(privateKeyPem));
}

/** Rebuild an identity from a stored PEM pair; throws if the halves do not belong together. */
export function identityFromPems(publicKeyPem: string, privateKeyPem: string): DeviceIdentity {
	const identity = identityFromPrivateKeyPem(privateKeyPem);
	if (!rawPublicKeyFromPem(publicKeyPem).equals(Buffer.from(identity.publicKey, 'base64url'))) {
		throw new Error('public key does not match private key');
	}
	return identity;
}

/** Deterministic identity from a 32-byte seed (the raw PKCS8 private key), e.g. for test vectors. */
export function identityFromSeed(seed: Uint8Array): DeviceIdentity {
	if (seed.length !== RAW_KEY_LENGTH) throw new Error(`Ed25519 seed must be ${RAW_KEY_LENGTH} bytes`);
	const der = Buffer.concat([PKCS8_PREFIX, seed]);
	return identityFromKeyObject(crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
}

/** Raw 32-byte public key from an SPKI PEM. */
export function rawPublicKeyFromPem(publicKeyPem: string): Buffer {
	const key = crypto.createPublicKey(publicKeyPem);
	if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
	return rawFromSpki(key.export({ type: 'spki', format: 'der' }));
}

/**
 * Decode a public key in any form OpenClaw accepts on the wire (raw base64url, padded base64, or SPKI PEM)
 * to its raw 32 bytes. Throws on anything else.
 */
export function decodePublicKey(publicKey: string | Uint8Array): Buffer {
	if (typeof publicKey !== 'string') return checkLength(Buffer.from(publicKey));
	const text = publicKey.trim();
	if (text.startsWith('-----BEGIN')) return rawPublicKeyFromPem(text);
	if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new Error('public key is not base64/base64url');
	return checkLength(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** OpenClaw's device fingerprint: lowercase hex sha256 of the raw public key (== deviceId). */
export function publicKeyFingerprint(publicKey: string | Uint8Array): string {
	return crypto.createHash('sha256').update(decodePublicKey(publicKey)).digest('hex');
}

/** SPKI PEM for a raw 32-byte key (or its base64url form). */
export function publicKeyPemFromRaw(publicKey: string | Uint8Array): string {
	const der = Buffer.concat([SPKI_PREFIX, decodePublicKey(publicKey)]);
	return crypto.createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }).toString();
}

function identityFromKeyObject(privateKey: crypto.KeyObject): DeviceIdentity {
	if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
	const publicKey = crypto.createPublicKey(privateKey);
	const raw = rawFromSpki(publicKey.export({ type: 'spki', format: 'der' }));
	return {
		deviceId: crypto.createHash('sha256').update(raw).digest('hex'),
		publicKey: raw.toString('base64url'),
		publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
		privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
	};
}

function rawFromSpki(spki: Buffer): Buffer {
	if (spki.length !== SPKI_PREFIX.length + RAW_KEY_LENGTH || !spki.subarray(0, SPKI_PREFIX.length).equals(SPKI_PREFIX)) {
		throw new Error('not a canonical Ed25519 SPKI key');
	}
	return Buffer.from(spki.subarray(SPKI_PREFIX.length));
}

function checkLength(raw: Buffer): Buffer {
	if (raw.length !== RAW_KEY_LENGTH) throw new Error(`Ed25519 public key must be ${RAW_KEY_LENGTH} bytes, got ${raw.length}`);
	return raw;
}
