// Transport faults between our PairingService and a REAL openclaw 2026.6.6 gateway, injected by a TCP proxy that
// reads WebSocket frames (test/support/faultProxy.ts) exactly at our device.pair.approve or at the gateway's answer
// to it. After each fault the service must come back to the gateway's truth (its snapshot equals a fresh
// device.pair.list of a direct admin session), never re-send the approve (counted on the wire), and the gateway must
// end with the device paired exactly once. A request we never approved must stay unapproved through every fault.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DeviceIdentity, GatewaySession, generateDeviceIdentity } from '../../core/src/gateway';
import { isPairingActionError } from '../../core/src/pairing/pairingActionError';
import type { PairedDevice, PairingActionError, PairingService } from '../../core/src/pairing/types';
import { FaultProxy, Fault, startFaultProxy } from '../support/faultProxy';
import { writeFigures } from '../support/figures';
import { RunningGateway, startGateway } from '../support/gateway';
import { CapturingLogger, delay, waitForSnapshot, serviceUnderFaults } from '../support/pairingHarness';
import { testDevices } from '../support/testDevices';

const VERSION = '2026.6.6';
const ADMIN_SCOPES = ['operator.admin', 'operator.pairing', 'operator.read'];
const REQUEST_TIMEOUT_MS = 2_000;
const RECOVERY_BOUND_MS = 15_000;

interface List {
	pending: { requestId: string; deviceId: string }[];
	paired: { deviceId: string; tokens?: unknown[] }[];
}

interface Case {
	name: string;
	fault: Fault;
	at: 'request' | 'answer';
}

const CLOSE_CODES = [1000, 1001, 1006, 1008, 1011, 1012, 1013, 4000];
const CASES: Case[] = [
	{ name: 'RST instead of forwarding the approve', fault: { kind: 'drop' }, at: 'request' },
	{ name: 'RST instead of the approve answer', fault: { kind: 'drop' }, at: 'answer' },
	{ name: 'the answer delayed 800 ms', fault: { kind: 'delay', ms: 800 }, at: 'answer' },
	{ name: 'the answer split into 7-byte TCP writes', fault: { kind: 'split', bytes: 7, gapMs: 1 }, at: 'answer' },
	{ name: 'the answer truncated mid-frame', fault: { kind: 'truncate' }, at: 'answer' },
	...CLOSE_CODES.map((code): Case => ({
		name: `close ${code}${code === 1006 ? ' (FIN, no close frame)' : ''} instead of the answer`,
		fault: { kind: 'close', code, reason: `proxy ${code}` },
		at: 'answer',
	})),
	{ name: 'close 1012 instead of forwarding the approve', fault: { kind: 'close', code: 1012, reason: 'service restart' }, at: 'request' },
	{ name: 'stall at the approve (never reaches the gateway)', fault: { kind: 'stall' }, at: 'request' },
	{ name: 'stall at the answer (approved, answer never comes)', fault: { kind: 'stall' }, at: 'answer' },
];

