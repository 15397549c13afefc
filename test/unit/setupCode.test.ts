import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPairingActionError } from '../../core/src/pairing/pairingActionError';
import {
	SETUP_CODE_TTL_MS,
	decodeSetupCode,
	formatCountdown,
	needsPublicUrl,
	nodePairCommand,
	parseSetupCodeReply,
	setupAccessLevels,
	setupCodeParams,
	setupLink,
} from '../../core/src/pairing/setupCode';
import { parseSetupEvent, parseSetupStatus } from '../../core/src/pairing/setupOutcome';

/** As the gateway's encodePairingSetupCode: base64url of the JSON, no padding. */
const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
const TOKEN = 'bootstrap-secret-value-1234';

describe('setupCodeParams per version', () => {
	test('2026.6.6 has no device.pair.setupCode: unsupported, with the version that has it', () => {
		assert.deepEqual(setupAccessLevels('2026.6.6'), []);
		assert.throws(
			() => setupCodeParams('2026.6.6', { access: 'limited' }),
			(e: unknown) => isPairingActionError(e) && e.failure === 'unsupported' && /2026\.7\.35/.test(e.message),
		);
	});
	test('JSON era (7.35): the closed schema has no bootstrapProfile; only limited', () => {
		assert.deepEqual(setupAccessLevels('2026.7.35'), ['limited']);
		assert.deepEqual(setupCodeParams('2026.7.35', { access: 'limited', publicUrl: 'ws://192.168.1.5:18789' }), {
			includeQr: false,
			publicUrl: 'ws://192.168.1.5:18789',
		});
		assert.throws(
			() => setupCodeParams('2026.7.35', { access: 'full' }),
			(e: unknown) => isPairingActionError(e) && e.failure === 'unsupported',
		);
	});
	test('8.1+: full is the default profile, limited/node are named', () => {
		for (const v of ['2026.8.1', '2026.9.6', undefined]) {
			assert.deepEqual(setupAccessLevels(v), ['full', 'limited', 'node']);
			assert.deepEqual(setupCodeParams(v, { access: 'full' }), { includeQr: false });
			assert.deepEqual(setupCodeParams(v, { access: 'limited' }), { includeQr: false, bootstrapProfile: 'limited' });
			assert.deepEqual(setupCodeParams(v, { access: 'node' }), { includeQr: false, bootstrapProfile: 'node' });
		}
	});
});

describe('decodeSetupCode', () => {
	test('code and oc-pair:// link decode alike', () => {
		const code = encode({ url: 'wss://gw.example.ts.net', bootstrapToken: TOKEN, expiresAtMs: 1_900_000_000_000, tlsFingerprint: 'ab:cd' });
		const want = { url: 'wss://gw.example.ts.net', bootstrapToken: TOKEN, expiresAtMs: 1_900_000_000_000, tlsFingerprint: 'ab:cd' };
		assert.deepEqual(decodeSetupCode(code), want);
		assert.deepEqual(decodeSetupCode(` ${setupLink(code)} `), want);
		assert.deepEqual(decodeSetupCode(`OC-PAIR://${code}`), want);
	});
	test('bad input: a clear message that never echoes the input', () => {
		const cases = [
			'',
			'not base64!',
			encode('a string'),
			encode({ url: 'http://x', bootstrapToken: TOKEN }),
			encode({ url: 'ws://x' }),
			encode({ url: 'ws://x', bootstrapToken: TOKEN, urls: [1] }),
			encode({ url: 'ws://x', bootstrapToken: TOKEN, expiresAtMs: -1 }),
		];
		for (const input of cases) {
			assert.throws(
				() => decodeSetupCode(input),
				(e: unknown) => e instanceof Error && !e.message.includes(TOKEN) && (input === '' || !e.message.includes(input)),
			);
		}
	});
});

