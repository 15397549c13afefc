// What a failed connect attempt means for the pairing service (which state, how soon to retry), table-driven from
// what the socket saw, through the gateway's close mapping (closeToConnectError / handshakeTimeout).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayConnectError } from '../../core/src/gateway/errors';
import { closeToConnectError, connectAborted, handshakeTimeout } from '../../core/src/gateway/handshakeFailure';
import { TlsPinMismatch } from '../../core/src/gateway/tlsPin';
import { ConnectFailure, classifyConnectFailure } from '../../core/src/pairing/connectFailure';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

const ROWS: [string, unknown, ConnectFailure][] = [
	['aborted by stop()', connectAborted(), { kind: 'aborted' }],
	[
		'1000 before hello-ok',
		closeToConnectError({ close: { code: 1000, reason: '' } }),
		{ kind: 'down', message: 'gateway closed the connection (1000)', unreachable: false },
	],
	[
		'1001 going away',
		closeToConnectError({ close: { code: 1001, reason: 'going away' } }),
		{ kind: 'down', message: 'gateway closed the connection (1001 going away)', unreachable: false },
	],
	[
		'1006 without an error',
		closeToConnectError({ close: { code: 1006, reason: '' } }),
		{ kind: 'down', message: 'gateway closed the connection (1006)', unreachable: false },
	],
	[
		'1008 pairing required (requestId)',
		closeToConnectError({ close: { code: 1008, reason: 'pairing required: device is not approved yet (requestId: r-1)' } }),
		{ kind: 'awaitingPairing', requestId: 'r-1', reason: 'not-paired' },
	],
	[
		'1008 pairing required, id truncated away',
		closeToConnectError({ close: { code: 1008, reason: 'pairing required: device is asking for a higher role than currently approved' } }),
		{ kind: 'awaitingPairing', requestId: undefined, reason: 'role-upgrade' },
	],
	[
		'1008 other policy',
		closeToConnectError({ close: { code: 1008, reason: 'origin not allowed' } }),
		{ kind: 'down', message: 'gateway closed the connection (1008 origin not allowed)', unreachable: false },
	],
	[
		'4000 tick timeout',
		closeToConnectError({ close: { code: 4000, reason: 'tick timeout' } }),
		{ kind: 'down', message: 'gateway closed the connection (4000 tick timeout)', unreachable: false },
	],
	[
		'NOT_PAIRED answer',
		closeToConnectError({
			close: { code: 1008, reason: '' },
			rejection: { code: 'NOT_PAIRED', message: 'pairing required', details: { requestId: 'r-2', reason: 'scope-upgrade' } },
		}),
		{ kind: 'awaitingPairing', requestId: 'r-2', reason: 'scope-upgrade' },
	],
	[
		'AUTH_TOKEN_MISMATCH answer with retryAfterMs',
		closeToConnectError({
			close: { code: 1008, reason: '' },
			rejection: { code: 'INVALID_REQUEST', message: 'unauthorized', retryAfterMs: 60_000, details: { code: 'AUTH_TOKEN_MISMATCH' } },
		}),
		{ kind: 'authFailed', code: 'AUTH_TOKEN_MISMATCH', message: 'INVALID_REQUEST: unauthorized', retryAfterMs: 60_000 },
	],
	[
		'a non-AUTH refusal',
		closeToConnectError({
			close: { code: 1008, reason: '' },
			rejection: { code: 'INVALID_REQUEST', message: 'device signature invalid', details: { code: 'DEVICE_AUTH_SIGNATURE_INVALID' } },
		}),
		{ kind: 'down', message: 'INVALID_REQUEST: device signature invalid', unreachable: false },
	],
	[
		'ECONNREFUSED',
		closeToConnectError({ close: { code: 1006, reason: '' }, socketError: withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED') }),
		{ kind: 'down', message: 'cannot reach the gateway (connect ECONNREFUSED 127.0.0.1:9)', unreachable: true },
	],
	[
		'TLS verification',
		closeToConnectError({ close: { code: 1006, reason: '' }, socketError: withCode('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT') }),
		{
			kind: 'tlsRefused',
			message: "the gateway's TLS certificate was refused (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate); if you trust it, pin its sha256 fingerprint",
		},
	],
	[
		'TLS pin mismatch',
		closeToConnectError({ close: { code: 1006, reason: '' }, socketError: new TlsPinMismatch(undefined) }),
		{ kind: 'tlsRefused', message: "the gateway's TLS certificate fingerprint is unavailable" },
	],
	[
		'no challenge in time',
		handshakeTimeout('challenge', 2_000).error,
		{ kind: 'down', message: 'no answer from the gateway (no connect.challenge within 2000 ms)', unreachable: true },
	],
	[
		'no hello-ok in time',
		handshakeTimeout('hello', 2_000).error,
		{ kind: 'down', message: 'no answer from the gateway (no hello-ok within 2000 ms)', unreachable: true },
	],
	[
		'a protocol problem',
		new GatewayConnectError({ kind: 'protocol', message: 'connect challenge missing nonce' }),
		{ kind: 'down', message: 'connect challenge missing nonce', unreachable: false },
	],
	['not a connect error at all', new Error('boom'), { kind: 'down', message: 'boom', unreachable: true }],
];

describe('classifyConnectFailure', () => {
	for (const [name, error, want] of ROWS) test(name, () => assert.deepEqual(classifyConnectFailure(error), want));
});