describe(`PairingService through a fault proxy against openclaw ${VERSION}`, () => {
	let gw: RunningGateway;
	let proxy: FaultProxy;
	let admin: GatewaySession;
	let service: PairingService;
	let log: CapturingLogger;
	let connects: () => number;
	const recoveries: Record<string, number> = {};
	const adminIdentity = generateDeviceIdentity();

	const adminList = () => admin.request<List>('device.pair.list', {});

	// 6.6 pairs loopback devices silently; an Origin header makes it a real pending request.
	const devices = testDevices(() => gw, true);
	const requestPairing = (identity: DeviceIdentity, name: string): Promise<string> => devices.requestPairing(identity, ['operator.read'], name);

	const view = (l: { pending: { requestId: string }[]; paired: { deviceId: string }[] }) => ({
		pending: l.pending.map((p) => p.requestId).sort(),
		paired: l.paired.map((d) => d.deviceId).sort(),
	});

	/** Until the service's snapshot equals a fresh admin list; returns how long that took. */
	const converge = async (since: number): Promise<number> => {
		let last = '';
		while (performance.now() - since < RECOVERY_BOUND_MS) {
			const truth = view(await adminList());
			const mine = service.snapshot ? view(service.snapshot) : undefined;
			if (service.state.kind === 'connected' && JSON.stringify(mine) === JSON.stringify(truth)) return Math.round(performance.now() - since);
			last = `service ${JSON.stringify(mine)} vs gateway ${JSON.stringify(truth)}`;
			await delay(50);
		}
		throw new Error(`no recovery within ${RECOVERY_BOUND_MS} ms: ${last}`);
	};

	const waitReconnect = async (before: number) => {
		const deadline = Date.now() + RECOVERY_BOUND_MS;
		while (connects() <= before) {
			if (Date.now() > deadline) throw new Error(`no reconnect within ${RECOVERY_BOUND_MS} ms (${JSON.stringify(service.state)})`);
			await delay(20);
		}
	};

	before(
		async () => {
			gw = await startGateway({ version: VERSION });
			proxy = await startFaultProxy({ upstreamPort: gw.port });
			admin = await devices.connectAdmin(ADMIN_SCOPES, adminIdentity);
			({ service, log, connects } = serviceUnderFaults(proxy.url, gw.token, REQUEST_TIMEOUT_MS));
			service.start();
			await waitReconnect(0);
			await converge(performance.now());
		},
		{ timeout: 120_000 },
	);

	after(async () => {
		await service?.stop();
		await admin?.close();
		await proxy?.close();
		await gw?.destroy();
		log?.assertClean();
		writeFigures('gateway-faults-proxy.json', {
			gateway: VERSION,
			faults: Object.keys(recoveries).length,
			recoveryMs: recoveries,
			maxRecoveryMs: Math.max(0, ...Object.values(recoveries)),
			approveFramesOnWire: proxy?.count('device.pair.approve'),
		});
	});

	for (const c of CASES) {
		test(`${c.name}: the approve is sent once, the device is paired once, the snapshot returns to the truth`, { timeout: 60_000 }, async () => {
			const device = generateDeviceIdentity();
			const requestId = await requestPairing(device, c.name.slice(0, 40));
			await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === requestId));
			const before = connects();
			const disruptive = c.fault.kind !== 'delay' && c.fault.kind !== 'split';
			const fired = proxy.armOnRequest('device.pair.approve', c.fault, c.at);
			const t0 = performance.now();
			const outcome = await service.approve(requestId).then(
				(device): PairedDevice | undefined => device,
				(error: unknown): PairingActionError => {
					assert.ok(isPairingActionError(error), String(error));
					return error;
				},
			);
			const conn = await fired;
			if (disruptive) {
				assert.ok(isPairingActionError(outcome), `the approve cannot have succeeded: ${JSON.stringify(outcome)}`);
				assert.equal(outcome.outcomeUnknown, true, outcome.message);
				assert.match(outcome.message, /not re-sent/);
				await waitReconnect(before);
			} else {
				assert.ok(!isPairingActionError(outcome), `delay/split only slow the answer: ${String(outcome)}`);
				assert.equal(outcome?.deviceId, device.deviceId);
				assert.equal(connects(), before, 'no reconnect was needed');
				conn.heal();
			}
			recoveries[c.name] = await converge(t0);
			await service.refresh(); // a later round trip: anything (wrongly) resent before it has reached the proxy

			const sent = proxy.requests.filter((r) => r.method === 'device.pair.approve' && (r.params as { requestId?: string }).requestId === requestId);
			assert.equal(sent.length, 1, 'our approve went on the wire exactly once');
			let list = await adminList();
			if (c.at === 'request') {
				// Swallowed: it never reached the gateway, and the truth says so. Approving is a new, explicit action.
				assert.ok(
					list.pending.some((p) => p.requestId === requestId),
					'still pending',
				);
				assert.ok(!list.paired.some((d) => d.deviceId === device.deviceId));
				await service.approve(requestId);
				list = await adminList();
			}
			const forwarded = proxy.requests.filter(
				(r) => r.method === 'device.pair.approve' && r.forwarded && (r.params as { requestId?: string }).requestId === requestId,
			);
			assert.equal(forwarded.length, 1, 'the gateway received exactly one approve');
			const paired = list.paired.filter((d) => d.deviceId === device.deviceId);
			assert.equal(paired.length, 1, 'paired exactly once');
			assert.equal(paired[0].tokens?.length, 1, 'one token: not approved twice');
			assert.ok(!list.pending.some((p) => p.deviceId === device.deviceId));
			await converge(performance.now());
		});
	}

	test('a request we never approve stays unapproved through RST, close 1012, a stall and a truncated frame', { timeout: 90_000 }, async () => {
		const device = generateDeviceIdentity();
		const requestId = await requestPairing(device, 'cancelled by the user');
		await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === requestId));
		const faults: { fault: Fault; poke?: boolean }[] = [
			{ fault: { kind: 'drop' } },
			{ fault: { kind: 'close', code: 1012, reason: 'service restart' } },
			{ fault: { kind: 'stall' }, poke: true }, // found by a refresh that times out, then a ping that does
			{ fault: { kind: 'truncate' }, poke: true },
		];
		for (const { fault, poke } of faults) {
			const before = connects();
			const conn = proxy.connections.filter((k) => !k.closed).at(-1);
			assert.ok(conn, 'the service has a live connection');
			conn.fault(fault);
			if (poke) await service.refresh().catch(() => undefined);
			await waitReconnect(before);
			await converge(performance.now());
		}
		await service.refresh(); // a later round trip: anything (wrongly) sent before it has reached the proxy
		assert.equal(proxy.count('device.pair.approve', requestId), 0, 'never sent');
		const list = await adminList();
		assert.ok(
			list.pending.some((p) => p.requestId === requestId),
			'still pending on the gateway',
		);
		assert.ok(!list.paired.some((d) => d.deviceId === device.deviceId), 'never paired');
		assert.ok(service.snapshot?.pending.some((p) => p.requestId === requestId));
	});
});
