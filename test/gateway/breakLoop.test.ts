// The loop we exist for, on REAL gateways, ending each time with the stuck node connected:
//   - 2026.6.6 (JSON era): the openclaw CLI pairs itself with operator.pairing only, then cannot approve a node
//     ("device is asking for more scopes than currently approved") and leaves a scope upgrade nobody paired can approve;
//   - 2026.9.6 with autoApproveLocal:false: a client that waits for its own approval cannot list at all.
// Our CLI on the gateway host logs in with the shared token on loopback (connectMode.ts): it lists at once, and asks
// for operator.admin only for the approve that needs it. As a paired device (remote, preferDevice) the service files
// the scope upgrade the way each version accepts it and approves once that is granted. Build first: node scripts/build.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GatewaySession, generateDeviceIdentity } from '../../core/src/gateway';
import { createPairingService } from '../../core/src/pairing/pairingService';
import type { PairingService } from '../../core/src/pairing/types';
import { isPairingActionError } from '../../core/src/pairing/pairingActionError';
import { gatewayHostEnv, runCliAsync } from '../support/cliRun';
import { RunningGateway, startGateway } from '../support/gateway';
import { capturingLogger, waitForSnapshot, waitForState } from '../support/pairingHarness';
import { testDevices } from '../support/testDevices';

type ListPayload = {
	pending: { requestId: string; deviceId: string; scopes?: string[]; isRepair?: boolean }[];
	paired: { deviceId: string; scopes?: string[] }[];
};

const CASES = [
	{ version: '2026.6.6', origin: true },
	{ version: '2026.9.6', autoApproveLocal: false, origin: false },
];

