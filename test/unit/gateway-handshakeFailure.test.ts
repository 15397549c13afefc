// The handshake's failure mapping without a socket: what the socket saw when it closed (code, reason, the connect
// error response, the socket error) -> GatewayConnectError; the timeouts; pins that can't be used.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloseInfo, GatewayConnectError } from '../../core/src/gateway/errors';
import { ErrorShape } from '../../core/src/gateway/frames';
import { checkPin, closeToConnectError, connectAborted, handshakeTimeout } from '../../core/src/gateway/handshakeFailure';
import { TlsPinMismatch } from '../../core/src/gateway/tlsPin';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });
const PRESENTED = 'ab'.repeat(32);

interface Row {
	name: string;
	close: CloseInfo;
	rejection?: ErrorShape;
	socketError?: Error;
	want: Partial<
		Pick<
			GatewayConnectError,
			'kind' | 'message' | 'code' | 'detailCode' | 'reason' | 'requestId' | 'pairingRequired' | 'gatewayStarting' | 'tlsCode' | 'certFingerprint'
		>
	>;
}

const ROWS: Row[] = [
	{
		name: '1000 normal close',
		close: { code: 1000, reason: '' },
		want: { kind: 'closed', message: 'gateway closed the connection (1000)', pairingRequired: false, gatewayStarting: false },
	},
	{
		name: '1001 going away',
		close: { code: 1001, reason: 'going away' },
		want: { kind: 'closed', message: 'gateway closed the connection (1001 going away)', pairingRequired: false },
	},
	{ name: '1006 abnormal, no error', close: { code: 1006, reason: '' }, want: { kind: 'closed', pairingRequired: false, detailCode: undefined } },
	{
		name: '1008 pairing required with a request id',
		close: { code: 1008, reason: 'pairing required: device is not approved yet (requestId: 7f3a)' },
		want: { kind: 'closed', pairingRequired: true, detailCode: 'PAIRING_REQUIRED', reason: 'not-paired', requestId: '7f3a' },
	},
	{
		name: '1008 pairing required, truncated before the id',
		close: { code: 1008, reason: 'pairing required: device is asking for more scopes than currently approved' },
		want: { kind: 'closed', pairingRequired: true, reason: 'scope-upgrade', requestId: undefined },
	},
	{
		name: '1008 bare pairing required',
		close: { code: 1008, reason: 'pairing required' },
		want: { kind: 'closed', pairingRequired: true, reason: undefined, requestId: undefined },
	},
	{
		name: '1008 another policy reason',
		close: { code: 1008, reason: 'connect failed' },
		want: { kind: 'closed', pairingRequired: false, detailCode: undefined },
	},
	{
		name: '1013 try again later: the gateway is starting',
		close: { code: 1013, reason: 'gateway starting' },
		want: { kind: 'closed', gatewayStarting: true, pairingRequired: false },
	},
	{
		name: '4000 tick timeout (4000+ are application codes)',
		close: { code: 4000, reason: 'tick timeout' },
		want: { kind: 'closed', message: 'gateway closed the connection (4000 tick timeout)', pairingRequired: false, gatewayStarting: false },
	},
	{ name: '4008 application close', close: { code: 4008, reason: '' }, want: { kind: 'closed', pairingRequired: false } },
	{
		name: 'connect answered NOT_PAIRED, then 1008',
		close: { code: 1008, reason: 'pairing required: device is not approved yet (requestId: from-close)' },
		rejection: { code: 'NOT_PAIRED', message: 'pairing required', details: { code: 'PAIRING_REQUIRED', requestId: 'from-details', reason: 'role-upgrade' } },
		want: {
			kind: 'rejected',
			code: 'NOT_PAIRED',
			message: 'NOT_PAIRED: pairing required',
			pairingRequired: true,
			requestId: 'from-details',
			reason: 'role-upgrade',
		},
	},
	{
		name: 'connect answered AUTH_TOKEN_MISMATCH',
		close: { code: 1008, reason: 'unauthorized' },
		rejection: { code: 'INVALID_REQUEST', message: 'unauthorized: gateway token mismatch', details: { code: 'AUTH_TOKEN_MISMATCH' } },
		want: { kind: 'rejected', detailCode: 'AUTH_TOKEN_MISMATCH', pairingRequired: false },
	},
	{
		name: 'connect answered UNAVAILABLE retryable (startup sidecars)',
		close: { code: 1013, reason: '' },
		rejection: { code: 'UNAVAILABLE', message: 'gateway starting', retryable: true, details: { reason: 'startup-sidecars' } },
		want: { kind: 'rejected', gatewayStarting: true, reason: 'startup-sidecars' },
	},
	{
		name: "the gateway's answer wins over a socket error",
		close: { code: 1006, reason: '' },
		rejection: { code: 'INVALID_REQUEST', message: 'bad' },
		socketError: withCode('read ECONNRESET', 'ECONNRESET'),
		want: { kind: 'rejected', message: 'INVALID_REQUEST: bad' },
	},
	{
		name: 'ECONNREFUSED',
		close: { code: 1006, reason: '' },
		socketError: withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'),
		want: { kind: 'socket', message: 'connect ECONNREFUSED 127.0.0.1:9' },
	},
	{
		name: 'HTTP 403 at the upgrade',
		close: { code: 1006, reason: '' },
		socketError: new Error('Unexpected server response: 403'),
		want: { kind: 'socket', message: 'Unexpected server response: 403' },
	},
	{
		name: 'TLS: a self-signed certificate without a pin',
		close: { code: 1006, reason: '' },
		socketError: withCode('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'),
		want: {
			kind: 'tls',
			tlsCode: 'DEPTH_ZERO_SELF_SIGNED_CERT',
			message: "the gateway's TLS certificate was refused (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate); if you trust it, pin its sha256 fingerprint",
		},
	},
	{
		name: 'TLS: hostname mismatch',
		close: { code: 1006, reason: '' },
		socketError: withCode('Hostname/IP does not match', 'ERR_TLS_CERT_ALTNAME_INVALID'),
		want: { kind: 'tls', tlsCode: 'ERR_TLS_CERT_ALTNAME_INVALID' },
	},
	{
		name: 'TLS: not the pinned certificate',
		close: { code: 1006, reason: '' },
		socketError: new TlsPinMismatch(PRESENTED),
		want: {
			kind: 'tls',
			tlsCode: 'pin-mismatch',
			certFingerprint: 'AB:'.repeat(31) + 'AB',
			message: `the gateway's TLS certificate (sha256 ${'AB:'.repeat(31)}AB) does not match the pinned fingerprint`,
		},
	},
	{
		name: 'TLS: pinned, fingerprint unavailable',
		close: { code: 1006, reason: '' },
		socketError: new TlsPinMismatch(undefined),
		want: { kind: 'tls', tlsCode: 'pin-mismatch', certFingerprint: undefined },
	},
];

