// "Pair a Phone or Node" against REAL gateways: 2026.9.6 and 8.1 (setupId, events, setupStatus, full/limited/node) and
// 2026.7.35 (the JSON era's one limited profile, no events). Our service creates the code on its shared-token
// login (operator.admin on loopback); the QR we draw is decoded back and must be exactly what the gateway issued;
// then a fresh identity redeems it as the iOS app does (role node, no scopes, client openclaw-ios / iPhone,
// auth.bootstrapToken), and the device must end up paired, seen by our SetupWatch. The code and its token are
// secrets: the service's log must never contain them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GatewayConnectError, GatewaySession, connectGateway, generateDeviceIdentity } from '../../core/src/gateway';
import { FileIdentityStore } from '../../core/src/pairing/identityStore';
import { createPairingService } from '../../core/src/pairing/pairingService';
import { IssuedSetupCode, SetupAccess, decodeSetupCode, needsPublicUrl } from '../../core/src/pairing/setupCode';
import { SetupWatch, SetupWatchState } from '../../core/src/pairing/setupWatch';
import type { PairingService } from '../../core/src/pairing/types';
import { qrSvg } from '../../client/src/setupCode/qrSvg';
import { RunningGateway, startGateway } from '../support/gateway';
import { CapturingLogger, capturingLogger, waitForState } from '../support/pairingHarness';
import { decodeQrSvg } from '../support/qrDecode';
import { rejection } from '../support/testDevices';
import { iosApp, NODE_HOST, redeemSetupCode } from '../support/phoneApp';

interface Case {
	version: string;
	/** The access levels this version issues, each redeemed once. */
	levels: SetupAccess[];
	/** 8.1+: the gateway names the code (setupId) in events and setupStatus. */
	events: boolean;
}

const CASES: Case[] = [
	{ version: '2026.9.6', levels: ['full', 'limited', 'node'], events: true },
	{ version: '2026.8.1', levels: ['full', 'limited', 'node'], events: true },
	{ version: '2026.7.35', levels: ['limited'], events: false },
];

/** What the OpenClaw iOS app sends when it scans a code (isSetupCodeMobileBootstrapClient); node hosts for node codes. */
const IOS_APP = iosApp('Test iPhone');

function waitForWatch(watch: SetupWatch, timeoutMs = 20_000): Promise<SetupWatchState> {
	if (watch.state.phase !== 'waiting') return Promise.resolve(watch.state);
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`setup watch still waiting after ${timeoutMs} ms`)), timeoutMs);
		const off = watch.onDidChange((state) => {
			clearTimeout(timer);
			off();
			resolve(state);
		});
	});
}

for (const c of CASES) {
	describe(`setup codes on openclaw ${c.version}`, () => {
		let gw: RunningGateway;
		let service: PairingService;
		let log: CapturingLogger;
		let tmp: string;
		const redeemed: GatewaySession[] = [];

		before(
			async () => {
				tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-code-'));
				gw = await startGateway({ version: c.version });
				console.error(`openclaw ${c.version}: ready after ${gw.timings.readyMs} ms`);
				log = capturingLogger();
				log.forbidden.push(gw.token);
				service = createPairingService({
					url: gw.url,
					token: async () => gw.token,
					identityStore: new FileIdentityStore(path.join(tmp, 'identity.json')),
					log,
					trace: true,
					// The JSON era sends no setup event: a short poll makes the paired list the signal there.
					pollIntervalMs: 1_000,
				});
				service.setActive(true);
				service.start();
				await waitForState(service, (s) => s.kind === 'connected', 60_000);
			},
			{ timeout: 150_000 },
		);

		after(async () => {
			for (const s of redeemed) await s.close(1000, 'done').catch(() => undefined);
			await service?.stop();
			if (process.env.SETUP_TEST_GATEWAY_LOG === '1') process.stderr.write(fs.readFileSync(gw.logFile, 'utf8'));
			log?.assertClean();
			await gw?.destroy();
			fs.rmSync(tmp, { recursive: true, force: true });
		});

		test('a loopback-bound gateway has no URL for a phone: the refusal is recognised (the editor then asks for one)', async () => {
			const error = await rejection(service.createSetupCode({ access: c.levels[0] }));
			assert.equal(error.failure, 'gateway');
			assert.ok(needsPublicUrl(error), error.message);
		});

		for (const access of c.levels) {
			test(`${access}: our QR decodes to exactly the issued code; the app redeems it; the watch sees the new device paired`, async () => {
				const issued: IssuedSetupCode = await service.createSetupCode({ access, publicUrl: gw.url });
				const payload = decodeSetupCode(issued.setupCode);
				log.forbidden.push(issued.setupCode, payload.bootstrapToken);
				assert.equal(issued.access, access);
				assert.equal(issued.accessDowngraded, false, 'a loopback URL keeps full access');
				assert.equal(payload.url, gw.url.replace(/\/$/, ''));
				assert.deepEqual(issued.gatewayUrls, [payload.url]);
				assert.equal(issued.urlSource, 'request.publicUrl');
				assert.equal(issued.setupId !== undefined, c.events);
				assert.equal(issued.expiryEstimated, !c.events);
				const leftMs = issued.expiresAtMs - Date.now();
				assert.ok(leftMs > 9 * 60_000 && leftMs <= 10 * 60_000 + 1_000, `about 10 minutes to go, got ${leftMs} ms`);

				assert.equal(decodeQrSvg(qrSvg(issued.setupCode).svg), issued.setupCode, 'the QR must carry the issued code byte for byte');

				const watch = new SetupWatch(service, issued, { log });
				try {
					const identity = generateDeviceIdentity();
					const phone = await redeemSetupCode(payload, access === 'node' ? NODE_HOST : IOS_APP, identity);
					redeemed.push(phone);
					assert.equal(phone.hello.auth.role, 'node');
					assert.equal(typeof phone.hello.auth.deviceToken, 'string', 'the app gets its device token in hello-ok');

					const state = await waitForWatch(watch);
					assert.equal(state.phase, 'paired');
					assert.ok(state.phase === 'paired');
					assert.equal(state.deviceId, identity.deviceId);
					assert.equal(state.inferred, !c.events);

					const listed = (await service.refresh()).paired.find((d) => d.deviceId === identity.deviceId);
					assert.ok(listed, 'device.pair.list shows the phone');
					const roles = listed.roles ?? (listed.role ? [listed.role] : []);
					assert.ok(roles.includes('node'), `roles ${roles.join(',')}`);
					assert.equal(roles.includes('operator'), access !== 'node', `roles ${roles.join(',')}`);
					assert.equal((listed.scopes ?? []).includes('operator.admin'), access === 'full', `scopes ${(listed.scopes ?? []).join(',')}`);

					if (c.events) {
						const status = await service.setupStatus(issued.setupId ?? '');
						assert.equal(status?.kind, 'completed');
						assert.equal(status?.deviceId, identity.deviceId);
					}

					// Single use: a second phone with the same code is refused.
					const again = await connectGateway({
						url: payload.url,
						auth: { bootstrapToken: payload.bootstrapToken },
						identity: generateDeviceIdentity(),
						role: 'node',
						scopes: [],
						client: IOS_APP,
						startupRetries: 0,
					}).then(
						(s) => (redeemed.push(s), undefined),
						(e: unknown) => e,
					);
					assert.ok(again instanceof GatewayConnectError, 'a used code must not pair a second device');
				} finally {
					watch.dispose();
				}
			});
		}
	});
}
