// The device identity rules the files are checked against are the protocol client's own (core/src/gateway/identity.ts,
// byte-compatible with OpenClaw), so the language server and the gateway client can never disagree on a deviceId.
import { publicKeyFingerprint, rawPublicKeyFromPem as rawKeyFromPem } from '../../../core/src/gateway/identity';

/** OpenClaw's deviceId for a stored publicKey; undefined unless it is the stored form (unpadded base64url, 32 bytes). */
export function deviceIdFromPublicKey(publicKeyBase64Url: string): string | undefined {
	return /^[A-Za-z0-9_-]{43}$/.test(publicKeyBase64Url) ? publicKeyFingerprint(publicKeyBase64Url) : undefined;
}

/** The raw Ed25519 key from an SPKI PEM, as unpadded base64url; undefined when it is not an Ed25519 public key. */
export function rawPublicKeyFromPem(pem: string): string | undefined {
	try {
		return rawKeyFromPem(pem).toString('base64url');
	} catch {
		return undefined;
	}
}
