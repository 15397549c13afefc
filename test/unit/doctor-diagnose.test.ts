// The doctor's diagnosis on snapshots shaped like the real device.pair.list answers (2026.6.6 / 2026.9.6): the
// reason and the one fix, for every reason it names, and the state dir's facts. The real-gateway runs of the same
// cases are test/gateway/doctor.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnosis, DoctorContext, LiveView } from '../../core/src/doctor/diagnosis';
import { diagnose, diagnoseAll, needsLiveLists } from '../../core/src/doctor/diagnose';
import { recogniseLine, RecognisedLine } from '../../core/src/doctor/recognise';
import type { PairedDevice, PairingSnapshot, PendingDeviceRequest } from '../../core/src/pairing/types';

const hex = (c: string) => c.repeat(64);
const CLI_DEV = hex('c');
const LAPTOP = hex('a');
const NODE = hex('b');
const ADMIN_UI = hex('d');
const T0 = 1_796_236_000_000;

function request(over: Partial<PendingDeviceRequest> & { requestId: string; deviceId: string }): PendingDeviceRequest {
	return {
		displayName: 'laptop',
		platform: 'linux',
		clientId: 'gateway-client',
		clientMode: 'ui',
		role: 'operator',
		roles: ['operator'],
		scopes: ['operator.read'],
		ts: T0,
		...over,
	};
}

function paired(over: Partial<PairedDevice> & { deviceId: string }): PairedDevice {
	const scopes = over.scopes ?? ['operator.read'];
	return {
		displayName: 'laptop',
		clientId: 'gateway-client',
		role: 'operator',
		roles: ['operator'],
		scopes,
		tokens: [{ role: 'operator', scopes, createdAtMs: T0 }],
		...over,
	};
}

function live(
	snapshot: Partial<PairingSnapshot>,
	own: LiveView['own'] = { scopes: ['operator.pairing', 'operator.read'], via: 'sharedToken' },
	serverVersion = '2026.9.6',
): DoctorContext {
	return { live: { snapshot: { pending: [], nodes: [], paired: [], listedAt: T0, ...snapshot }, own, serverVersion, url: 'ws://127.0.0.1:18789' } };
}

const asDevice = (scopes = ['operator.pairing', 'operator.read']): LiveView['own'] => ({ scopes, via: 'device', deviceId: hex('e') });

function line(text: string): RecognisedLine {
	const r = recogniseLine(text);
	assert.ok(r.recognised, text);
	return r;
}

function only(ds: Diagnosis[]): Diagnosis {
	assert.equal(ds.length, 1, JSON.stringify(ds, null, 2));
	return ds[0];
}

