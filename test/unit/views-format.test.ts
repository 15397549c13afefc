import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyRequest } from '../../core/src/pairing/requestChange';
import type { PairedDevice, PendingDeviceRequest } from '../../core/src/pairing/types';
import {
	addedText,
	ago,
	agoChangesIn,
	changeLabel,
	changeRows,
	clockTime,
	expiresIn,
	expiresInChangesIn,
	lastSeen,
	nodeDescription,
	pairedDescription,
	pendingAsks,
	pendingDescription,
	requestKind,
} from '../../client/src/views/format';

// The clock is injected everywhere: `now` is a fixed local time, so no test depends on when it runs.
const now = new Date(2026, 10, 24, 14, 30, 0).getTime();
const s = 1000;
const min = 60 * s;

describe('relative times', () => {
	test('whole units, rounded down; no seconds (a row would have to tick every second)', () => {
		assert.deepEqual(
			[0, 26 * s, 59_999, min, 4 * min + 59 * s, 59 * min, 60 * min, 23 * 60 * min + 59 * min, 24 * 60 * min, 3 * 24 * 60 * min].map((e) => ago(now - e, now)),
			['just now', 'just now', 'just now', '1 min ago', '4 min ago', '59 min ago', '1 h ago', '23 h ago', '1 d ago', '3 d ago'],
		);
	});

	test('a time in the future (clock skew with the gateway) reads as just now', () => {
		assert.equal(ago(now + 5 * s, now), 'just now');
	});

	test('agoChangesIn is exactly when the text changes: same text a millisecond before, different at it', () => {
		for (const elapsed of [0, 1, 26 * s, 59_999, min, 90 * s, 59 * min + 59 * s, 60 * min, 61 * min, 25 * 60 * min, 47 * 60 * min + 1]) {
			const from = now - elapsed;
			const ms = agoChangesIn(from, now);
			assert.ok(ms > 0, `${elapsed}: ${ms} > 0`);
			assert.equal(ago(from, now + ms - 1), ago(from, now), `${elapsed} ms old: unchanged 1 ms before the change`);
			assert.notEqual(ago(from, now + ms), ago(from, now), `${elapsed} ms old: changed after ${ms} ms`);
		}
	});

	test('the refresh matches the displayed unit: at most a minute while minutes show, an hour while hours show', () => {
		assert.equal(agoChangesIn(now - 26 * s, now), 34 * s);
		assert.equal(agoChangesIn(now - (4 * min + 10 * s), now), 50 * s);
		assert.equal(agoChangesIn(now - (2 * 60 * min + 15 * min), now), 45 * min);
	});

	test('expiry counts whole minutes down to the 5-minute TTL and stops once expired', () => {
		const req = { requestId: 'r', deviceId: 'd', ts: now - 90 * s };
		assert.equal(expiresIn(req, now), 'expires in 4 min');
		const ms = expiresInChangesIn(req, now);
		assert.equal(ms, 30 * s);
		assert.equal(expiresIn(req, now + (ms ?? 0) - 1), 'expires in 4 min');
		assert.equal(expiresIn(req, now + (ms ?? 0)), 'expires in 3 min');
		assert.equal(expiresIn(req, now + 210 * s), 'expired');
		assert.equal(expiresInChangesIn(req, now + 210 * s), undefined);
		assert.equal(expiresIn({ ...req, refreshedAtMs: now }, now), 'expires in 5 min', 'refreshed requests live 5 min from the refresh');
	});

	test('tooltips show absolute local times: with seconds today, with the date otherwise', () => {
		assert.equal(clockTime(new Date(2026, 10, 24, 9, 5, 7).getTime(), now), '09:05:07');
		assert.equal(clockTime(new Date(2026, 10, 23, 23, 59, 59).getTime(), now), '2026-11-23 23:59');
	});
});

