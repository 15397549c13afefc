// The doctor's line recogniser: every line it knows, as the real gateways (2026.6.6, 2026.9.6) and their clients
// printed them (captured by hand and by test/gateway/doctor.test.ts), JSON error objects, unknown lines, and inputs
// that must stay fast and safe (1 MB, patterns built to backtrack).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { knownExamples } from '../../core/src/doctor/knownErrors';
import { MAX_LINE_CHARS, recogniseLine, RecognisedLine } from '../../core/src/doctor/recognise';

const REQ = '17fc9d52-036e-49ad-abdf-27d8cc63bd50';
const DEV = '64913c69db6955d8f8b03b10c4cb742fa0edeab3b7ebca8967d55708ee00430b';

function known(line: string): RecognisedLine {
	const r = recogniseLine(line);
	assert.ok(r.recognised, `recognised: ${line.slice(0, 120)}`);
	return r;
}

/** [line, expected subset] — every line is real output. */
const LINES: [string, Partial<RecognisedLine>][] = [
	['Disconnected (1008): pairing required', { kind: 'pairing-required', closeCode: 1008 }],
	['disconnected (1008): pairing required: device is not approved yet', { kind: 'pairing-required', pairingReason: 'not-paired', closeCode: 1008 }],
	[
		// The 2026.6.6 openclaw CLI after `devices approve <node request>`: the close reason cut at 120 bytes.
		'[openclaw] Reason: gateway closed (1008): pairing required: device is asking for more scopes than currently approved (requestId: 17fc9d52-036e-49ad-abdf-27d8cc63b',
		{ kind: 'pairing-required', pairingReason: 'scope-upgrade', requestIdPrefix: '17fc9d52-036e-49ad-abdf-27d8cc63b', closeCode: 1008 },
	],
	[
		`gateway connect failed: GatewayClientRequestError: scope upgrade pending approval (requestId: ${REQ})`,
		{ kind: 'pairing-required', pairingReason: 'scope-upgrade', requestId: REQ },
	],
	[`pairing required: device is not approved yet (requestId: ${REQ})`, { kind: 'pairing-required', pairingReason: 'not-paired', requestId: REQ }],
	['pairing required: device is not approved yet (requestId: 1c6d…)', { kind: 'pairing-required', requestIdPrefix: '1c6d' }],
	[
		`pairing required: device is asking for a higher role than currently approved (requestId: ${REQ})`,
		{ kind: 'pairing-required', pairingReason: 'role-upgrade', requestId: REQ },
	],
	['pairing required: device identity changed and must be re-approved', { kind: 'pairing-required', pairingReason: 'metadata-upgrade' }],
	['unauthorized: device token mismatch (rotate/reissue device token)', { kind: 'device-token-mismatch' }],
	['AUTH_DEVICE_TOKEN_MISMATCH', { kind: 'device-token-mismatch', matched: 'AUTH_DEVICE_TOKEN_MISMATCH' }],
	['device token mismatch', { kind: 'device-token-mismatch' }],
	['unauthorized: device token rejected (pair/repair this device, or provide gateway token)', { kind: 'device-token-rejected' }],
	['unauthorized: device token scope mismatch (re-pair or approve scope upgrade)', { kind: 'token-scope-mismatch' }],
	['AUTH_SCOPE_MISMATCH', { kind: 'token-scope-mismatch' }],
	['device token scope mismatch (re-pair or approve scope upgrade)', { kind: 'token-scope-mismatch' }],
	['missing scope: operator.admin', { kind: 'missing-scope', scope: 'operator.admin' }],
	['AUTH_TOKEN_MISMATCH / unauthorized: gateway token mismatch', { kind: 'shared-token-mismatch', matched: 'AUTH_TOKEN_MISMATCH' }],
	['unauthorized: gateway token mismatch (provide gateway auth token)', { kind: 'shared-token-mismatch' }],
	[
		'openclaw-pairing: the gateway refused the token (AUTH_TOKEN_MISMATCH): INVALID_REQUEST: unauthorized: gateway token mismatch (provide gateway auth token)',
		{ kind: 'shared-token-mismatch' },
	],
	["unauthorized: gateway token missing (use this gateway's gateway.auth.token or pair the device)", { kind: 'shared-token-missing' }],
	['unauthorized: too many failed authentication attempts (retry later)', { kind: 'rate-limited' }],
	['DEVICE_AUTH_SIGNATURE_INVALID', { kind: 'signature-invalid' }],
	['device signature invalid', { kind: 'signature-invalid' }],
	['DEVICE_AUTH_DEVICE_ID_MISMATCH', { kind: 'device-id-mismatch' }],
	['INVALID_REQUEST: device identity mismatch', { kind: 'device-id-mismatch' }],
	['device signature expired', { kind: 'signature-expired' }],
	['CONTROL_UI_ORIGIN_NOT_ALLOWED', { kind: 'origin-not-allowed' }],
	['origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)', { kind: 'origin-not-allowed' }],
	['control ui requires device identity (use HTTPS or localhost secure context)', { kind: 'device-identity-required' }],
	['gateway closed (4001): client invalidated: device-token-revoked', { kind: 'client-invalidated', invalidation: 'device-token-revoked', closeCode: 4001 }],
	['client invalidated: device-pair-removed', { kind: 'client-invalidated', invalidation: 'device-pair-removed' }],
	[
		'Error: Legacy device identity exists at /home/me/.openclaw/identity/device.json. Run "openclaw doctor --fix" before starting the gateway or connecting this client.',
		{ kind: 'legacy-identity', legacyPath: '/home/me/.openclaw/identity/device.json' },
	],
	['Legacy device auth requires migration; stop the Gateway and run `openclaw doctor --fix`.', { kind: 'legacy-device-auth' }],
	['\x1b[31mgateway closed (1008): pairing required: device is not approved yet\x1b[39m', { kind: 'pairing-required', pairingReason: 'not-paired' }],
];

