// The protocol client against REAL OpenClaw gateways (one per version, started once for this file):
// (a) admin accepted, (b) new device -> PAIRING_REQUIRED + 1008 -> event -> approve -> deviceToken,
// (c) reconnect with the device token alone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	GatewayClientInfo,
	GatewayConnectError,
	GatewaySession,
	connectGateway,
	generateDeviceIdentity,
	parsePairingCloseReason,
} from '../../core/src/gateway';
import type { EventFrame } from '../../core/src/gateway/frames';
import { RunningGateway, startGateway } from '../support/gateway';

interface Case {
	version: string;
	/** 9.x: turn off loopback auto-approval in config. 6.x has no such key. */
	autoApproveLocal?: boolean;
	/** The admin client pair. 9.x with autoApproveLocal:false pairs no loopback device silently, but a local
	 * gateway-client/backend with the shared token skips self-pairing (shouldSkipLocalBackendSelfPairing). */
	admin: Pick<GatewayClientInfo, 'id' | 'mode'>;
	adminPaired: boolean;
	/** 6.x: a browser Origin header is never silently paired (real-gateway.md §4 (B)). */
	origin: boolean;
}

const CASES: Case[] = [
	{ version: '2026.6.6', admin: { id: 'gateway-client', mode: 'ui' }, adminPaired: true, origin: true },
	{ version: '2026.9.6', autoApproveLocal: false, admin: { id: 'gateway-client', mode: 'backend' }, adminPaired: false, origin: false },
];

const DEVICE_SCOPES = ['operator.read', 'operator.pairing'];
const ADMIN_SCOPES = ['operator.admin', 'operator.pairing', 'operator.read'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function client(info: Pick<GatewayClientInfo, 'id' | 'mode'>, displayName: string): GatewayClientInfo {
	return { ...info, version: '0.1.0-test', platform: 'linux', displayName };
}

/** Resolves with the first matching event; the listener is attached immediately (before the trigger). */
function nextEvent(session: GatewaySession, event: string, match: (payload: Record<string, unknown>) => boolean, timeoutMs = 10_000): Promise<EventFrame> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			off();
			reject(new Error(`no ${event} within ${timeoutMs} ms`));
		}, timeoutMs);
		const off = session.onEvent((ev) => {
			if (ev.event !== event || typeof ev.payload !== 'object' || ev.payload === null) return;
			if (!match(ev.payload as Record<string, unknown>)) return;
			clearTimeout(timer);
			off();
			resolve(ev);
		});
	});
}

interface PairList {
	pending: { requestId: string; deviceId: string }[];
	paired: { deviceId: string }[];
}