describe('doctor: diagnosing pending requests', () => {
	test('not paired yet: approve it, from here (our shared-token login can ask for what it needs)', () => {
		const d = only(
			diagnose(
				{ line: line('pairing required: device is not approved yet (requestId: r-1)') },
				live({ pending: [request({ requestId: 'r-1', deviceId: LAPTOP })] }),
			),
		);
		assert.equal(d.reason, 'not-paired');
		assert.equal(d.requestId, 'r-1');
		assert.deepEqual(d.fix, {
			title: 'Approve request r-1',
			cliCommand: 'openclaw-pairing approve r-1',
			vscodeCommand: { command: 'openclawPairing.approve', args: ['r-1'] },
		});
		assert.equal(d.live, true);
	});

	test('scope upgrade: requested vs approved and what approving adds; approvable by a paired admin, not by this device login', () => {
		const ctx = live(
			{
				pending: [request({ requestId: 'r-2', deviceId: LAPTOP, scopes: ['operator.read', 'operator.write'], isRepair: true })],
				paired: [paired({ deviceId: LAPTOP }), paired({ deviceId: ADMIN_UI, displayName: 'Control UI', scopes: ['operator.admin'] })],
			},
			asDevice(),
		);
		const d = only(diagnose({ requestId: 'r-2' }, ctx));
		assert.equal(d.reason, 'scope-upgrade-pending');
		assert.match(d.summary, /asks for operator\.write beyond what it is approved for/);
		assert.ok(d.details.includes('Requested: role operator; scopes operator.read, operator.write.'), d.details.join('\n'));
		assert.ok(d.details.includes('Approved now: role operator; scopes operator.read.'));
		assert.ok(d.details.includes('Approving adds: operator.write.'));
		assert.ok(d.details.some((l) => l === 'Paired devices that can approve it: Control UI.'));
		assert.equal(d.fix.title, 'Approve request r-2 on the gateway host, with its shared token');
		assert.equal(d.fix.cliCommand, 'openclaw-pairing approve r-2');
	});

	test('role upgrade (a paired operator asks as node) and a metadata upgrade', () => {
		const role = only(
			diagnose(
				{ requestId: 'r-3' },
				live({ pending: [request({ requestId: 'r-3', deviceId: LAPTOP, role: 'node', roles: ['node'], scopes: [] })], paired: [paired({ deviceId: LAPTOP })] }),
			),
		);
		assert.equal(role.reason, 'role-upgrade-pending');
		assert.ok(role.details.includes('Approving adds: role node.'));
		assert.ok(role.details.some((l) => l.startsWith('Approving needs operator.pairing, operator.admin')));
		assert.equal(role.fix.cliCommand, 'openclaw-pairing approve r-3');

		const meta = only(
			diagnose(
				{ requestId: 'r-4' },
				live({ pending: [request({ requestId: 'r-4', deviceId: LAPTOP, platform: 'darwin' })], paired: [paired({ deviceId: LAPTOP, platform: 'linux' })] }),
			),
		);
		assert.equal(meta.reason, 'metadata-upgrade-pending');
	});

	test('a paired record with another public key: the key mismatch is the reason, approving re-pins it', () => {
		const d = only(
			diagnose(
				{ requestId: 'r-5' },
				live({
					pending: [request({ requestId: 'r-5', deviceId: LAPTOP, publicKey: 'new-key' })],
					paired: [paired({ deviceId: LAPTOP, publicKey: 'old-key' })],
				}),
			),
		);
		assert.equal(d.reason, 'paired-key-mismatch');
		assert.equal(d.fix.cliCommand, 'openclaw-pairing approve r-5');
	});

	test('nobody can approve, JSON era: the openclaw CLI asks for admin; the fix is the guided paired.json edit of that device', () => {
		const ctx = live(
			{
				pending: [request({ requestId: 'r-6', deviceId: CLI_DEV, clientId: 'cli', displayName: 'openclaw CLI', scopes: ['operator.admin'] })],
				paired: [paired({ deviceId: CLI_DEV, clientId: 'cli', displayName: 'openclaw CLI', scopes: ['operator.pairing'] })],
			},
			asDevice(),
			'2026.6.6',
		);
		ctx.state = { stateDir: '/srv/oc', era: 'json', legacyIdentityFiles: [] };
		const d = only(
			diagnose({ line: line('gateway closed (1008): pairing required: device is asking for more scopes than currently approved (requestId: r-6)') }, ctx),
		);
		assert.equal(d.reason, 'nobody-can-approve');
		assert.match(d.summary, /needs operator\.admin, which no paired device and not this connection holds/);
		assert.deepEqual(d.fix.vscodeCommand, {
			command: 'openclawPairing.breakLoop',
			args: [{ deviceId: CLI_DEV, requestId: 'r-6', scopes: ['operator.admin'] }],
		});
		assert.equal(
			d.fix.cliCommand,
			`stop the gateway; in /srv/oc/devices/paired.json add "operator.admin" to "${CLI_DEV}".scopes, .approvedScopes and .tokens.operator.scopes; check it: openclaw-pairing check /srv/oc/devices/paired.json; start the gateway; it then connects with operator.admin`,
		);
	});

	test('nobody can approve a node, JSON era: admin goes to the openclaw CLI device, which then approves', () => {
		const ctx = live(
			{
				pending: [request({ requestId: 'r-7', deviceId: NODE, role: 'node', roles: ['node'], scopes: [], clientId: 'node-host' })],
				paired: [paired({ deviceId: CLI_DEV, clientId: 'cli', scopes: ['operator.pairing'] })],
			},
			asDevice(),
			'2026.6.6',
		);
		const d = only(diagnose({ requestId: 'r-7' }, ctx));
		assert.equal(d.reason, 'nobody-can-approve');
		assert.deepEqual(d.fix.vscodeCommand?.args, [{ deviceId: CLI_DEV, requestId: 'r-7', scopes: ['operator.admin'] }]);
		assert.match(d.fix.cliCommand, /<state dir>\/devices\/paired\.json/);
		assert.match(d.fix.cliCommand, /; then approve: openclaw devices approve r-7$/);
	});

	test('nobody can approve, SQLite era: approve on the gateway host with its shared token (no file to edit)', () => {
		const d = only(
			diagnose({ requestId: 'r-8' }, live({ pending: [request({ requestId: 'r-8', deviceId: NODE, role: 'node', roles: ['node'], scopes: [] })] }, asDevice())),
		);
		assert.equal(d.reason, 'nobody-can-approve');
		assert.equal(d.fix.title, 'Approve request r-8 on the gateway host, with its shared token');
		assert.equal(d.fix.vscodeCommand?.command, 'openclawPairing.approve');
	});

	test('a cut-off request id is resolved when exactly one pending request starts with it; not otherwise', () => {
		const cut = 'pairing required: device is asking for more scopes than currently approved (requestId: 17fc9d52-036e-49ad-abdf-27d8cc63b';
		const one = live({ pending: [request({ requestId: '17fc9d52-036e-49ad-abdf-27d8cc63bd50', deviceId: LAPTOP })] });
		assert.equal(only(diagnose({ line: line(cut) }, one)).requestId, '17fc9d52-036e-49ad-abdf-27d8cc63bd50');
		const two = live({
			pending: [
				request({ requestId: '17fc9d52-036e-49ad-abdf-27d8cc63bd50', deviceId: LAPTOP }),
				request({ requestId: '17fc9d52-036e-49ad-abdf-27d8cc63bd51', deviceId: NODE }),
			],
		});
		assert.equal(only(diagnose({ line: line(cut) }, two)).reason, 'wrong-gateway');
	});

	test('plain "pairing required": every pending request; none pending: wrong gateway', () => {
		const ctx = live({ pending: [request({ requestId: 'r-a', deviceId: LAPTOP, ts: T0 }), request({ requestId: 'r-b', deviceId: NODE, ts: T0 + 5 })] });
		assert.deepEqual(
			diagnose({ line: line('Disconnected (1008): pairing required') }, ctx).map((d) => d.requestId),
			['r-b', 'r-a'],
		);
		assert.equal(only(diagnose({ line: line('Disconnected (1008): pairing required') }, live({}))).reason, 'wrong-gateway');
	});

	test('an id this gateway does not have: wrong gateway (or expired), with the fix to look elsewhere', () => {
		const d = only(
			diagnose(
				{ line: line('pairing required: device is not approved yet (requestId: 0b1e9a2c-0000-4000-8000-000000000000)') },
				live({ paired: [paired({ deviceId: ADMIN_UI })] }),
			),
		);
		assert.equal(d.reason, 'wrong-gateway');
		assert.match(d.summary, /no request 0b1e9a2c-0000-4000-8000-000000000000 on the gateway at ws:\/\/127\.0\.0\.1:18789/);
		assert.equal(d.fix.vscodeCommand?.command, 'workbench.action.openSettings');
	});

	test('already approved: the request is gone and the device holds what it asked for', () => {
		const json = `{"code":"NOT_PAIRED","message":"pairing required","details":{"code":"PAIRING_REQUIRED","reason":"scope-upgrade","requestId":"gone","deviceId":"${LAPTOP}","requestedRole":"operator","requestedScopes":["operator.read"]}}`;
		const d = only(diagnose({ line: line(json) }, live({ paired: [paired({ deviceId: LAPTOP })] })));
		assert.equal(d.reason, 'already-approved');
	});

	test('without the live lists: the line itself (close reason or JSON) still names the request and its approve', () => {
		const d = only(
			diagnose({ line: line('pairing required: device is asking for a higher role than currently approved (requestId: r-9)') }, { notLive: 'unreachable' }),
		);
		assert.equal(d.reason, 'role-upgrade-pending');
		assert.equal(d.fix.cliCommand, 'openclaw-pairing approve r-9');
		assert.equal(d.live, false);
		assert.ok(d.details.includes('Not checked against a gateway: unreachable.'));
	});
});