describe('doctor: recognising error lines', () => {
	for (const [line, expected] of LINES) {
		test(line.slice(0, 100), () => {
			const r = known(line);
			for (const [key, value] of Object.entries(expected)) assert.deepEqual(r[key as keyof RecognisedLine], value, `${key} of ${line}`);
			assert.equal(r.source, 'text');
			assert.equal(r.truncated, false);
		});
	}

	test('a whole res frame (2026.9.6 scope upgrade): reason, ids, requested vs approved from details', () => {
		const frame = JSON.stringify({
			type: 'res',
			id: 'r1',
			ok: false,
			error: {
				code: 'NOT_PAIRED',
				message: 'pairing required: device is asking for more scopes than currently approved',
				details: {
					code: 'PAIRING_REQUIRED',
					reason: 'scope-upgrade',
					requestId: REQ,
					deviceId: DEV,
					requestedRole: 'operator',
					requestedScopes: ['operator.read', 'operator.write'],
					approvedRoles: ['operator'],
					approvedScopes: ['operator.read'],
					recommendedNextStep: 'wait_then_retry',
					pauseReconnect: false,
				},
			},
		});
		const r = known(frame);
		assert.equal(r.source, 'json');
		assert.equal(r.kind, 'pairing-required');
		assert.equal(r.matched, 'PAIRING_REQUIRED');
		assert.equal(r.pairingReason, 'scope-upgrade');
		assert.equal(r.requestId, REQ);
		assert.equal(r.deviceId, DEV);
		assert.deepEqual(r.requestedScopes, ['operator.read', 'operator.write']);
		assert.deepEqual(r.approvedScopes, ['operator.read']);
		assert.deepEqual(r.approvedRoles, ['operator']);
		assert.equal(r.recommendedNextStep, 'wait_then_retry');
		assert.equal(r.pauseReconnect, false);
	});

	test('a capture line ({"t":…,"frame":{…}}), the error object alone and a bare details object', () => {
		const capture =
			'{"t":48,"who":"device","dir":"in","frame":{"type":"res","id":"r28163-6","ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: device token scope mismatch (re-pair or approve scope upgrade)","details":{"code":"AUTH_SCOPE_MISMATCH","authReason":"scope_mismatch","canRetryWithDeviceToken":false,"recommendedNextStep":"review_auth_configuration"}}}}';
		const r = known(capture);
		assert.equal(r.kind, 'token-scope-mismatch');
		assert.equal(r.source, 'json');
		assert.equal(r.recommendedNextStep, 'review_auth_configuration');
		assert.equal(r.canRetryWithDeviceToken, false);

		const error = known(
			'{"code":"INVALID_REQUEST","message":"unauthorized: gateway token mismatch (provide gateway auth token)","details":{"code":"AUTH_TOKEN_MISMATCH","canRetryWithDeviceToken":true,"recommendedNextStep":"retry_with_device_token"}}',
		);
		assert.equal(error.kind, 'shared-token-mismatch');
		assert.equal(error.canRetryWithDeviceToken, true);

		const bare = known(`{"code":"PAIRING_REQUIRED","reason":"not-paired","requestId":"${REQ}"}`);
		assert.equal(bare.kind, 'pairing-required');
		assert.equal(bare.pairingReason, 'not-paired');
		assert.equal(bare.requestId, REQ);

		const sixSix = known('{"type":"res","id":"r28163-7","ok":false,"error":{"code":"INVALID_REQUEST","message":"missing scope: operator.admin"}}');
		assert.equal(sixSix.kind, 'missing-scope');
		assert.equal(sixSix.scope, 'operator.admin');

		const nine = known(
			'{"code":"FORBIDDEN","message":"missing scope: operator.admin","details":{"code":"MISSING_SCOPE","missingScope":"operator.admin","requiredScopes":["operator.admin"]}}',
		);
		assert.equal(nine.kind, 'missing-scope');
		assert.equal(nine.scope, 'operator.admin');
	});

	test('a JSON error in a log line between other text; an unknown recommendedNextStep is dropped', () => {
		const r = known(
			`12:00:01 warn gateway answered {"code":"NOT_PAIRED","message":"pairing required","details":{"code":"PAIRING_REQUIRED","requestId":"${REQ}","recommendedNextStep":"rm -rf /"}} retrying`,
		);
		assert.equal(r.source, 'json');
		assert.equal(r.requestId, REQ);
		assert.equal(r.recommendedNextStep, undefined);
	});

	test('details.code wins over words in the text; a code inside a longer code does not count', () => {
		assert.equal(known('{"message":"device token mismatch","details":{"code":"AUTH_SCOPE_MISMATCH"}}').kind, 'token-scope-mismatch');
		assert.equal(known('X_AUTH_DEVICE_TOKEN_MISMATCH_Y device token scope mismatch').kind, 'token-scope-mismatch');
	});

	test('a complete request id wins over a cut one in the same paste', () => {
		const paste = [
			`gateway connect failed: GatewayClientRequestError: scope upgrade pending approval (requestId: ${REQ})`,
			'[openclaw] Reason: gateway closed (1008): pairing required: device is asking for more scopes than currently approved (requestId: 17fc9d52-036e-49ad-abdf-27d8cc63b',
		].join('\n');
		const r = known(paste);
		assert.equal(r.requestId, REQ);
		assert.equal(r.requestIdPrefix, undefined);
	});

	test('unknown and empty lines: not recognised, with the list of what is known (never a guess)', () => {
		for (const line of ['the printer is on fire', 'ECONNREFUSED 127.0.0.1:18789', 'pairing', '{"code":"SOMETHING_ELSE","message":"nope"}', '{not json']) {
			const r = recogniseLine(line);
			assert.equal(r.recognised, false, line);
			assert.ok(!r.recognised && r.why === 'unknown');
			assert.deepEqual(!r.recognised && r.known, knownExamples());
		}
		for (const line of ['', '   \n\t ']) {
			const r = recogniseLine(line);
			assert.ok(!r.recognised && r.why === 'empty', JSON.stringify(line));
		}
		assert.ok(knownExamples().length >= 15);
		for (const example of knownExamples()) assert.ok(recogniseLine(example).recognised, `its own example is recognised: ${example}`);
	});

	test('1 MB inputs are fast and safe: capped, start and end read, no backtracking blow-up', () => {
		const MB = 1024 * 1024;
		const cases: [string, string, boolean][] = [
			['1 MB of x, error at the end', `${'x'.repeat(MB)} unauthorized: device token mismatch`, true],
			['error at the start, then 1 MB', `pairing required: device is not approved yet (requestId: ${REQ}) ${'y'.repeat(MB)}`, true],
			['1 MB of "requestId: a"', 'requestId: a'.repeat(MB / 12), false],
			['1 MB of "{"', '{'.repeat(MB), false],
			['1 MB of spaces after "missing scope:"', `missing scope:${' '.repeat(MB)}`, true],
			['1 MB of A_', 'A_'.repeat(MB / 2), false],
			['1 MB JSON array', `[${'1,'.repeat(MB / 2)}1]`, false],
			['deeply nested JSON', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`, false],
			['legacy path without its end', `Legacy device identity exists at ${'/a'.repeat(MB / 2)}`, true],
			['1 MB of 64-hex-ish', 'a'.repeat(MB), false],
		];
		for (const [name, input, recognised] of cases) {
			const t0 = performance.now();
			const r = recogniseLine(input);
			const ms = performance.now() - t0;
			assert.equal(r.recognised, recognised, name);
			assert.equal(r.truncated, input.length > MAX_LINE_CHARS, name);
			assert.ok(ms < 250, `${name}: ${ms.toFixed(1)} ms`);
		}
		const middle = recogniseLine(`${'x'.repeat(MB)} device token mismatch ${'x'.repeat(MB)}`);
		assert.equal(middle.recognised, false, 'the middle of a huge paste is not read');
	});
});
