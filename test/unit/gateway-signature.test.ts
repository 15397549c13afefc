// Identity + v3 signature against the test vector in protocol.md §3.6 (verified there against OpenClaw's own
// verifyDeviceSignature / buildDeviceAuthPayloadV3), plus the pure handshake/frame/error helpers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayConnectError, parsePairingCloseReason } from '../../core/src/gateway/errors';
import { parseIncomingFrame } from '../../core/src/gateway/frames';
import { buildConnectParams, parseChallenge } from '../../core/src/gateway/handshake';
import {
	decodePublicKey,
	generateDeviceIdentity,
	identityFromPems,
	identityFromPrivateKeyPem,
	identityFromSeed,
	publicKeyFingerprint,
	publicKeyPemFromRaw,
} from '../../core/src/gateway/identity';
import { buildDeviceAuthPayloadV3, normalizeDeviceMetadata, signPayload, verifyPayloadSignature } from '../../core/src/gateway/signature';

const SEED = Buffer.from('0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20', 'hex');
const VECTOR = {
	publicKey: 'ebVWLo_mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ',
	deviceId: '65b60673d6ed884bf01c2c222d82ada0740f29ac3355d6a925c81f17f47a27b8',
	payload:
		'v3|65b60673d6ed884bf01c2c222d82ada0740f29ac3355d6a925c81f17f47a27b8|gateway-client|ui|operator|' +
		'operator.read,operator.pairing|1790000000000|gw-shared-token-example|3f0c1d8e-5b7a-4c2e-9f61-0a2b3c4d5e6f|linux|',
	signature: 'k2dJ0x4BzN4JkhHGJ8dFkbm8jzqPUuSxvAi43MJ676fSiPjTOBIEyFBOxL7nOccHP0RfOty0pEn-LTEI66MWAg',
	nonce: '3f0c1d8e-5b7a-4c2e-9f61-0a2b3c4d5e6f',
	token: 'gw-shared-token-example',
	signedAt: 1790000000000,
};

