// The PairingService against REAL OpenClaw gateways, 2026.6.6 (JSON era) and 2026.9.6 (SQLite era), each started
// once for this file. Test devices are real Ed25519 clients that the gateway refuses with 1008 until approved; our
// service sees them by event, approves/rejects them, handles upgrades, its own first pairing, and a gateway that dies
// mid-approve. Loopback pairing is silent by default: 9.6 runs with autoApproveLocal:false, 6.6 devices send Origin.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GatewaySession, generateDeviceIdentity } from '../../core/src/gateway';
import { FileIdentityStore } from '../../core/src/pairing/identityStore';
import { createPairingService } from '../../core/src/pairing/pairingService';
import type { PairingService, PairingSnapshot } from '../../core/src/pairing/types';
import { groupOf, RunningGateway, startGateway } from '../support/gateway';
import { rejection, testDevices } from '../support/testDevices';
import { CapturingLogger, RecordingTimers, capturingLogger, delay, recordingTimers, waitForSnapshot, waitForState } from '../support/pairingHarness';

interface Case {
	version: string;
	autoApproveLocal?: boolean;
	/** 6.6 has no autoApproveLocal: an Origin header keeps a loopback device from being paired silently. */
	origin: boolean;
	/** Whether our own service is paired silently on loopback (6.6) or must be approved (9.6 autoApproveLocal:false). */
	ownPairingSilent: boolean;
}

const CASES: Case[] = [
	{ version: '2026.6.6', origin: true, ownPairingSilent: true },
	{ version: '2026.9.6', autoApproveLocal: false, origin: false, ownPairingSilent: false },
];

const OUR_SCOPES = ['operator.pairing', 'operator.read'];
const ADMIN_SCOPES = ['operator.admin', 'operator.pairing', 'operator.read'];

