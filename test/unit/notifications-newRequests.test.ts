import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PairedDevice, PairingSnapshot, PendingDeviceRequest, PendingNodeRequest } from '../../core/src/pairing/types';
import {
	COALESCE_MS,
	FORGET_AFTER_MS,
	NewRequestNotices,
	NoticeTimers,
	REPEAT_QUIET_MS,
	RequestNotification,
	notificationFor,
	deviceNotice,
	nodeNotice,
	safeName,
} from '../../client/src/notifications/newRequests';

const t0 = Date.UTC(2026, 10, 24, 14, 30);

/** Timers that only run when the test says so: what is armed (and for how long) is visible. */
function manualTimers(): NoticeTimers & { armed: { ms: number; run: () => void }[]; fire(): void } {
	const armed: { ms: number; run: () => void; id: NodeJS.Timeout }[] = [];
	let next = 1;
	return {
		armed,
		setTimeout(run, ms) {
			const id = next++ as unknown as NodeJS.Timeout;
			armed.push({ ms, run, id });
			return id;
		},
		clearTimeout(id) {
			const i = armed.findIndex((t) => t.id === id);
			if (i >= 0) armed.splice(i, 1);
		},
		fire() {
			const due = armed.splice(0);
			for (const t of due) t.run();
		},
	};
}

const device = (id: string, over: Partial<PendingDeviceRequest> = {}): PendingDeviceRequest => ({
	requestId: `req-${id}`,
	deviceId: `dev-${id}`,
	displayName: id,
	platform: 'linux',
	role: 'operator',
	roles: ['operator'],
	scopes: ['operator.read'],
	ts: t0,
	...over,
});
const node = (id: string, over: Partial<PendingNodeRequest> = {}): PendingNodeRequest => ({
	requestId: `node-req-${id}`,
	nodeId: `node-${id}`,
	displayName: id,
	ts: t0,
	...over,
});
const snapshot = (pending: PendingDeviceRequest[], nodes: PendingNodeRequest[] = [], paired: PairedDevice[] = []): PairingSnapshot => ({
	pending,
	nodes,
	paired,
	listedAt: t0,
});

function harness(own: { deviceId?: string; requestIds?: string[] } = {}) {
	const timers = manualTimers();
	const shown: RequestNotification[] = [];
	const notices = new NewRequestNotices(timers, (n) => shown.push(n));
	const update = (s: PairingSnapshot, now = t0) =>
		notices.update({ snapshot: s, ownDeviceId: own.deviceId, ownRequestIds: new Set(own.requestIds ?? []), version: '2026.6.6', now });
	return { timers, shown, notices, update };
}

