import { createHash, createPublicKey } from 'node:crypto';

/** OpenClaw's deviceId: lowercase hex sha256 of the raw 32-byte Ed25519 public key (deriveDeviceIdFromPublicKey). */
export function deviceIdFromPublicKey(publicKeyBase64Url: string): string | undefined {
	if (!/^[A-Za-z0-9_-]{43}$/.test(publicKeyBase64Url)) return undefined;
	const raw = Buffer.from(publicKeyBase64Url, 'base64url');
	if (raw.length !== 32) return undefined;
	return createHash('sha256').update(raw).digest('hex');
}

/** The raw Ed25519 key from an SPKI PEM, as unpadded base64url; undefined when it is not an Ed25519 public key. */
export function rawPublicKeyFromPem(pem: string): string | undefined {
	try {
		const key = createPublicKey(pem);
		if (key.asymmetricKeyType !== 'ed25519') return undefined;
		const der = key.export({ format: 'der', type: 'spki' });
		// SPKI for Ed25519 is a fixed 12-byte prefix followed by the 32-byte key.
		return der.subarray(der.length - 32).toString('base64url');
	} catch {
		return undefined;
	}
}