describe('device identity (protocol.md §3.6)', () => {
	const identity = identityFromSeed(SEED);

	it('derives the raw base64url public key and the sha256 deviceId', () => {
		assert.equal(identity.publicKey, VECTOR.publicKey);
		assert.equal(identity.deviceId, VECTOR.deviceId);
		assert.equal(publicKeyFingerprint(VECTOR.publicKey), VECTOR.deviceId);
	});

	it('round-trips through PKCS8/SPKI PEM and accepts PEM or padded base64 public keys', () => {
		assert.match(identity.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
		assert.match(identity.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
		assert.deepEqual(identityFromPrivateKeyPem(identity.privateKeyPem), identity);
		assert.deepEqual(identityFromPems(identity.publicKeyPem, identity.privateKeyPem), identity);
		assert.equal(publicKeyPemFromRaw(VECTOR.publicKey), identity.publicKeyPem);
		assert.equal(publicKeyFingerprint(identity.publicKeyPem), VECTOR.deviceId);
		assert.equal(publicKeyFingerprint(decodePublicKey(VECTOR.publicKey).toString('base64')), VECTOR.deviceId);
	});

	it('rejects mismatched or malformed keys', () => {
		assert.throws(() => identityFromPems(generateDeviceIdentity().publicKeyPem, identity.privateKeyPem), /does not match/);
		assert.throws(() => publicKeyFingerprint('abc'), /32 bytes/);
		assert.throws(() => publicKeyFingerprint('not base64!'), /base64/);
	});

	it('generates fresh, distinct identities', () => {
		const a = generateDeviceIdentity();
		const b = generateDeviceIdentity();
		assert.notEqual(a.deviceId, b.deviceId);
		assert.match(a.deviceId, /^[0-9a-f]{64}$/);
		assert.match(a.publicKey, /^[A-Za-z0-9_-]{43}$/);
	});
});

describe('v3 signature (protocol.md §3.6)', () => {
	const identity = identityFromSeed(SEED);

	it('builds the exact payload, normalizing platform and deviceFamily', () => {
		const payload = buildDeviceAuthPayloadV3({
			deviceId: VECTOR.deviceId,
			clientId: 'gateway-client',
			clientMode: 'ui',
			role: 'operator',
			scopes: ['operator.read', 'operator.pairing'],
			signedAtMs: VECTOR.signedAt,
			token: VECTOR.token,
			nonce: VECTOR.nonce,
			platform: 'Linux',
		});
		assert.equal(payload, VECTOR.payload);
	});

	it('signs to the vector signature and verifies', () => {
		assert.equal(signPayload(identity.privateKeyPem, VECTOR.payload), VECTOR.signature);
		assert.ok(verifyPayloadSignature(VECTOR.publicKey, VECTOR.payload, VECTOR.signature));
		assert.ok(!verifyPayloadSignature(VECTOR.publicKey, VECTOR.payload.replace('linux', 'Linux'), VECTOR.signature));
	});

	it('normalizes only ASCII A-Z after trimming', () => {
		assert.equal(normalizeDeviceMetadata('  MacBook Pro '), 'macbook pro');
		assert.equal(normalizeDeviceMetadata('ÄPFEL'), 'Äpfel');
		assert.equal(normalizeDeviceMetadata(undefined), '');
		assert.equal(normalizeDeviceMetadata(42), '');
	});

	it('buildConnectParams signs with the challenge ts and the shared token first', () => {
		const challenge = parseChallenge({ nonce: VECTOR.nonce, ts: VECTOR.signedAt, capabilities: ['x'] });
		assert.ok(challenge);
		const params = buildConnectParams({
			client: { id: 'gateway-client', mode: 'ui', version: '1.0.0', platform: 'Linux' },
			role: 'operator',
			scopes: ['operator.read', 'operator.pairing'],
			auth: { token: VECTOR.token, deviceToken: 'device-token-ignored-for-signature' },
			identity,
			challenge,
		});
		assert.deepEqual(Object.keys(params), ['minProtocol', 'maxProtocol', 'client', 'caps', 'role', 'scopes', 'auth', 'device']);
		assert.deepEqual(params.device, {
			id: VECTOR.deviceId,
			publicKey: VECTOR.publicKey,
			signature: VECTOR.signature,
			signedAt: VECTOR.signedAt,
			nonce: VECTOR.nonce,
		});
		assert.equal(params.minProtocol, 4);
		assert.deepEqual(params.client, { id: 'gateway-client', version: '1.0.0', platform: 'Linux', mode: 'ui' });
	});

	it('omits auth and device when there is neither', () => {
		const params = buildConnectParams({
			client: { id: 'cli', mode: 'cli', version: '1', platform: 'linux' },
			role: 'operator',
			scopes: [],
			auth: {},
			identity: null,
			challenge: { nonce: 'n', ts: 1, capabilities: [] },
		});
		assert.equal('auth' in params, false);
		assert.equal('device' in params, false);
	});
});

describe('frames and errors', () => {
	it('parses frames without throwing on garbage', () => {
		assert.equal(parseIncomingFrame('{').ok, false);
		assert.equal(parseIncomingFrame('[]').ok, false);
		assert.equal(parseIncomingFrame('{"type":"req","id":"1","method":"x"}').ok, false);
		assert.equal(parseIncomingFrame('{"type":"res","id":"1","ok":false}').ok, false);
		const ev = parseIncomingFrame('{"type":"event","event":"tick","payload":{"ts":1},"seq":3}');
		assert.ok(ev.ok && ev.frame.type === 'event' && ev.frame.seq === 3);
		const res = parseIncomingFrame('{"type":"res","id":"a","ok":false,"error":{"code":"UNAVAILABLE","message":"m","retryable":true,"retryAfterMs":500}}');
		assert.ok(res.ok && res.frame.type === 'res' && res.frame.error?.retryAfterMs === 500);
	});

	it('parses pairing close reasons, including truncated ones', () => {
		assert.deepEqual(parsePairingCloseReason('pairing required: device is not approved yet (requestId: 0185cec4-ed01-456b-a446-544ef4384126)'), {
			message: 'device is not approved yet',
			reason: 'not-paired',
			requestId: '0185cec4-ed01-456b-a446-544ef4384126',
		});
		assert.deepEqual(parsePairingCloseReason('pairing required: device is asking for more scopes than currently approved (reque'), {
			message: 'device is asking for more scopes than currently approved (reque',
			reason: undefined,
			requestId: undefined,
		});
		assert.equal(parsePairingCloseReason('unauthorized: gateway token mismatch'), null);
	});

	it('GatewayConnectError prefers details, falls back to the close reason', () => {
		const fromDetails = new GatewayConnectError({
			kind: 'rejected',
			error: {
				code: 'NOT_PAIRED',
				message: 'pairing required: device is not approved yet',
				details: { code: 'PAIRING_REQUIRED', reason: 'not-paired', requestId: 'r1' },
			},
			close: { code: 1008, reason: 'pairing required: device is not approved yet (requestId: r1)' },
		});
		assert.equal(fromDetails.requestId, 'r1');
		assert.ok(fromDetails.pairingRequired);
		const fromClose = new GatewayConnectError({
			kind: 'closed',
			close: { code: 1008, reason: 'pairing required: device identity changed and must be re-approved (requestId: r2)' },
		});
		assert.equal(fromClose.detailCode, 'PAIRING_REQUIRED');
		assert.equal(fromClose.reason, 'metadata-upgrade');
		assert.equal(fromClose.requestId, 'r2');
		const starting = new GatewayConnectError({
			kind: 'rejected',
			error: { code: 'UNAVAILABLE', message: 'gateway starting; retry shortly', retryable: true, retryAfterMs: 500, details: { reason: 'startup-sidecars' } },
			close: { code: 1013, reason: 'gateway starting' },
		});
		assert.ok(starting.gatewayStarting);
		assert.equal(starting.retryAfterMs, 500);
	});
});
