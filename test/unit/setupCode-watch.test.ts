import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IssuedSetupCode } from '../../core/src/pairing/setupCode';
import type { SetupOutcome } from '../../core/src/pairing/setupOutcome';
import { SetupWatch, SetupWatchState } from '../../core/src/pairing/setupWatch';
import type { PairingTimers } from '../../core/src/pairing/timers';
import type { ConnectionState, PairedDevice, PairingService, PairingSnapshot } from '../../core/src/pairing/types';

const CONNECTED: ConnectionState = { kind: 'connected', serverVersion: '2026.9.6', scopes: [], via: 'sharedToken' } as ConnectionState;
const device = (deviceId: string, extra: Partial<PairedDevice> = {}): PairedDevice => ({ deviceId, tokens: [], ...extra });
const snap = (...paired: PairedDevice[]): PairingSnapshot => ({ pending: [], nodes: [], paired, listedAt: 0 });

/** The parts of the service a watch uses, driven by the test. */
function fakeService(initial: PairingSnapshot) {
	const outcomes = new Set<(o: SetupOutcome) => void>();
	const snapshots = new Set<(s: PairingSnapshot) => void>();
	const states = new Set<(s: ConnectionState) => void>();
	const fake = {
		state: CONNECTED,
		snapshot: initial,
		statusCalls: [] as string[],
		status: undefined as SetupOutcome | undefined | Error,
		onDidSetupOutcome: (l: (o: SetupOutcome) => void) => (outcomes.add(l), () => outcomes.delete(l)),
		onDidChangeSnapshot: (l: (s: PairingSnapshot) => void) => (snapshots.add(l), () => snapshots.delete(l)),
		onDidChangeState: (l: (s: ConnectionState) => void) => (states.add(l), () => states.delete(l)),
		setupStatus: async (id: string) => {
			fake.statusCalls.push(id);
			if (fake.status instanceof Error) throw fake.status;
			return fake.status;
		},
		refresh: async () => fake.snapshot,
		emitOutcome: (o: SetupOutcome) => outcomes.forEach((l) => l(o)),
		emitSnapshot: (s: PairingSnapshot) => ((fake.snapshot = s), snapshots.forEach((l) => l(s))),
		emitState: (s: ConnectionState) => ((fake.state = s), states.forEach((l) => l(s))),
		listenerCount: () => outcomes.size + snapshots.size + states.size,
	};
	return fake;
}

function fakeTimers() {
	const armed: { callback: () => void; ms: number; cleared: boolean }[] = [];
	const timers: PairingTimers = {
		setTimeout: (callback, ms) => {
			const entry = { callback, ms, cleared: false };
			armed.push(entry);
			return { entry, unref() {} } as unknown as NodeJS.Timeout;
		},
		clearTimeout: (t) => {
			if (t) (t as unknown as { entry: { cleared: boolean } }).entry.cleared = true;
		},
		setInterval: () => assert.fail('no interval'),
		clearInterval: () => undefined,
	};
	return { timers, armed };
}

const NOW = 1_000_000;
const issued = (extra: Partial<IssuedSetupCode> = {}, jsonEra = false): IssuedSetupCode => {
	const code: IssuedSetupCode = {
		setupCode: 'code',
		gatewayUrl: 'ws://192.168.1.5:1',
		gatewayUrls: ['ws://192.168.1.5:1'],
		auth: 'token',
		urlSource: 'test',
		access: 'full',
		accessDowngraded: false,
		setupId: 'S1',
		expiresAtMs: NOW + 600_000,
		expiryEstimated: false,
		...extra,
	};
	if (jsonEra) delete code.setupId;
	return code;
};

function watch(service: ReturnType<typeof fakeService>, code: IssuedSetupCode, now = () => NOW) {
	const { timers, armed } = fakeTimers();
	const w = new SetupWatch(service as unknown as PairingService, code, { timers, now });
	const seen: SetupWatchState[] = [];
	w.onDidChange((s) => seen.push(s));
	return { w, armed, seen };
}