describe('new pairing requests → notifications', () => {
	test('a new device request: one notification after the coalescing window, with Approve…, Show and Don\u2019t Notify', () => {
		const { timers, shown, update } = harness();
		update(snapshot([device('Pixel 9', { platform: 'android', role: 'node', roles: ['node'], scopes: [] })]));
		assert.deepEqual(shown, [], 'nothing before the window closes');
		assert.deepEqual(
			timers.armed.map((t) => t.ms),
			[COALESCE_MS],
		);
		timers.fire();
		assert.deepEqual(shown, [
			{
				message: 'Pixel 9 (android, node) asks to pair',
				actions: ['approve', 'show', 'mute'],
				approve: { command: 'openclawPairing.approve', requestId: 'req-Pixel 9' },
				requestIds: ['req-Pixel 9'],
			},
		]);
	});

	test('a burst within the window is one notification that counts and names them; Approve… only for a single request', () => {
		const { timers, shown, update } = harness();
		update(snapshot([device('laptop')]), t0);
		update(snapshot([device('laptop'), device('tablet')]), t0 + 400);
		update(snapshot([device('laptop'), device('tablet'), device('watch')]), t0 + 1200);
		assert.equal(timers.armed.length, 1, 'one window, from the first request: later ones do not extend it');
		timers.fire();
		assert.equal(shown.length, 1);
		assert.equal(shown[0].message, '3 devices ask to pair: laptop, tablet, watch');
		assert.deepEqual(shown[0].actions, ['show', 'mute']);
		assert.equal(shown[0].approve, undefined);
		assert.deepEqual(shown[0].requestIds, ['req-laptop', 'req-tablet', 'req-watch']);
	});

	test('requests already waiting when the window opens: one coalesced notification; devices and nodes counted apart', () => {
		const { timers, shown, update } = harness();
		update(snapshot([device('a'), device('b'), device('c'), device('d')], [node('Pixel 9', { platform: 'android' })]));
		timers.fire();
		assert.deepEqual(
			shown.map((n) => n.message),
			['4 devices and 1 node ask to pair: a, b, c and 2 more'],
		);
		const single = harness();
		single.update(snapshot([], [node('Pixel 9', { platform: 'android' })]));
		single.timers.fire();
		assert.equal(single.shown[0].message, 'Pixel 9 (android, node) asks to pair');
		assert.deepEqual(single.shown[0].approve, { command: 'openclawPairing.approveNode', requestId: 'node-req-Pixel 9' });
	});

	test("never for this editor's own request: by its device id, or by the request id it waited on", () => {
		const { timers, shown, update } = harness({ deviceId: 'dev-editor', requestIds: ['req-waited'] });
		update(snapshot([device('editor'), device('other', { requestId: 'req-waited' })]));
		assert.equal(timers.armed.length, 0, 'nothing to wait for');
		timers.fire();
		assert.deepEqual(shown, []);
	});

	test('never twice for the same requestId: re-lists, reconnects and a request that drops out and comes back', () => {
		const { timers, shown, update } = harness();
		update(snapshot([device('laptop')]));
		timers.fire();
		update(snapshot([device('laptop')]), t0 + 5_000);
		update(snapshot([]), t0 + 6_000);
		update(snapshot([device('laptop')]), t0 + 7_000);
		assert.equal(timers.armed.length, 0);
		assert.equal(shown.length, 1);
	});

	test('a device that asks again before its notification went out: one notification, for its current request', () => {
		const { timers, shown, update } = harness();
		update(snapshot([device('phone')]), t0);
		// 2026.6.6 replaces the request when the device asks with other scopes: a new requestId, the old one gone.
		update(snapshot([device('phone', { requestId: 'req-phone-2', scopes: ['operator.read', 'operator.write'] })]), t0 + 300);
		timers.fire();
		assert.equal(shown.length, 1);
		assert.deepEqual(shown[0].requestIds, ['req-phone-2']);
		assert.equal(shown[0].approve?.requestId, 'req-phone-2', 'Approve… approves the request that exists');
		// A list that still shows the older request beside the newer one: still one line per device.
		const raced = harness();
		raced.update(snapshot([device('phone')]), t0);
		raced.update(snapshot([device('phone'), device('phone', { requestId: 'req-phone-2' })]), t0 + 300);
		raced.timers.fire();
		assert.deepEqual(
			raced.shown.map((n) => n.requestIds),
			[['req-phone-2']],
		);
	});

	test(`a device's next request within ${REPEAT_QUIET_MS / 1000} s of its notification is not notified; after that it is`, () => {
		const { timers, shown, update } = harness();
		update(snapshot([device('phone')]), t0);
		timers.fire();
		update(snapshot([device('phone', { requestId: 'req-phone-2' })]), t0 + 20_000);
		assert.equal(timers.armed.length, 0, 'the repeat is in the tree and the badge, not another notification');
		update(snapshot([device('phone', { requestId: 'req-phone-3' })]), t0 + 20_000 + REPEAT_QUIET_MS);
		timers.fire();
		assert.deepEqual(
			shown.map((n) => n.requestIds[0]),
			['req-phone', 'req-phone-3'],
		);
	});

	test('a request resolved (approved elsewhere, expired) before the window closes is left out; nothing left, nothing shown', () => {
		const { timers, shown, update } = harness();
		update(snapshot([device('laptop'), device('tablet')]), t0);
		update(snapshot([device('tablet')]), t0 + 500);
		timers.fire();
		assert.deepEqual(
			shown.map((n) => n.message),
			['tablet (linux, operator) asks to pair'],
		);
		const gone = harness();
		gone.update(snapshot([device('laptop')]), t0);
		gone.update(snapshot([]), t0 + 500);
		gone.timers.fire();
		assert.deepEqual(gone.shown, []);
	});

	test('ids are forgotten only long after they left the list; the next window starts after the last notification', () => {
		const { timers, shown, update } = harness();
		update(snapshot([device('laptop')]), t0);
		timers.fire();
		update(snapshot([]), t0 + 1_000);
		update(snapshot([device('tablet')]), t0 + 1_000 + FORGET_AFTER_MS + 1);
		assert.equal(timers.armed.length, 1);
		timers.fire();
		assert.deepEqual(
			shown.map((n) => n.message),
			['laptop (linux, operator) asks to pair', 'tablet (linux, operator) asks to pair'],
		);
	});

	test('dispose disarms the window: nothing is shown after the features stop', () => {
		const { timers, shown, update, notices } = harness();
		update(snapshot([device('laptop')]));
		notices.dispose();
		assert.equal(timers.armed.length, 0);
		timers.fire();
		assert.deepEqual(shown, []);
	});
});

describe('notification wording', () => {
	const watch: PairedDevice = {
		deviceId: 'dev-watch',
		displayName: 'watch',
		platform: 'linux',
		role: 'operator',
		roles: ['operator'],
		scopes: ['operator.read'],
		tokens: [],
	};

	test('an upgrade says what it adds, in the words of the tree and the modal', () => {
		const scope = deviceNotice(device('watch', { isRepair: true, scopes: ['operator.admin'] }), watch, '2026.6.6');
		assert.equal(notificationFor([scope])?.message, 'watch (linux, operator) asks for a scope upgrade: + operator.admin ⚠');
		const role = deviceNotice(device('watch', { isRepair: true, role: 'node', roles: ['node'], scopes: [] }), watch, '2026.6.6');
		assert.equal(notificationFor([role])?.message, 'watch (linux, node) asks for a role upgrade: + node role');
		const repair = deviceNotice(device('watch', { isRepair: true, platform: 'darwin' }), watch, '2026.6.6');
		assert.equal(notificationFor([repair])?.message, 'watch (darwin, operator) asks to be re-approved (metadata repair: platform: linux → darwin)');
	});

	test("a device's own name cannot break the line or fill the screen", () => {
		assert.equal(safeName('evil\nApprove me\u0007'), 'evil Approve me');
		assert.equal(safeName('x'.repeat(100)).length, 40);
		assert.equal(safeName(' \u0000 '), 'unnamed device');
		const notice = nodeNotice(node('n', { displayName: 'line1\r\nline2', platform: 'linux\n' }));
		assert.equal(notificationFor([notice])?.message, 'line1 line2 (linux, node) asks to pair');
	});

	test('an empty batch is no notification', () => {
		assert.equal(notificationFor([]), undefined);
	});
});