describe('closeToConnectError: the socket closed before hello-ok', () => {
	for (const row of ROWS) {
		it(row.name, () => {
			const error = closeToConnectError({ close: row.close, rejection: row.rejection, socketError: row.socketError });
			assert.ok(error instanceof GatewayConnectError);
			const got = Object.fromEntries(Object.keys(row.want).map((key) => [key, error[key as keyof typeof row.want]]));
			assert.deepEqual(got, row.want);
			assert.deepEqual(error.close, row.close, 'the close code and reason are kept');
			if (row.socketError && !row.rejection) assert.equal(error.cause, row.socketError);
		});
	}
});

describe('handshake timeouts and aborts', () => {
	it('no challenge: 1008 connect challenge timeout', () => {
		const { error, close } = handshakeTimeout('challenge', 15_000);
		assert.equal(error.kind, 'timeout');
		assert.equal(error.message, 'no connect.challenge within 15000 ms');
		assert.deepEqual(close, { code: 1008, reason: 'connect challenge timeout' });
	});
	it('no hello-ok after our connect: 1008 connect timeout', () => {
		const { error, close } = handshakeTimeout('hello', 250);
		assert.equal(error.kind, 'timeout');
		assert.equal(error.message, 'no hello-ok within 250 ms');
		assert.deepEqual(close, { code: 1008, reason: 'connect timeout' });
	});
	it('aborted', () => {
		const error = connectAborted();
		assert.equal(error.kind, 'aborted');
		assert.equal(error.message, 'connect aborted');
		assert.equal(error.pairingRequired, false);
	});
});

describe('checkPin', () => {
	it('no pin: undefined; a usable pin is normalized', () => {
		assert.equal(checkPin('wss://gw.example:443', undefined), undefined);
		assert.equal(checkPin('wss://gw.example:443', '  '), undefined);
		assert.equal(checkPin('wss://gw.example:443', `sha256:${'AB:'.repeat(31)}AB`), PRESENTED);
	});
	it('an unusable pin is a tls connect error', () => {
		const invalid = checkPin('wss://gw.example:443', 'not-a-fingerprint');
		assert.ok(invalid instanceof GatewayConnectError);
		assert.equal(invalid.kind, 'tls');
		assert.equal(invalid.tlsCode, 'pin-invalid');
		const plaintext = checkPin('ws://127.0.0.1:18789', PRESENTED);
		assert.ok(plaintext instanceof GatewayConnectError);
		assert.equal(plaintext.tlsCode, 'pin-needs-wss');
	});
});