describe('SetupWatch (2026.8.1+: setupId)', () => {
	test('its completed event: paired, named; another code’s event is ignored; expiry disarmed', () => {
		const service = fakeService(snap(device('OLD')));
		const { w, armed, seen } = watch(service, issued());
		assert.equal(armed[0]?.ms, 600_000);
		service.emitOutcome({ kind: 'completed', setupId: 'OTHER', deviceId: 'X', access: 'full' });
		assert.equal(w.state.phase, 'waiting');
		service.emitOutcome({ kind: 'completed', setupId: 'S1', deviceId: 'PHONE', deviceName: 'Pixel 9', access: 'full' });
		assert.deepEqual(seen, [{ phase: 'paired', deviceId: 'PHONE', name: 'Pixel 9', access: 'full', inferred: false }]);
		assert.equal(armed[0]?.cleared, true);
		service.emitOutcome({ kind: 'deliveryUncertain', setupId: 'S1', deviceId: 'PHONE', access: 'full' });
		assert.equal(seen.length, 1, 'a finished watch stays finished');
		w.dispose();
		assert.equal(service.listenerCount(), 0);
	});
	test('deliveryUncertain event', () => {
		const service = fakeService(snap());
		const { seen } = watch(service, issued());
		service.emitOutcome({ kind: 'deliveryUncertain', setupId: 'S1', deviceId: 'PHONE1234567890', access: 'limited' });
		assert.deepEqual(seen, [{ phase: 'deliveryUncertain', deviceId: 'PHONE1234567890', name: 'PHONE1234567' }]);
	});
	test('a new paired device (event dropped): asks setupStatus, which decides', async () => {
		const service = fakeService(snap(device('OLD')));
		const { w, seen } = watch(service, issued());
		service.status = undefined; // someone else's device
		service.emitSnapshot(snap(device('OLD'), device('OTHER')));
		await w.reconcile('test');
		assert.deepEqual(service.statusCalls, ['S1']);
		assert.equal(w.state.phase, 'waiting');
		service.status = { kind: 'completed', setupId: 'S1', deviceId: 'PHONE', access: 'full' };
		service.emitSnapshot(snap(device('OLD'), device('OTHER'), device('PHONE', { displayName: 'iPhone' })));
		await w.reconcile('test');
		assert.deepEqual(seen, [{ phase: 'paired', deviceId: 'PHONE', name: 'iPhone', access: 'full', inferred: false }]);
	});
	test('a status "deliveryUncertain" is asked again once (9.6 answers it before it confirms); the event decides first', async () => {
		const service = fakeService(snap());
		const { w, armed, seen } = watch(service, issued());
		service.status = { kind: 'deliveryUncertain', setupId: 'S1', deviceId: 'PHONE', access: 'full' };
		await w.reconcile('test');
		assert.equal(w.state.phase, 'waiting');
		const recheck = armed[1];
		assert.equal(recheck?.ms, 2_000);
		service.emitOutcome({ kind: 'completed', setupId: 'S1', deviceId: 'PHONE', access: 'full' });
		assert.equal(seen[0]?.phase, 'paired');
		assert.equal(recheck?.cleared, true);
	});
	test('an uncertain status that stays is reported', async () => {
		const service = fakeService(snap());
		const { w, armed, seen } = watch(service, issued());
		service.status = { kind: 'deliveryUncertain', setupId: 'S1', deviceId: 'PHONE', access: 'full' };
		await w.reconcile('test');
		armed[1]?.callback();
		await w.reconcile('settle');
		assert.deepEqual(seen, [{ phase: 'deliveryUncertain', deviceId: 'PHONE', name: 'PHONE' }]);
		assert.deepEqual(service.statusCalls, ['S1', 'S1']);
	});
	test('reconnect asks setupStatus (events were missed while down)', async () => {
		const service = fakeService(snap());
		const { w, seen } = watch(service, issued());
		service.status = { kind: 'completed', setupId: 'S1', deviceId: 'PHONE', access: 'full' };
		service.emitState({ kind: 'disconnected', message: 'x', retryAt: undefined });
		assert.equal(service.statusCalls.length, 0);
		service.emitState(CONNECTED);
		await w.reconcile('again');
		assert.equal(seen[0]?.phase, 'paired');
	});
	test('expiry: setupStatus says nothing → expired; a failing status at expiry → expired too', async () => {
		for (const status of [undefined, new Error('down')]) {
			let now = NOW;
			const service = fakeService(snap());
			service.status = status;
			const { w, armed, seen } = watch(service, issued(), () => now);
			now = NOW + 600_000;
			armed[0]?.callback();
			await w.reconcile('settle');
			assert.deepEqual(seen, [{ phase: 'expired' }]);
		}
	});
});

describe('SetupWatch (JSON era: no setupId)', () => {
	test('a device that appears in the paired list is the redeemer (inferred), bootstrap-approved first', () => {
		const service = fakeService(snap(device('OLD')));
		const { seen } = watch(service, issued({ access: 'limited' }, true));
		service.emitSnapshot(snap(device('OLD')));
		assert.equal(seen.length, 0);
		service.emitSnapshot(
			snap(device('OLD'), device('A', { approvedAtMs: 9 }), device('PHONE', { approvedVia: 'bootstrap', approvedAtMs: 5, displayName: 'Pixel' })),
		);
		assert.deepEqual(seen, [{ phase: 'paired', deviceId: 'PHONE', name: 'Pixel', access: 'limited', inferred: true }]);
		assert.deepEqual(service.statusCalls, []);
	});
	test('expiry: one refresh, then expired', async () => {
		const service = fakeService(snap());
		const { armed, seen } = watch(service, issued({}, true));
		armed[0]?.callback();
		await new Promise((resolve) => setImmediate(resolve));
		assert.deepEqual(seen, [{ phase: 'expired' }]);
	});
});