describe('parseSetupCodeReply', () => {
	const now = 1_800_000_000_000;
	test('9.6 answer: setupId, expiry and access from the gateway', () => {
		const setupCode = encode({ url: 'ws://192.168.1.5:18789', bootstrapToken: TOKEN, expiresAtMs: now + 600_000 });
		const issued = parseSetupCodeReply(
			{
				setupId: 'S1',
				expiresAtMs: now + 600_000,
				setupCode,
				gatewayUrl: 'ws://192.168.1.5:18789',
				auth: 'token',
				urlSource: 'gateway.bind=lan',
				access: 'limited',
				accessDowngraded: true,
			},
			'full',
			now,
		);
		assert.deepEqual(issued, {
			setupCode,
			gatewayUrl: 'ws://192.168.1.5:18789',
			gatewayUrls: ['ws://192.168.1.5:18789'],
			auth: 'token',
			urlSource: 'gateway.bind=lan',
			access: 'limited',
			accessDowngraded: true,
			setupId: 'S1',
			expiresAtMs: now + 600_000,
			expiryEstimated: false,
		});
	});
	test('7.35 answer (no setupId, expiry or access): limited, expiry estimated at 10 minutes', () => {
		const setupCode = encode({ url: 'ws://127.0.0.1:1', bootstrapToken: TOKEN });
		const issued = parseSetupCodeReply({ setupCode, gatewayUrl: 'ws://127.0.0.1:1', auth: 'token', urlSource: 'request.publicUrl' }, 'limited', now);
		assert.equal(issued.access, 'limited');
		assert.equal(issued.expiresAtMs, now + SETUP_CODE_TTL_MS);
		assert.equal(issued.expiryEstimated, true);
		assert.equal(issued.setupId, undefined);
	});
	test('bad answers: PairingActionError("gateway") naming what is wrong, never the code or token', () => {
		const good = encode({ url: 'ws://a:1', bootstrapToken: TOKEN });
		const cases: unknown[] = [
			null,
			[],
			{},
			{ setupCode: 'x y' },
			{ setupCode: good, gatewayUrl: 'ws://other:1' },
			{ setupCode: good, gatewayUrl: 'ws://a:1' /* full asked, no access */ },
			{ setupCode: good, gatewayUrl: 'ws://a:1', access: 'full', setupId: 7 },
		];
		for (const reply of cases) {
			assert.throws(
				() => parseSetupCodeReply(reply, 'full', now),
				(e: unknown) =>
					isPairingActionError(e) && e.failure === 'gateway' && /unexpected answer/.test(e.message) && !e.message.includes(TOKEN) && !e.message.includes(good),
			);
		}
	});
});

test('links, commands, countdown, the loopback-only refusal', () => {
	assert.equal(setupLink('abc'), 'oc-pair://abc');
	assert.equal(nodePairCommand('abc'), 'openclaw node run --pair "oc-pair://abc"');
	assert.equal(formatCountdown(10_000 + 600_000, 10_000), '10:00');
	assert.equal(formatCountdown(10_000 + 59_001, 10_000), '1:00');
	assert.equal(formatCountdown(10_000 + 1, 10_000), '0:01');
	assert.equal(formatCountdown(10_000, 10_000), 'expired');
	assert.equal(needsPublicUrl(new Error('device.pair.setupCode: INVALID_REQUEST: Gateway is only bound to loopback. Set gateway.bind=lan…')), true);
	assert.equal(needsPublicUrl(new Error('something else')), false);
});

describe('setup outcomes', () => {
	const payload = { setupId: 'S1', deviceId: 'D1', deviceName: ' Pixel ', access: 'full', ts: 5 };
	test('events', () => {
		assert.deepEqual(parseSetupEvent('device.pair.setup.completed', payload), {
			kind: 'completed',
			setupId: 'S1',
			deviceId: 'D1',
			deviceName: 'Pixel',
			access: 'full',
			ts: 5,
		});
		assert.equal(parseSetupEvent('device.pair.setup.deliveryUncertain', payload)?.kind, 'deliveryUncertain');
		assert.equal(parseSetupEvent('device.pair.setup.completed', { ...payload, access: 'admin' }), undefined);
		assert.equal(parseSetupEvent('device.pair.requested', payload), undefined);
	});
	test('setupStatus', () => {
		assert.equal(parseSetupStatus({}, 'S1'), undefined);
		assert.equal((parseSetupStatus({ completion: payload }, 'S1') as { kind: string }).kind, 'completed');
		assert.equal((parseSetupStatus({ deliveryUncertain: payload }, 'S1') as { kind: string }).kind, 'deliveryUncertain');
		assert.ok(parseSetupStatus({ completion: payload }, 'S2') instanceof Error);
		assert.ok(parseSetupStatus({ completion: { setupId: 'S1' } }, 'S1') instanceof Error);
		assert.ok(parseSetupStatus('x', 'S1') instanceof Error);
	});
});