for (const c of CASES) {
	describe(`openclaw ${c.version}`, () => {
		let gw: RunningGateway;
		let admin: GatewaySession;
		const device = generateDeviceIdentity();
		let deviceToken: string | undefined;

		before(
			async () => {
				gw = await startGateway({ version: c.version, ...(c.autoApproveLocal === undefined ? {} : { autoApproveLocal: c.autoApproveLocal }) });
				// Diagnostic for the report: real start-up cost of this version on this machine.
				console.error(`openclaw ${c.version}: listening after ${gw.timings.listeningMs} ms, ready after ${gw.timings.readyMs} ms`);
			},
			{ timeout: 180_000 },
		);

		after(async () => {
			await admin?.close();
			await gw?.destroy();
		});

		const deviceOpts = () => ({
			url: gw.url,
			identity: device,
			role: 'operator' as const,
			scopes: DEVICE_SCOPES,
			client: client({ id: 'gateway-client', mode: 'ui' }, 'OpenClaw Pairing test device'),
			...(c.origin ? { headers: { Origin: `http://127.0.0.1:${gw.port}` } } : {}),
		});

		it('(a) accepts an admin session with the shared token and its own identity; device.pair.list works', async () => {
			const identity = generateDeviceIdentity();
			admin = await connectGateway({
				url: gw.url,
				auth: { token: gw.token },
				identity,
				role: 'operator',
				scopes: ADMIN_SCOPES,
				client: client(c.admin, 'test admin'),
			});
			assert.equal(admin.hello.type, 'hello-ok');
			assert.equal(admin.hello.protocol, 4);
			assert.equal(admin.hello.server.version, c.version);
			assert.equal(admin.hello.auth.role, 'operator');
			for (const s of ADMIN_SCOPES) assert.ok(admin.hello.auth.scopes.includes(s), `admin scope ${s}`);
			assert.ok(admin.hello.features.methods.includes('device.pair.approve'));
			const list = await admin.request<PairList>('device.pair.list', {});
			assert.ok(Array.isArray(list.pending) && Array.isArray(list.paired));
			const self = list.paired.some((p) => p.deviceId === identity.deviceId);
			assert.equal(self, c.adminPaired, c.adminPaired ? 'admin silently paired' : 'local backend client is not paired');
			assert.equal(typeof admin.hello.auth.deviceToken === 'string', c.adminPaired);
		});

		it('(b) a new device gets PAIRING_REQUIRED + 1008, the admin sees and approves it, then hello-ok has a deviceToken', async () => {
			assert.ok(admin, 'needs (a)');
			const requested = nextEvent(admin, 'device.pair.requested', (p) => p.deviceId === device.deviceId);
			const err = await connectGateway({ ...deviceOpts(), auth: { token: gw.token } }).then(
				() => assert.fail('a new device must not be accepted'),
				(e: unknown) => e,
			);
			assert.ok(err instanceof GatewayConnectError, String(err));
			assert.equal(err.kind, 'rejected');
			assert.equal(err.code, 'NOT_PAIRED');
			assert.equal(err.detailCode, 'PAIRING_REQUIRED');
			assert.equal(err.reason, 'not-paired');
			assert.match(err.requestId ?? '', UUID);
			assert.equal(err.close?.code, 1008);
			assert.equal(parsePairingCloseReason(err.close?.reason ?? '')?.requestId, err.requestId);

			const ev = await requested;
			assert.equal((ev.payload as { requestId: string }).requestId, err.requestId);
			const list = await admin.request<PairList>('device.pair.list', {});
			assert.ok(list.pending.some((p) => p.requestId === err.requestId && p.deviceId === device.deviceId));

			const resolved = nextEvent(admin, 'device.pair.resolved', (p) => p.requestId === err.requestId);
			const approved = await admin.request<{ requestId: string; device: { deviceId: string } }>('device.pair.approve', { requestId: err.requestId });
			assert.equal(approved.requestId, err.requestId);
			assert.equal(approved.device.deviceId, device.deviceId);
			assert.equal(((await resolved).payload as { decision?: string }).decision, 'approved');

			const session = await connectGateway({ ...deviceOpts(), auth: { token: gw.token } });
			try {
				assert.deepEqual([...session.hello.auth.scopes].sort(), [...DEVICE_SCOPES].sort());
				assert.equal(typeof session.hello.auth.deviceToken, 'string');
				deviceToken = session.hello.auth.deviceToken;
			} finally {
				await session.close();
			}
		});

		it('(c) the paired device reconnects with only its device token', async () => {
			assert.ok(deviceToken, 'needs (b)');
			const session = await connectGateway({ ...deviceOpts(), auth: { deviceToken } });
			try {
				assert.deepEqual([...session.hello.auth.scopes].sort(), [...DEVICE_SCOPES].sort());
				if (session.hello.auth.method !== undefined) assert.equal(session.hello.auth.method, 'device-token'); // 9.x only
				// A device-token session without operator.admin is self-scoped: it sees only its own device.
				const list = await session.request<PairList>('device.pair.list', {});
				assert.deepEqual(
					list.paired.map((p) => p.deviceId),
					[device.deviceId],
				);
			} finally {
				await session.close();
			}
		});
	});
}
