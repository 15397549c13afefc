// Transport faults, against a FAKE gateway (test/support/fakeGateway.ts) because a real OpenClaw gateway cannot be
// made to send malformed or oversized frames, to cut a connection while a request is outstanding, or to drop exactly
// the events we want. Everything a real gateway can do is tested against it (pairingService.test.ts).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { generateDeviceIdentity } from '../../core/src/gateway';
import { isPairingActionError } from '../../core/src/pairing/pairingActionError';
import { connectOnce, createPairingService } from '../../core/src/pairing/pairingService';
import type { PairingDataProblem, PairingService } from '../../core/src/pairing/types';
import { FakeGateway, startFakeGateway } from '../support/fakeGateway';
import { CapturingLogger, capturingLogger, delay, recordingTimers, waitForSnapshot, waitForState } from '../support/pairingHarness';

const TOKEN = 'fake-shared-token-never-logged';
const PENDING = {
	requestId: 'req-1',
	deviceId: 'a'.repeat(64),
	publicKey: 'pk',
	displayName: 'phone',
	role: 'operator',
	roles: ['operator'],
	scopes: ['operator.read'],
	silent: false,
	isRepair: false,
	ts: Date.now(),
};

describe('PairingService transport faults (fake gateway)', () => {
	let fake: FakeGateway;
	let service: PairingService | undefined;
	let log: CapturingLogger;
	const identity = generateDeviceIdentity();

	const startService = (extra: Partial<Parameters<typeof createPairingService>[0]> = {}) => {
		log = capturingLogger();
		log.forbidden.push(TOKEN, identity.privateKeyPem);
		service = createPairingService({
			url: fake.url,
			token: async () => TOKEN,
			identityStore: { loadOrCreate: async () => identity },
			log,
			trace: true,
			backoff: { initialMs: 50, maxMs: 200, jitter: 0 },
			...extra,
		});
		service.start();
		return service;
	};

	before(async () => {
		fake = await startFakeGateway();
	});
	afterEach(async () => {
		await service?.stop();
		service = undefined;
		log.assertClean();
		fake.pending = [];
		fake.requests.length = 0;
		fake.dropAll();
	});
	after(async () => {
		await fake.close();
	});

	test('malformed frames are logged and ignored; the session survives', async () => {
		const s = startService();
		await waitForState(s, (st) => st.kind === 'connected');
		const hellos = fake.helloCount;
		fake.sendRaw('{"type":"res","id":');
		fake.sendRaw('[1,2,3]');
		fake.sendRaw('{"type":"bogus"}');
		fake.sendRaw(Buffer.from([0, 1, 2]));
		fake.sendEvent('device.pair.requested', { requestId: 42 }); // well-formed frame, unreadable payload
		fake.pending = [PENDING];
		const snapshot = await s.refresh();
		assert.deepEqual(
			snapshot.pending.map((p) => p.requestId),
			['req-1'],
		);
		assert.equal(s.state.kind, 'connected');
		assert.equal(fake.helloCount, hellos, 'no reconnect was needed');
		const warnings = log.lines.filter((l) => l.startsWith('warn'));
		assert.equal(warnings.filter((l) => /malformed frame/.test(l)).length, 4, warnings.join('\n'));
		assert.ok(warnings.some((l) => /unreadable device\.pair\.requested event/.test(l)));
		assert.ok(!log.lines.some((l) => l.includes('"id":')), 'the broken frame text itself is not logged');
	});

	test('connectOnce (the CLI): one session; data problems arrive typed; after a drop nothing retries and nothing reconnects on demand', async () => {
		log = capturingLogger();
		log.forbidden.push(TOKEN, identity.privateKeyPem);
		const problems: PairingDataProblem[] = [];
		const clock = recordingTimers();
		const once = await connectOnce(
			{
				url: fake.url,
				token: async () => TOKEN,
				identityStore: { loadOrCreate: async () => identity },
				log,
				timers: clock.timers,
				onDataProblem: (problem) => problems.push(problem),
			},
			5_000,
		);
		service = once.service;
		assert.equal(once.state.kind, 'connected', JSON.stringify(once.state));
		const hellos = fake.helloCount;
		fake.sendRaw('{"type":"res","id":');
		fake.sendEvent('device.pair.requested', { requestId: 42 });
		fake.pending = [PENDING, { requestId: 'no-device-id' }];
		const snapshot = await once.service.refresh();
		assert.deepEqual(
			snapshot.pending.map((p) => p.requestId),
			['req-1'],
		);
		assert.deepEqual([...new Set(problems.map((p) => p.kind))], ['malformedFrame', 'unreadableEvent', 'unreadableEntries']);
		assert.ok(
			problems.every((p) => log.lines.includes(`warn ${p.message}`)),
			'each is also logged as a warning',
		);
		assert.ok(!problems.some((p) => p.message.includes('"id":')), 'the broken frame text is not reported');
		fake.dropAll();
		const down = await waitForState(once.service, (st) => st.kind === 'disconnected');
		assert.equal(down.kind === 'disconnected' ? down.retryAt : 'not disconnected', undefined, 'no retry time: there is none');
		assert.deepEqual(clock.armed(), { timeouts: [], intervals: [] }, 'no retry is armed');
		const refused = await once.service.refresh().then(
			() => assert.fail('must not reconnect'),
			(e: unknown) => e,
		);
		assert.ok(isPairingActionError(refused));
		assert.equal(refused.failure, 'notConnected');
		assert.equal(fake.helloCount, hellos, 'one session only');
	});

	test('an oversized frame closes the socket (ws: Max payload size exceeded); the service logs it, reconnects and re-lists', async () => {
		const s = startService({ maxFrameBytes: 64 * 1024 });
		await waitForState(s, (st) => st.kind === 'connected');
		const hellos = fake.helloCount;
		const lists = fake.requests.filter((r) => r.method === 'device.pair.list').length;
		const disconnected = waitForState(s, (st) => st.kind === 'disconnected');
		fake.pending = [PENDING];
		fake.sendEvent('device.pair.changed', { padding: 'x'.repeat(200 * 1024) });
		const down = await disconnected;
		assert.match(down.kind === 'disconnected' ? down.message : '', /Max payload size exceeded/);
		await waitForState(s, (st) => st.kind === 'connected');
		assert.equal(fake.helloCount, hellos + 1);
		assert.ok(fake.requests.filter((r) => r.method === 'device.pair.list').length > lists, 're-listed after reconnecting');
		assert.deepEqual(
			s.snapshot?.pending.map((p) => p.requestId),
			['req-1'],
		);
		assert.ok(
			log.lines.some((l) => /^warn the gateway connection closed \(\d+ Max payload size exceeded\)/.test(l)),
			log.lines.join('\n'),
		);
	});

	test('a connection dropped while approve is outstanding: outcome unknown, never re-sent, re-listed after reconnect', async () => {
		fake.pending = [PENDING];
		let approves = 0;
		fake.handle('device.pair.approve', (_params, reply) => {
			approves++;
			reply.hold();
			setTimeout(() => fake.dropAll(), 50); // the answer never comes: the link dies first
		});
		const s = startService();
		await waitForState(s, (st) => st.kind === 'connected');
		const error = await s.approve('req-1').then(
			() => assert.fail('must not succeed'),
			(e: unknown) => e,
		);
		assert.ok(isPairingActionError(error), String(error));
		assert.equal(error.failure, 'gateway');
		assert.equal(error.outcomeUnknown, true);
		assert.match(error.message, /not re-sent/);
		const listsBefore = fake.requests.filter((r) => r.method === 'device.pair.list').length;
		await waitForState(s, (st) => st.kind === 'disconnected');
		await waitForState(s, (st) => st.kind === 'connected');
		await fake.waitFor(() => fake.requests.filter((r) => r.method === 'device.pair.list').length > listsBefore);
		await s.refresh(); // a later round trip on the new connection: anything (wrongly) resent before it has arrived
		assert.equal(approves, 1, 'device.pair.approve was sent exactly once');
		assert.deepEqual(
			fake.requests.filter((r) => r.method === 'device.pair.approve').map((r) => r.connection),
			[fake.requests.find((r) => r.method === 'device.pair.approve')?.connection],
		);
	});

	test('a second approve of the same id while the first is in flight fails with inFlight and is not sent', async () => {
		fake.pending = [PENDING];
		let release: (() => void) | undefined;
		fake.handle('device.pair.approve', (params, reply) => {
			release = () =>
				reply.ok({
					requestId: (params as { requestId: string }).requestId,
					device: { deviceId: PENDING.deviceId, tokens: [{ role: 'operator', scopes: ['operator.read'], token: 'MUST-NOT-SURFACE' }] },
				});
		});
		const s = startService();
		await waitForState(s, (st) => st.kind === 'connected');
		const first = s.approve('req-1');
		const second = s.approve('req-1').then(
			() => assert.fail('must not succeed'),
			(e: unknown) => e,
		);
		const reject = s.reject('req-1').then(
			() => assert.fail('must not succeed'),
			(e: unknown) => e,
		);
		for (const e of [await second, await reject]) {
			assert.ok(isPairingActionError(e));
			assert.equal(e.failure, 'inFlight');
		}
		await fake.waitFor(() => release !== undefined);
		release?.();
		const device = await first;
		assert.equal(device?.deviceId, PENDING.deviceId);
		assert.doesNotMatch(JSON.stringify(device), /MUST-NOT-SURFACE/);
		assert.equal(fake.requests.filter((r) => r.method === 'device.pair.approve' || r.method === 'device.pair.reject').length, 1);
	});

	test('events that never arrive: the polling fallback finds the request, but only while active', async () => {
		const clock = recordingTimers();
		const s = startService({ pollIntervalMs: 100, timers: clock.timers });
		await waitForState(s, (st) => st.kind === 'connected');
		fake.pending = [PENDING]; // no device.pair.requested event is sent
		assert.deepEqual(clock.armed().intervals, [], 'inactive: no poll timer is armed, so no list can come');
		assert.deepEqual(s.snapshot?.pending, [], 'inactive: no polling');
		s.setActive(true);
		assert.deepEqual(clock.armed().intervals, [100]);
		await waitForSnapshot(s, (snap) => snap.pending.some((p) => p.requestId === 'req-1'), 2_000);
		s.setActive(false);
		const lists = fake.requests.filter((r) => r.method === 'device.pair.list').length;
		assert.deepEqual(clock.armed(), { timeouts: [], intervals: [] }, 'no poll timer and no re-list left armed');
		assert.equal(fake.requests.filter((r) => r.method === 'device.pair.list').length, lists, 'polling stopped');
	});

	test('events that race a list are replayed on its (older) answer', async () => {
		let holdList: ((payload: unknown) => void) | undefined;
		const s = startService();
		await waitForState(s, (st) => st.kind === 'connected');
		fake.handle('device.pair.list', (_params, reply) => {
			holdList = reply.ok;
		});
		const refreshed = s.refresh();
		await fake.waitFor(() => holdList !== undefined);
		fake.sendEvent('device.pair.requested', PENDING); // after the list was computed, before its answer
		await waitForSnapshot(s, (snap) => snap.pending.length === 1);
		holdList?.({ pending: [], paired: [] }); // the stale answer does not erase the newer request
		const snapshot = await refreshed;
		assert.deepEqual(
			snapshot.pending.map((p) => p.requestId),
			['req-1'],
		);
		assert.deepEqual(
			s.snapshot?.pending.map((p) => p.requestId),
			['req-1'],
		);
		fake.handle('device.pair.list', (_params, reply) => reply.ok({ pending: fake.pending, paired: fake.paired }));
	});

	test('a connection dropped while device and node lists are both outstanding: refresh fails cleanly, nothing unhandled', async () => {
		const s = startService();
		await waitForState(s, (st) => st.kind === 'connected');
		let held = 0;
		const hold = (_params: unknown, reply: { hold(): void }) => {
			held++;
			reply.hold();
		};
		fake.handle('device.pair.list', hold);
		fake.handle('node.pair.list', hold);
		const refreshed = s.refresh().then(
			() => assert.fail('must fail'),
			(e: unknown) => e,
		);
		await fake.waitFor(() => held === 2);
		fake.dropAll();
		const error = await refreshed;
		assert.ok(isPairingActionError(error));
		assert.equal(error.failure, 'notConnected');
		fake.handle('device.pair.list', (_params, reply) => reply.ok({ pending: fake.pending, paired: fake.paired }));
		fake.handle('node.pair.list', (_params, reply) => reply.ok({ pending: [], paired: [] }));
		await waitForState(s, (st) => st.kind === 'connected');
		await delay(100); // an unhandled rejection would surface here and fail the file
	});

	test('stop() during backoff ends everything; the gateway sees no further connects', async () => {
		const clock = recordingTimers();
		const s = startService({ backoff: { initialMs: 100, maxMs: 100, jitter: 0 }, timers: clock.timers });
		await waitForState(s, (st) => st.kind === 'connected');
		fake.dropAll();
		await waitForState(s, (st) => st.kind === 'disconnected');
		const hellos = fake.helloCount;
		await s.stop();
		assert.equal(s.state.kind, 'idle');
		assert.deepEqual(clock.armed(), { timeouts: [], intervals: [] }, 'no retry is armed: nothing can connect again');
		assert.equal(fake.helloCount, hellos);
	});
});