for (const c of CASES) {
	describe(`PairingService against openclaw ${c.version}`, () => {
		let gw: RunningGateway;
		let admin: GatewaySession;
		let service: PairingService;
		let log: CapturingLogger;
		let clock: RecordingTimers;
		let tmp: string;
		let onTrace: ((line: string) => void) | undefined;
		const identityFile = () => path.join(tmp, 'extension', 'device-identity.json');

		const { tryConnect, requestPairing, connectAdmin } = testDevices(() => gw, c.origin);

		const adminList = () =>
			admin.request<{ pending: { requestId: string; deviceId: string }[]; paired: { deviceId: string; tokens: unknown[]; scopes?: string[] }[] }>(
				'device.pair.list',
				{},
			);

		before(
			async () => {
				tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pairing-service-'));
				gw = await startGateway({ version: c.version, ...(c.autoApproveLocal === undefined ? {} : { autoApproveLocal: c.autoApproveLocal }) });
				console.error(`openclaw ${c.version}: ready after ${gw.timings.readyMs} ms`);
				admin = await connectAdmin(ADMIN_SCOPES);
				log = capturingLogger();
				clock = recordingTimers();
				log.forbidden.push(gw.token);
				const baseTrace = log.trace;
				log.trace = (line: string) => {
					baseTrace(line);
					onTrace?.(line);
				};
				service = createPairingService({
					url: gw.url,
					token: async () => gw.token,
					identityStore: new FileIdentityStore(identityFile()),
					// This suite follows our own device through pairing; the device-less loopback login has breakLoop.test.ts.
					preferDevice: true,
					client: { displayName: 'VS Code (test)', version: '0.1.0', platform: 'linux' },
					log,
					trace: true,
					pollIntervalMs: 3_600_000, // no polling here: whatever shows up, shows up by event
					backoff: { initialMs: 100, maxMs: 500, jitter: 0.2 },
					timers: clock.timers,
				});
			},
			{ timeout: 180_000 },
		);

		after(async () => {
			await service?.stop();
			await admin?.close();
			await gw?.destroy();
			fs.rmSync(tmp, { recursive: true, force: true });
			log?.assertClean();
		});

		test(
			c.ownPairingSilent
				? 'our own device is paired silently on loopback and connects'
				: 'our own first pairing: awaitingPairing with a requestId, approved by `openclaw devices approve`, then connects by itself',
			async () => {
				service.start();
				if (!c.ownPairingSilent) {
					const waiting = await waitForState(service, (s) => s.kind === 'awaitingPairing');
					assert.ok(waiting.kind === 'awaitingPairing' && waiting.requestId, JSON.stringify(waiting));
					assert.equal(waiting.reason, 'not-paired');
					assert.equal(waiting.deviceId, service.deviceId);
					assert.ok(
						log.lines.some((l) => l.includes(`openclaw devices approve ${waiting.requestId}`)),
						'the log says what to run',
					);
					// Retries keep the same request alive instead of minting new ones: two more refused attempts (each
					// schedules the next retry) leave the state exactly as it was.
					await clock.armedTimeouts(2);
					assert.deepEqual(service.state, waiting);
					const cli = await gw.cli(['devices', 'approve', waiting.requestId, '--json'], { timeoutMs: 60_000 });
					assert.equal(cli.code, 0, cli.stderr);
				}
				const connected = await waitForState(service, (s) => s.kind === 'connected', 30_000);
				assert.ok(connected.kind === 'connected');
				assert.equal(connected.serverVersion, c.version);
				assert.deepEqual([...connected.scopes].sort(), [...OUR_SCOPES].sort());
				const stored = JSON.parse(fs.readFileSync(identityFile(), 'utf8')) as { deviceId: string };
				assert.equal(stored.deviceId, service.deviceId);
				assert.equal(fs.statSync(identityFile()).mode & 0o777, 0o600);
				const snapshot = service.snapshot;
				assert.ok(snapshot);
				const own = snapshot.paired.find((d) => d.deviceId === service.deviceId);
				assert.ok(own, 'our device is among the paired');
				assert.deepEqual([...(own.scopes ?? [])].sort(), [...OUR_SCOPES].sort());
				// Shared-token sessions are not self-scoped: we see other devices too (the admin's on 6.6, none on 9.6).
				if (c.version.startsWith('2026.6')) assert.ok(snapshot.paired.length >= 2, 'sees the admin device too');
				assert.equal(service.supports('device.pair.approve'), true);
				assert.equal(service.supports('device.pair.rename'), !c.version.startsWith('2026.6'));
			},
		);

		test('a new device: refused with 1008 -> its request reaches us by event -> approved by us -> it connects with the approved scopes', async () => {
			const device = generateDeviceIdentity();
			const scopes = ['operator.read', 'operator.pairing'];
			const t0 = performance.now();
			const requestId = await requestPairing(device, scopes, 'laptop');
			const seen = await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === requestId));
			console.error(`${c.version}: request visible in the snapshot ${Math.round(performance.now() - t0)} ms after the connect began`);
			assert.ok(
				log.lines.some((l) => l.startsWith('trace ← event device.pair.requested') && l.includes(requestId)),
				'it came by event',
			);
			const pending = seen.pending.find((p) => p.requestId === requestId);
			assert.equal(pending?.deviceId, device.deviceId);
			assert.equal(pending?.displayName, 'laptop');
			assert.equal(pending?.isRepair, false);
			assert.deepEqual(pending?.scopes, scopes);

			const approved = await service.approve(requestId);
			assert.equal(approved?.deviceId, device.deviceId);
			assert.deepEqual([...(approved?.scopes ?? [])].sort(), [...scopes].sort());
			assert.ok(
				approved?.tokens.every((t) => !('token' in t)),
				'token summaries only',
			);
			await waitForSnapshot(service, (s) => !s.pending.some((p) => p.requestId === requestId) && s.paired.some((d) => d.deviceId === device.deviceId));

			const attempt = await tryConnect(device, scopes, 'laptop');
			assert.ok(attempt.session, `the approved device connects: ${attempt.error?.message}`);
			assert.deepEqual([...attempt.session.hello.auth.scopes].sort(), [...scopes].sort());
			const deviceToken = attempt.session.hello.auth.deviceToken;
			if (deviceToken) log.forbidden.push(deviceToken);
			await attempt.session.close();
		});

		test('reject: the request disappears, nothing is paired, and the device can simply ask again', async () => {
			const device = generateDeviceIdentity();
			const requestId = await requestPairing(device, ['operator.read'], 'unknown tablet');
			await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === requestId));
			await service.reject(requestId);
			await waitForSnapshot(service, (s) => !s.pending.some((p) => p.requestId === requestId));
			const list = await adminList();
			assert.ok(!list.pending.some((p) => p.requestId === requestId));
			assert.ok(!list.paired.some((d) => d.deviceId === device.deviceId));
			const again = await requestPairing(device, ['operator.read'], 'unknown tablet');
			assert.notEqual(again, requestId, 'a reject does not block; the next connect is a new request');
			await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === again));
			await service.reject(again);
		});

		test('a scope upgrade (paired device asks for more) arrives as isRepair and is approved', async () => {
			const device = generateDeviceIdentity();
			const first = await requestPairing(device, ['operator.read'], 'watch');
			await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === first));
			await service.approve(first);
			const upgrade = await tryConnect(device, ['operator.read', 'operator.pairing'], 'watch');
			assert.ok(upgrade.error, 'more scopes than approved: refused');
			assert.equal(upgrade.error.reason, 'scope-upgrade');
			const upgradeId = upgrade.error.requestId;
			assert.ok(upgradeId);
			const seen = await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === upgradeId));
			const pending = seen.pending.find((p) => p.requestId === upgradeId);
			assert.equal(pending?.isRepair, true);
			assert.deepEqual([...(pending?.scopes ?? [])].sort(), ['operator.pairing', 'operator.read']);
			const approved = await service.approve(upgradeId);
			assert.deepEqual([...(approved?.scopes ?? [])].sort(), ['operator.pairing', 'operator.read']);
			const after = await tryConnect(device, ['operator.read', 'operator.pairing'], 'watch');
			assert.ok(after.session, after.error?.message);
			assert.deepEqual([...after.session.hello.auth.scopes].sort(), ['operator.pairing', 'operator.read']);
			await after.session.close();
		});

		test('what our pairing+read device may not approve: a wider scope and a node role (needsScope, nothing sent)', async () => {
			const writer = generateDeviceIdentity();
			const writeId = await requestPairing(writer, ['operator.read', 'operator.write'], 'writer');
			await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === writeId));
			const missing = await rejection(service.approve(writeId));
			assert.equal(missing.failure, 'needsScope');
			assert.deepEqual(missing.neededScopes, ['operator.write']);
			assert.ok(
				(await adminList()).pending.some((p) => p.requestId === writeId),
				'still pending after the refusal',
			);

			const node = generateDeviceIdentity();
			const nodeId = await requestPairing(node, [], 'node host', 'node');
			await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === nodeId));
			const denied = await rejection(service.approve(nodeId));
			assert.equal(denied.failure, 'needsScope');
			assert.deepEqual(denied.neededScopes, ['operator.admin']);
			// An admin can: the same requests are approvable by the gateway's own CLI/admin.
			await admin.request('device.pair.approve', { requestId: writeId });
			await admin.request('device.pair.approve', { requestId: nodeId });
		});

		test('superseded, expired, in flight: no blind approvals', async () => {
			const device = generateDeviceIdentity();
			const older = await requestPairing(device, ['operator.read'], 'phone');
			await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === older));
			const newer = await requestPairing(device, ['operator.read', 'operator.pairing'], 'phone');
			assert.notEqual(newer, older, 'other scopes: a new request supersedes the old one');
			const superseded = await rejection(service.approve(older));
			assert.equal(superseded.failure, 'superseded');
			assert.equal(superseded.replacementRequestId, newer);
			const expired = await rejection(service.approve('00000000-0000-4000-8000-000000000000'));
			assert.equal(expired.failure, 'expired');
			// What the approve command shows in its modal: the request as listed now, or the same failures.
			assert.equal((await service.pendingRequest(newer)).deviceId, device.deviceId);
			const gone = await rejection(service.pendingRequest(older));
			assert.equal(gone.failure, 'superseded');
			assert.equal(gone.replacementRequestId, newer);
			assert.equal((await rejection(service.pendingRequest('00000000-0000-4000-8000-000000000000'))).failure, 'expired');

			const first = service.approve(newer);
			const second = await rejection(service.approve(newer));
			assert.equal(second.failure, 'inFlight');
			assert.equal((await first)?.deviceId, device.deviceId);
			const sent = log.lines.filter((l) => l.startsWith(`trace → device.pair.approve {"requestId":"${newer}"}`));
			assert.equal(sent.length, 1, 'approve sent once');
		});

		test('rename, rotate, revoke, remove: tokens never come back, rename only where the gateway has it', async () => {
			const device = generateDeviceIdentity();
			const requestId = await requestPairing(device, ['operator.read'], 'old name');
			await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === requestId));
			await service.approve(requestId);
			if (service.supports('device.pair.rename')) {
				await service.rename(device.deviceId, 'Kitchen tablet');
				await waitForSnapshot(service, (s) => s.paired.some((d) => d.deviceId === device.deviceId && d.operatorLabel === 'Kitchen tablet'));
			} else {
				const unsupported = await rejection(service.rename(device.deviceId, 'Kitchen tablet'));
				assert.equal(unsupported.failure, 'unsupported');
			}
			assert.equal(await service.rotateToken(device.deviceId, 'operator'), undefined);
			await service.revokeToken(device.deviceId, 'operator');
			const revoked = await waitForSnapshot(
				service,
				(s) => s.paired.find((d) => d.deviceId === device.deviceId)?.tokens.some((t) => t.revokedAtMs !== undefined) === true,
			);
			assert.doesNotMatch(JSON.stringify(revoked), /"token"/);
			await service.remove(device.deviceId);
			await waitForSnapshot(service, (s) => !s.paired.some((d) => d.deviceId === device.deviceId));
			assert.ok(!(await adminList()).paired.some((d) => d.deviceId === device.deviceId));
		});

		test(
			'node pairing requests: seen by event, approved, refused for admin-only commands, rejected',
			{ skip: c.version.startsWith('2026.9') ? 'node.pair.request is gone since 2026.7/8 (node approval folded into device pairing)' : false },
			async () => {
				const plain = `node-${generateDeviceIdentity().deviceId.slice(0, 12)}`;
				const created = await admin.request<{ request: { requestId: string } }>('node.pair.request', {
					nodeId: plain,
					displayName: 'garage pi',
					platform: 'linux',
					commands: [],
				});
				const plainId = created.request.requestId;
				await waitForSnapshot(service, (s) => s.nodes.some((n) => n.requestId === plainId));
				assert.ok(log.lines.some((l) => l.startsWith('trace ← event node.pair.requested') && l.includes(plainId)));
				assert.deepEqual(service.snapshot?.nodes.find((n) => n.requestId === plainId)?.requiredApproveScopes ?? ['operator.pairing'], ['operator.pairing']);
				await service.approveNode(plainId);
				await waitForSnapshot(service, (s) => !s.nodes.some((n) => n.requestId === plainId));

				const runner = `node-${generateDeviceIdentity().deviceId.slice(0, 12)}`;
				const risky = await admin.request<{ request: { requestId: string } }>('node.pair.request', {
					nodeId: runner,
					displayName: 'build box',
					platform: 'linux',
					commands: ['system.run'],
				});
				const riskyId = risky.request.requestId;
				await waitForSnapshot(service, (s) => s.nodes.some((n) => n.requestId === riskyId));
				const refused = await rejection(service.approveNode(riskyId));
				assert.equal(refused.failure, 'needsScope');
				assert.deepEqual(refused.neededScopes, ['operator.admin']);
				await service.rejectNode(riskyId);
				await waitForSnapshot(service, (s) => !s.nodes.some((n) => n.requestId === riskyId));
			},
		);

		test(
			'the gateway restarts mid-session: disconnected -> reconnects -> re-lists; an approve in flight when it dies is not re-sent and nothing is approved twice',
			{ timeout: 180_000 },
			async () => {
				// 1. A clean stop and start.
				const device = generateDeviceIdentity();
				const requestId = await requestPairing(device, ['operator.read'], 'survivor');
				await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === requestId));
				await admin.close();
				const down = waitForState(service, (s) => s.kind === 'disconnected');
				await gw.stop();
				const state = await down;
				assert.ok(state.kind === 'disconnected' && state.retryAt !== undefined);
				const approveWhileDown = await rejection(service.approve(requestId));
				assert.equal(approveWhileDown.failure, 'notConnected');
				await gw.start();
				await waitForState(service, (s) => s.kind === 'connected', 60_000);
				const relisted = service.snapshot as PairingSnapshot;
				assert.ok(
					relisted.pending.some((p) => p.requestId === requestId),
					'the pending request survived the restart and was re-listed',
				);

				// 2. Freeze the gateway the instant our approve is written, then kill it: the request is in flight when it dies.
				let group = 0;
				onTrace = (line) => {
					if (line.startsWith(`→ device.pair.approve {"requestId":"${requestId}"}`) && group === 0) {
						group = groupOf(gw);
						process.kill(-group, 'SIGSTOP');
					}
				};
				const inFlight = rejection(service.approve(requestId));
				for (let i = 0; i < 100 && group === 0; i++) await delay(20);
				assert.ok(group > 0, 'approve was sent');
				onTrace = undefined;
				await delay(200);
				process.kill(-group, 'SIGKILL');
				const lost = await inFlight;
				assert.equal(lost.failure, 'gateway');
				assert.equal(lost.outcomeUnknown, true);
				await gw.stop(); // reap
				await gw.start();
				await waitForState(service, (s) => s.kind === 'connected', 60_000);
				await service.refresh(); // a later round trip on the new connection: anything (wrongly) resent before it has arrived
				admin = await connectAdmin(ADMIN_SCOPES);
				let list = await adminList();
				assert.ok(
					list.pending.some((p) => p.requestId === requestId),
					'the frozen approve never took effect, and was not re-sent after reconnecting',
				);
				assert.ok(!list.paired.some((d) => d.deviceId === device.deviceId));
				assert.ok(
					service.snapshot?.pending.some((p) => p.requestId === requestId),
					'the re-list tells the truth',
				);

				// 3. Approving again is an explicit, new action: exactly one approval in the gateway's final state.
				await service.approve(requestId);
				list = await adminList();
				const paired = list.paired.filter((d) => d.deviceId === device.deviceId);
				assert.equal(paired.length, 1);
				assert.equal(paired[0].tokens.length, 1);
				assert.ok(!list.pending.some((p) => p.deviceId === device.deviceId));
				const sends = log.lines.filter((l) => l.startsWith(`trace → device.pair.approve {"requestId":"${requestId}"}`));
				assert.equal(sends.length, 2, 'one send that died with the gateway, one explicit approve later; never an automatic resend');
			},
		);
	});
}