describe('doctor: tokens, scopes and the rest', () => {
	const mismatch = () => line('unauthorized: device token mismatch (rotate/reissue device token)');

	test('device token mismatch: rotated (active) → reconnect with the shared token; revoked → rotate; revoked and asking → approve', () => {
		const rotated = only(
			diagnose(
				{ line: mismatch(), deviceId: LAPTOP },
				live({ paired: [paired({ deviceId: LAPTOP, tokens: [{ role: 'operator', scopes: ['operator.read'], rotatedAtMs: T0 }] })] }),
			),
		);
		assert.equal(rotated.reason, 'stale-device-token');
		assert.match(rotated.fix.title, /^Connect laptop once with the shared gateway token: the gateway hands it its current device token$/);

		const device = paired({ deviceId: LAPTOP, tokens: [{ role: 'operator', scopes: ['operator.read'], revokedAtMs: T0 }] });
		const revoked = only(diagnose({ line: mismatch(), deviceId: LAPTOP }, live({ paired: [device] })));
		assert.equal(revoked.reason, 'revoked-device-token');
		assert.deepEqual(revoked.fix, {
			title: 'Rotate the operator token of laptop, then reconnect it with the shared gateway token',
			cliCommand: `openclaw devices rotate --device ${LAPTOP} --role operator`,
			vscodeCommand: { command: 'openclawPairing.rotateToken', args: [{ device }] },
		});

		const asking = only(
			diagnose({ line: mismatch(), deviceId: LAPTOP }, live({ paired: [device], pending: [request({ requestId: 'r-10', deviceId: LAPTOP })] })),
		);
		assert.equal(asking.reason, 'revoked-device-token');
		assert.equal(asking.fix.cliCommand, 'openclaw-pairing approve r-10');
		assert.ok(asking.details.includes('Its operator token was revoked, so that role must be approved again.'));
	});

	test('removed device asking again → approve; not here at all → wrong gateway; no device named → the generic first step', () => {
		const removed = only(diagnose({ line: mismatch(), deviceId: LAPTOP }, live({ pending: [request({ requestId: 'r-11', deviceId: LAPTOP })] })));
		assert.equal(removed.reason, 'removed-device');
		assert.equal(removed.fix.cliCommand, 'openclaw-pairing approve r-11');
		assert.equal(only(diagnose({ line: mismatch(), deviceId: LAPTOP }, live({}))).reason, 'wrong-gateway');
		const generic = only(diagnose({ line: mismatch() }, live({})));
		assert.equal(generic.reason, 'stale-device-token');
		assert.ok(generic.details[0].includes('--device <deviceId>'));
		assert.equal(only(diagnose({ line: line('gateway closed (4001): client invalidated: device-token-revoked') }, live({}))).reason, 'revoked-device-token');
	});

	test('token scope mismatch: a pending upgrade is the fix; without one, have it ask with the shared token', () => {
		const l = line('unauthorized: device token scope mismatch (re-pair or approve scope upgrade)');
		const withUpgrade = only(
			diagnose(
				{ line: l, deviceId: LAPTOP },
				live({
					paired: [paired({ deviceId: LAPTOP })],
					pending: [request({ requestId: 'r-12', deviceId: LAPTOP, scopes: ['operator.read', 'operator.write'] })],
				}),
			),
		);
		assert.equal(withUpgrade.reason, 'scope-upgrade-pending');
		assert.match(withUpgrade.details[0], /device token asking for more scopes/);
		const without = only(diagnose({ line: l, deviceId: LAPTOP }, live({ paired: [paired({ deviceId: LAPTOP })] })));
		assert.equal(without.reason, 'token-scope-mismatch');
		assert.match(without.fix.title, /files a scope-upgrade request to approve/);
	});

	test('missing scope: the one request asking for it, else who holds it', () => {
		const l = line('missing scope: operator.admin');
		const waiting = only(
			diagnose(
				{ line: l },
				live({
					pending: [request({ requestId: 'r-13', deviceId: CLI_DEV, scopes: ['operator.admin'] })],
					paired: [paired({ deviceId: CLI_DEV, scopes: ['operator.pairing'] })],
				}),
			),
		);
		assert.equal(waiting.requestId, 'r-13');
		const none = only(diagnose({ line: l }, live({ paired: [paired({ deviceId: ADMIN_UI, displayName: 'Control UI', scopes: ['operator.admin'] })] })));
		assert.equal(none.reason, 'missing-scope');
		assert.deepEqual(none.details, ['Paired devices holding it: Control UI.']);
	});

	test('wrong shared token, with and without the live gateway; the device-token hint of the JSON details', () => {
		const json = line(
			'{"code":"INVALID_REQUEST","message":"unauthorized: gateway token mismatch (provide gateway auth token)","details":{"code":"AUTH_TOKEN_MISMATCH","canRetryWithDeviceToken":true,"recommendedNextStep":"retry_with_device_token"}}',
		);
		const d = only(diagnose({ line: json }, live({})));
		assert.equal(d.reason, 'wrong-shared-token');
		assert.deepEqual(d.fix.vscodeCommand, { command: 'openclawPairing.setToken', args: [] });
		assert.ok(d.details.some((l) => l.includes('retry_with_device_token')));
		assert.ok(d.details.some((l) => l.includes('This doctor logged in to ws://127.0.0.1:18789')));
		const offline = only(diagnose({ line: line('AUTH_TOKEN_MISMATCH') }, { notLive: 'cannot reach it' }));
		assert.equal(offline.reason, 'wrong-shared-token');
		assert.equal(offline.live, false);
	});

	test('legacy identity files, device proof, clock, origin, secure context, lockout', () => {
		const state = { stateDir: '/srv/oc', era: 'sqlite' as const, legacyIdentityFiles: ['identity/device.json'] };
		const legacy = only(diagnose({ line: line('DEVICE_AUTH_SIGNATURE_INVALID') }, { state }));
		assert.equal(legacy.reason, 'legacy-identity-files');
		assert.match(legacy.summary, /\/srv\/oc\/identity\/device\.json/);
		assert.equal(legacy.fix.cliCommand, 'stop the gateway, then run: openclaw doctor --fix');
		assert.equal(
			only(diagnose({ line: line('Legacy device auth requires migration; stop the Gateway and run `openclaw doctor --fix`.') }, {})).reason,
			'legacy-identity-files',
		);
		const proof = only(
			diagnose(
				{ line: line('device identity mismatch') },
				{ state: { stateDir: '/s', era: 'json', legacyIdentityFiles: [], identity: { deviceId: LAPTOP, publicKey: 'k', deviceIdMatchesKey: false } } },
			),
		);
		assert.equal(proof.reason, 'bad-device-proof');
		assert.match(proof.details[0], /identity\/device\.json names deviceId aaaaaaaaaaaa…, which is not sha256 of its public key/);
		assert.equal(only(diagnose({ line: line('device signature expired') }, {})).reason, 'clock-skew');
		assert.equal(only(diagnose({ line: line('CONTROL_UI_ORIGIN_NOT_ALLOWED') }, {})).reason, 'origin-not-allowed');
		assert.equal(only(diagnose({ line: line('control ui requires device identity (use HTTPS or localhost secure context)') }, {})).reason, 'identity-required');
		assert.equal(only(diagnose({ line: line('unauthorized: too many failed authentication attempts (retry later)') }, {})).reason, 'rate-limited');
	});

	test('which lines need the live lists: pairing, tokens and scopes (and a picked request or device) do; the rest do not', () => {
		for (const text of [
			'pairing required',
			'device token mismatch',
			'AUTH_SCOPE_MISMATCH',
			'missing scope: operator.admin',
			'client invalidated: device-pair-removed',
		])
			assert.equal(needsLiveLists(line(text)), true, text);
		for (const text of ['AUTH_TOKEN_MISMATCH', 'device signature expired', 'origin not allowed', 'DEVICE_AUTH_SIGNATURE_INVALID'])
			assert.equal(needsLiveLists(line(text)), false, text);
		assert.equal(needsLiveLists(undefined), true);
	});

	test('diagnoseAll: legacy files, every pending request, node approvals, devices stuck on a revoked token', () => {
		const ctx = live({
			pending: [request({ requestId: 'r-14', deviceId: LAPTOP })],
			nodes: [{ requestId: 'n-1', nodeId: 'node-1', displayName: 'pi', ts: T0, requiredApproveScopes: ['operator.pairing'] }],
			paired: [paired({ deviceId: ADMIN_UI, tokens: [{ role: 'operator', scopes: [], revokedAtMs: T0 }] }), paired({ deviceId: CLI_DEV })],
		});
		ctx.state = { stateDir: '/srv/oc', era: 'sqlite', legacyIdentityFiles: ['identity/device-auth.json'] };
		assert.deepEqual(
			diagnoseAll(ctx).map((d) => d.reason),
			['legacy-identity-files', 'not-paired', 'node-approval-pending', 'revoked-device-token'],
		);
		assert.equal(diagnoseAll(ctx).find((d) => d.reason === 'node-approval-pending')?.fix.cliCommand, 'openclaw nodes approve n-1');
		assert.deepEqual(diagnoseAll(live({ paired: [paired({ deviceId: CLI_DEV })] })), []);
		assert.deepEqual(diagnose({ deviceId: CLI_DEV }, live({ paired: [paired({ deviceId: CLI_DEV })] })), [], 'a healthy device: nothing found');
	});
});
