// The signed device proof of the connect handshake (packages/gateway-client/src/device-auth.ts;
// server side: resolveDeviceSignaturePayloadVersion). One byte off and the gateway answers
// DEVICE_AUTH_SIGNATURE_INVALID, so this mirrors the shipped builder exactly.
import crypto from 'node:crypto';
import { DeviceIdentity, decodePublicKey, publicKeyPemFromRaw } from './identity';

export interface DeviceAuthPayloadInput {
	deviceId: string;
	clientId: string;
	clientMode: string;
	role: string;
	/** In the exact order sent in connect.params.scopes. */
	scopes: readonly string[];
	signedAtMs: number;
	/** auth.token ?? auth.deviceToken ?? auth.bootstrapToken (never a password); absent -> "". */
	token?: string | null;
	nonce: string;
	platform?: string | null;
	deviceFamily?: string | null;
}

/** The `device` object of connect params. */
export interface SignedDeviceProof {
	id: string;
	publicKey: string;
	signature: string;
	signedAt: number;
	nonce: string;
}

/** trim(), then lowercase ASCII A-Z only (non-ASCII letters are kept as is); non-strings -> "". */
export function normalizeDeviceMetadata(value: unknown): string {
	if (typeof value !== 'string') return '';
	return value.trim().replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** `v3|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce|platform|deviceFamily` */
export function buildDeviceAuthPayloadV3(p: DeviceAuthPayloadInput): string {
	return [
		'v3',
		p.deviceId,
		p.clientId,
		p.clientMode,
		p.role,
		p.scopes.join(','),
		String(p.signedAtMs),
		p.token ?? '',
		p.nonce,
		normalizeDeviceMetadata(p.platform),
		normalizeDeviceMetadata(p.deviceFamily),
	].join('|');
}

/** Ed25519 signature over the UTF-8 payload, base64url without padding. */
export function signPayload(privateKeyPem: string, payload: string): string {
	return crypto.sign(null, Buffer.from(payload, 'utf8'), crypto.createPrivateKey(privateKeyPem)).toString('base64url');
}

/** Verify like the gateway does (permissive base64url decode of the signature). */
export function verifyPayloadSignature(publicKey: string, payload: string, signature: string): boolean {
	try {
		const key = crypto.createPublicKey(publicKeyPemFromRaw(decodePublicKey(publicKey)));
		const sig = Buffer.from(signature.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
		return crypto.verify(null, Buffer.from(payload, 'utf8'), key, sig);
	} catch {
		return false;
	}
}

/** Build and sign the `device` proof for one connect attempt. */
export function signDeviceProof(identity: DeviceIdentity, input: Omit<DeviceAuthPayloadInput, 'deviceId'>): SignedDeviceProof {
	const payload = buildDeviceAuthPayloadV3({ ...input, deviceId: identity.deviceId });
	return {
		id: identity.deviceId,
		publicKey: identity.publicKey,
		signature: signPayload(identity.privateKeyPem, payload),
		signedAt: input.signedAtMs,
		nonce: input.nonce,
	};
}