for (const c of CASES) {
	describe(`breaking the pairing loop on openclaw ${c.version}`, () => {
		let gw: RunningGateway;
		let admin: GatewaySession;
		let tmp: string;
		let env: NodeJS.ProcessEnv;
		const sessions: GatewaySession[] = [];
		const services: PairingService[] = [];
		const { requestPairing, connectDevice, connectAdmin } = testDevices(() => gw, c.origin);
		const adminList = () => admin.request<ListPayload>('device.pair.list', {});

		before(
			async () => {
				tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'break-loop-'));
				gw = await startGateway({ version: c.version, ...(c.autoApproveLocal === undefined ? {} : { autoApproveLocal: c.autoApproveLocal }) });
				admin = await connectAdmin();
				// What a user on the gateway host has: the URL and the shared token, nothing paired for this CLI.
				env = gatewayHostEnv(tmp, gw);
			},
			{ timeout: 180_000 },
		);

		after(async () => {
			for (const s of services) await s.stop();
			for (const s of sessions) await s.close();
			await admin?.close();
			await gw?.destroy();
			if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
		});

		test('on the gateway host our CLI lists at once and approves a node; the node then connects', async () => {
			const node = generateDeviceIdentity();
			const nodeRequest = await requestPairing(node, [], 'pixel node', 'node');
			if (c.version === '2026.6.6') {
				// The seed's loop, as the real openclaw CLI lives it.
				assert.equal((await gw.cli(['devices', 'list', '--json'])).code, 0);
				const loop = await gw.cli(['devices', 'approve', nodeRequest]);
				assert.notEqual(loop.code, 0, 'the openclaw CLI cannot approve the node');
				assert.match(`${loop.stdout}\n${loop.stderr}`, /device is asking for more scopes than currently approved/);
			}
			const listed = await runCliAsync(['devices', '--json'], env);
			assert.equal(listed.code, 0, listed.stderr);
			assert.ok(
				(JSON.parse(listed.stdout) as ListPayload).pending.some((p) => p.requestId === nodeRequest),
				'the node request is listed',
			);
			assert.ok(!fs.existsSync(path.join(tmp, 'xdg', 'openclaw-pairing', 'identity.json')), 'no device key was made: none was needed');

			const approved = await runCliAsync(['approve', nodeRequest], env);
			assert.equal(approved.code, 0, approved.stderr);
			assert.match(approved.stdout, new RegExp(`^approved ${nodeRequest}: pixel node .* as node`));
			const session = await connectDevice(node, [], 'pixel node', 'node');
			sessions.push(session);
			assert.equal(session.hello.auth.role, 'node');
		});

		if (c.version === '2026.6.6') {
			test("the openclaw CLI's stranded scope upgrade: our CLI approves it, and the openclaw CLI works again", async () => {
				const list = await adminList();
				const stranded = list.pending.find((p) => p.isRepair && (p.scopes ?? []).includes('operator.admin'));
				assert.ok(stranded, `the openclaw CLI left its upgrade pending: ${JSON.stringify(list.pending)}`);
				const run = await runCliAsync(['approve', stranded.requestId], env);
				assert.equal(run.code, 0, run.stderr);
				const node = generateDeviceIdentity();
				const nodeRequest = await requestPairing(node, [], 'second node', 'node');
				const approve = await gw.cli(['devices', 'approve', nodeRequest]);
				assert.equal(approve.code, 0, `the openclaw CLI approves nodes again: ${approve.stderr}`);
				sessions.push(await connectDevice(node, [], 'second node', 'node'));
			});
		}

		test('as a paired device without operator.admin: approving a node asks for the scope, and works once it is granted', async () => {
			const log = capturingLogger();
			log.forbidden.push(gw.token);
			const identity = generateDeviceIdentity();
			const service = createPairingService({
				url: gw.url,
				token: () => Promise.resolve(gw.token),
				identityStore: { loadOrCreate: () => Promise.resolve(identity) },
				preferDevice: true,
				log,
			});
			services.push(service);
			service.start();
			const first = await waitForState(service, (s) => s.kind === 'connected' || s.kind === 'awaitingPairing', 30_000);
			if (first.kind === 'awaitingPairing') {
				await admin.request('device.pair.approve', { requestId: first.requestId });
				await service.stop();
				service.start();
			}
			const connected = await waitForState(service, (s) => s.kind === 'connected', 60_000);
			assert.equal(connected.kind === 'connected' && connected.via, 'device');

			const node = generateDeviceIdentity();
			const nodeRequest = await requestPairing(node, [], 'tablet node', 'node');
			await waitForSnapshot(service, (s) => s.pending.some((p) => p.requestId === nodeRequest), 20_000);
			const refused = await service.approve(nodeRequest).then(
				() => assert.fail('approving a node without operator.admin must not happen'),
				(e: unknown) => e,
			);
			assert.ok(isPairingActionError(refused) && refused.failure === 'needsScope', String(refused));
			assert.deepEqual(refused.neededScopes, ['operator.admin']);

			const upgrade = await service.askForScopes(['operator.admin']);
			assert.equal(upgrade.how, c.version === '2026.9.6' ? 'live' : 'reconnect');
			assert.deepEqual(upgrade.added, ['operator.admin']);
			const pending = (await adminList()).pending.find((p) => p.deviceId === identity.deviceId);
			assert.ok(pending, 'the gateway holds our upgrade request');
			assert.equal(upgrade.requestId, pending.requestId);
			// Who could approve it: exactly the paired operators holding admin (on 9.6 the test admin is device-less: nobody).
			const admins = (await adminList()).paired.filter((d) => (d.scopes ?? []).includes('operator.admin')).map((d) => d.deviceId);
			assert.deepEqual(upgrade.approvers.map((d) => d.deviceId).sort(), admins.sort());

			const waiting = service.waitForScopes(upgrade);
			await admin.request('device.pair.approve', { requestId: upgrade.requestId });
			await waiting;
			await service.approve(nodeRequest);
			sessions.push(await connectDevice(node, [], 'tablet node', 'node'));
			log.assertClean();
		});
	});
}