describe('row wording: the most important words first', () => {
	/** As the gateway may send it: no role at all. */
	const withoutRole = ({ role: _role, ...rest }: PendingDeviceRequest): PendingDeviceRequest => rest;
	const request = (over: Partial<PendingDeviceRequest> = {}): PendingDeviceRequest => ({
		requestId: 'r1',
		deviceId: 'dev1',
		displayName: 'laptop',
		role: 'operator',
		scopes: ['operator.read'],
		ts: now - 2 * min,
		...over,
	});
	const device = (over: Partial<PairedDevice> = {}): PairedDevice => ({
		deviceId: 'dev1',
		role: 'operator',
		roles: ['operator'],
		scopes: ['operator.read'],
		tokens: [],
		...over,
	});

	test('a new pairing says what it asks for before anything else, admin called out', () => {
		assert.equal(pendingDescription(request(), undefined, now), 'new operator · 2 min ago');
		assert.equal(pendingAsks(request({ scopes: ['operator.read', 'operator.admin'] }), undefined), 'new operator + admin ⚠');
		assert.equal(pendingAsks(request({ role: 'node', scopes: [] }), undefined), 'new node');
		assert.equal(pendingAsks(withoutRole(request()), undefined), 'new operator', 'the gateway defaults the role to operator');
	});

	test('an upgrade names only what it adds', () => {
		assert.equal(
			pendingAsks(request({ isRepair: true, scopes: ['operator.read', 'operator.write', 'operator.admin'] }), device()),
			'+operator.write, +operator.admin ⚠',
		);
		assert.equal(pendingAsks(request({ roles: ['operator', 'node'] }), device()), '+node role');
		assert.equal(pendingAsks(request(), device()), 're-approve operator');
	});

	test('a paired device: its state first, then roles; the row and the "Last seen" detail use the same words', () => {
		const seen = device({ lastSeenAtMs: now - 4 * min - 30 * s });
		assert.equal(pairedDescription(seen, now), 'seen 4 min ago · operator');
		assert.ok(pairedDescription(seen, now).startsWith(lastSeen(seen, now)));
		assert.equal(
			pairedDescription(device({ connected: true, lastSeenAtMs: now - 26 * s }), now),
			'connected · operator',
			'no frozen "26 s ago" while connected',
		);
		assert.equal(lastSeen(device(), now), 'never seen');
	});

	test('a node approval starts with the commands it asks to run', () => {
		assert.equal(
			nodeDescription({ requestId: 'n', nodeId: 'n1', commands: ['system.run', 'canvas.eval'], platform: 'linux', ts: now - 3 * 60 * min }, now),
			'system.run, canvas.eval · 3 h ago',
		);
		assert.equal(nodeDescription({ requestId: 'n', nodeId: 'n1', ts: now }, now), 'no commands · just now');
	});
});

describe('requested vs approved: one classifier for the tree, the modal and the notification', () => {
	// The shapes the real 2026.6.6 gateway listed (device.pair.list) for one device "watch", paired with operator.read:
	// the paired record has no approvedScopes in the list; its `scopes` is the approved baseline.
	const watch: PairedDevice = {
		deviceId: 'dev-watch',
		publicKey: 'key-1',
		displayName: 'watch',
		platform: 'linux',
		clientId: 'gateway-client',
		clientMode: 'ui',
		role: 'operator',
		roles: ['operator'],
		scopes: ['operator.read'],
		tokens: [{ role: 'operator', scopes: ['operator.read'] }],
	};
	const ask = (over: Partial<PendingDeviceRequest>): PendingDeviceRequest => ({
		requestId: 'r',
		deviceId: 'dev-watch',
		publicKey: 'key-1',
		displayName: 'watch',
		platform: 'linux',
		clientId: 'gateway-client',
		clientMode: 'ui',
		role: 'operator',
		roles: ['operator'],
		scopes: ['operator.read'],
		isRepair: true,
		ts: now,
		...over,
	});

	test('a device that is not paired: a new pairing that adds everything it asks for', () => {
		const change = classifyRequest(ask({ isRepair: false, scopes: ['operator.read', 'operator.pairing'] }), undefined);
		assert.equal(change.kind, 'new pairing');
		assert.deepEqual(change.addedScopes, ['operator.read', 'operator.pairing']);
		assert.deepEqual(changeRows(change), [
			{ label: 'Role', value: 'operator' },
			{ label: 'Scopes', value: 'operator.read, operator.pairing' },
		]);
		assert.equal(changeRows(change, 'Requested scopes')[1].label, 'Requested scopes', "the tooltip's word for the same row");
	});

	test('scope upgrade (the gateway\'s reason "scope-upgrade"): the request lists only what the device asks now', () => {
		const change = classifyRequest(ask({ scopes: ['operator.admin'] }), watch, '2026.6.6');
		assert.equal(change.kind, 'scope upgrade');
		assert.deepEqual(change.addedScopes, ['operator.admin']);
		assert.deepEqual(changeRows(change), [
			{ label: 'Requested', value: 'operator · operator.admin ⚠' },
			{ label: 'Approved now', value: 'operator · operator.read' },
			{ label: 'Adds', value: '+ operator.admin ⚠' },
		]);
		assert.equal(pendingAsks(ask({ scopes: ['operator.admin'] }), watch), '+operator.admin ⚠');
	});

	test('role upgrade ("role-upgrade"): the paired operator connects as a node', () => {
		const req = ask({ role: 'node', roles: ['node'], scopes: [], clientId: 'node-host', clientMode: 'node' });
		const change = classifyRequest(req, watch, '2026.6.6');
		assert.equal(change.kind, 'role upgrade');
		assert.deepEqual(change.addedRoles, ['node']);
		assert.equal(addedText(change), '+ node role');
		assert.equal(changeRows(change)[0].value, 'node · no scopes');
		assert.equal(changeRows(change)[1].value, 'operator · operator.read');
		assert.equal(pendingAsks(req, watch), '+node role');
	});

	test('metadata repair ("metadata-upgrade"): same roles and scopes, another platform', () => {
		const change = classifyRequest(ask({ platform: 'darwin' }), watch, '2026.6.6');
		assert.equal(change.kind, 'repair');
		assert.equal(changeLabel(change), 'metadata repair');
		assert.deepEqual(change.changed, ['platform: linux → darwin']);
		assert.deepEqual(changeRows(change).at(-1), { label: 'Changed', value: 'platform: linux → darwin' });
		assert.equal(addedText(change), 'nothing new');
		assert.equal(pendingAsks(ask({ platform: 'darwin' }), watch), 're-approve: platform changed');
		assert.equal(changeLabel(classifyRequest(ask({ publicKey: 'key-2' }), watch)), 'key repair');
		assert.equal(requestKind(ask({}), watch), 're-approval', 'nothing new and nothing changed');
	});

	test('scopes an approved one implies are not new: nothing under operator.admin, read under write', () => {
		const admin = { ...watch, scopes: ['operator.admin'] };
		const change = classifyRequest(ask({ scopes: ['operator.read', 'operator.write', 'operator.pairing'] }), admin, '2026.6.6');
		assert.equal(change.kind, 'repair', 'operator.admin satisfies every operator.* scope');
		assert.deepEqual(change.addedScopes, []);
		const writer = { ...watch, scopes: ['operator.write'] };
		assert.deepEqual(classifyRequest(ask({ scopes: ['operator.read', 'operator.approvals'] }), writer, '2026.6.6').addedScopes, ['operator.approvals']);
		assert.equal(pendingAsks(ask({ scopes: ['operator.read', 'operator.approvals'] }), writer), '+operator.approvals');
	});

	test("implications are the gateway version's: operator.write covers operator.talk from 2026.8.1 only", () => {
		const writer = { ...watch, scopes: ['operator.write'] };
		assert.deepEqual(classifyRequest(ask({ scopes: ['operator.talk'] }), writer, '2026.6.6').addedScopes, ['operator.talk']);
		assert.deepEqual(classifyRequest(ask({ scopes: ['operator.talk'] }), writer, '2026.9.6').addedScopes, []);
		assert.deepEqual(classifyRequest(ask({ scopes: ['operator.talk'] }), writer).addedScopes, [], 'unknown version: the newest rules');
	});

	test('a role and scopes together: the role upgrade names both; a record without roles falls back to its role', () => {
		const req = ask({ roles: ['operator', 'node'], scopes: ['operator.read', 'operator.write'] });
		const change = classifyRequest(req, watch);
		assert.equal(change.kind, 'role upgrade');
		assert.equal(addedText(change), '+ node role, + operator.write');
		assert.equal(pendingAsks(req, watch), '+node role, +operator.write');
		const { roles: _roles, ...legacy } = watch;
		assert.deepEqual(classifyRequest(ask({}), legacy).approvedRoles, ['operator']);
	});

	test('a request that names no role is an operator request (the gateway defaults it)', () => {
		const { role: _role, roles: _roles, ...bare } = ask({ scopes: ['operator.read'] });
		assert.deepEqual(classifyRequest(bare, watch).requestedRoles, ['operator']);
		assert.equal(classifyRequest(bare, watch).kind, 'repair');
	});
});
