import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { GatewaySession, generateDeviceIdentity } from '../../../core/src/gateway';
import type { OpenClawPairingApi } from '../../../client/src/extension';
import type { GatewayView } from '../../../client/src/gatewayController';
import { decodeSetupCode } from '../../../core/src/pairing/setupCode';
import type { ConnectionState, PairingSnapshot } from '../../../core/src/pairing/types';
import { RunningGateway, startGateway } from '../../support/gateway';
import { decodeQrSvg } from '../../support/qrDecode';
import { GATEWAY_ENV } from '../support/gatewayEnv';
import { filesContaining, waitForLogFile } from '../support/logFiles';
import { waitForGatewaySnapshot, waitForGatewayState } from '../support/vscodeWait';
import { iosApp, redeemSetupCode } from '../../support/phoneApp';
import { PointedAtOwnGateway } from '../support/ownGateway';

// "Pair a Phone or Node…" in a real extension host against a REAL openclaw 2026.9.6 of this test's own (the runner's
// 2026.6.6 has no setup codes). A loopback-bound gateway refuses to make a code unless it has a URL for the phone:
// plugins.entries.device-pair.config.publicUrl is set to its own loopback URL. The command runs with an access level
// (no picker); its state comes from the test-only command openclawPairing.test.pairPhoneState, including what the
// webview in the real workbench (Chromium) last drew (its script posts 'ready' with the page's phase). The QR the page
// shows is decoded back and redeemed as the iOS app does (fresh identity, auth.bootstrapToken, role node); the run must
// reach Paired, the extension's snapshot must list the phone, and no log file may hold the code or its token.
// With OPENCLAW_E2E_PAIRPHONE_BENCH=N, one more test times N runs of the command for `npm run bench`
// (bench/setupPanelLatency.ts). Settings and token are put back in `after`.

const EXTENSION_ID = 'openclaw-pairing.openclaw-pairing';
const VERSION = '2026.9.6';
const STATE_COMMAND = 'openclawPairing.test.pairPhoneState';
/** What the OpenClaw iOS app sends when it scans a code (test/support/phoneApp.ts). */
const IOS_APP = iosApp('e2e iPhone');

interface RunState {
	phase: string;
	visible: boolean;
	shownAfterMs?: number;
	readyAfterMs?: number;
	readyAtMs?: number;
	drawnPhase?: string;
	access?: string;
	setupId?: string;
	setupCode?: string;
	notes: string[];
	hasQr: boolean;
	qrSvg?: string;
	pairedName?: string;
	error?: string;
}

const runState = async () => ((await vscode.commands.executeCommand<RunState | undefined>(STATE_COMMAND)) ?? { phase: 'none' }) as RunState;

/** The run's state once accept holds. It has no event; the state command is asked every 50 ms. */
async function waitForRun(accept: (s: RunState) => boolean, what: string, timeoutMs = 15_000): Promise<RunState> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const state = await runState();
		if (accept(state)) return state;
		if (Date.now() > deadline) {
			const { setupCode: _c, qrSvg: _q, ...shown } = state; // never print the code
			throw new Error(`pair phone run: ${what} not within ${timeoutMs / 1000} s; last ${JSON.stringify(shown)}`);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('Pair a Phone or Node on a real 2026.9.6', function () {
	this.timeout(150_000);
	let gw: RunningGateway;
	let gateway: GatewayView;
	let secrets: vscode.SecretStorage;
	let pointed: PointedAtOwnGateway | undefined;
	const phones: GatewaySession[] = [];

	before(async function () {
		this.timeout(150_000);
		const extension = vscode.extensions.getExtension<OpenClawPairingApi>(EXTENSION_ID);
		assert.ok(extension);
		const api = await extension.activate();
		assert.ok(api.gateway && api.secrets, 'a trusted workspace in ExtensionMode.Test');
		gateway = api.gateway;
		secrets = api.secrets;
		gw = await startGateway({
			version: VERSION,
			configExtra: (url) => ({ plugins: { entries: { 'device-pair': { config: { publicUrl: url } } } } }),
		});
		console.log(`[pair phone] openclaw ${gw.version} ready in ${(gw.timings.readyMs / 1000).toFixed(1)} s`);
		pointed = new PointedAtOwnGateway(secrets);
		// The runner's machine settings log in as a device (codeServer.ts); "auto" is what a user of a loopback gateway
		// has: the shared token, device-less, with operator.admin, which creating a code needs.
		await pointed.apply({ 'gateway.loginAs': 'auto', 'gateway.url': gw.url }, gw.token);
		await waitForGatewayState(gateway, (s: ConnectionState) => s.kind === 'connected' && s.serverVersion === VERSION && s.via === 'sharedToken', 60_000);
	});

	after(async function () {
		this.timeout(60_000);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		for (const p of phones) await p.close(1000, 'done').catch(() => undefined);
		await pointed?.restore();
		await gw?.destroy();
	});

	it('full access: the page draws the QR, which decodes to the issued code; the phone redeems it → Paired, listed; no code in the logs', async () => {
		await vscode.commands.executeCommand('openclawPairing.pairPhone', 'full');
		const waiting = await waitForRun((s) => s.phase === 'waiting' && s.drawnPhase === 'waiting', 'the code drawn on the page');
		assert.equal(waiting.visible, true, 'the panel is visible');
		assert.equal(waiting.access, 'full');
		assert.ok(waiting.setupId, '9.6 names the code');
		assert.ok(waiting.setupCode && waiting.qrSvg && waiting.hasQr);
		assert.deepEqual(waiting.notes, ['loopback'], 'a loopback URL is the phone itself: the page says so');
		const code = waiting.setupCode;
		const scanned = decodeQrSvg(waiting.qrSvg);
		assert.equal(scanned, code, 'the QR carries the issued code byte for byte');
		const payload = decodeSetupCode(scanned);
		assert.equal(payload.url, gw.url, 'the code advertises the configured publicUrl');

		const identity = generateDeviceIdentity();
		const phone = await redeemSetupCode(payload, IOS_APP, identity);
		phones.push(phone);
		assert.equal(phone.hello.auth.role, 'node');

		const snapshot = await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => s.paired.some((d) => d.deviceId === identity.deviceId));
		const listed = snapshot.paired.find((d) => d.deviceId === identity.deviceId);
		const roles = listed?.roles ?? (listed?.role ? [listed.role] : []);
		assert.ok(roles.includes('node') && roles.includes('operator'), `roles ${roles.join(',')}`);
		assert.ok((listed?.scopes ?? []).includes('operator.admin'), 'a full code grants operator.admin');
		const paired = await waitForRun((s) => s.phase === 'paired' && s.drawnPhase === 'paired', 'Paired drawn on the page');
		assert.equal(paired.pairedName, IOS_APP.displayName);

		// The log lines that must be there first (they are written asynchronously), then what must not.
		const logs = process.env[GATEWAY_ENV.logsDir] ?? '';
		const { text } = await waitForLogFile(logs, /OpenClaw Pairing/, ['setup code created: full access', `setup code used: ${IOS_APP.displayName}`]);
		assert.ok(text.includes(`setup ${waiting.setupId}`), 'the setup id (no bearer material) is logged');
		for (const [what, secret] of [
			['setup code', code],
			['bootstrap token', payload.bootstrapToken],
			['gateway token', gw.token],
		] as const) {
			assert.ok(!text.includes(secret), `the ${what} is in the extension's log`);
			assert.deepEqual(filesContaining(logs, secret), [], `log files holding the ${what}`);
		}
	});

	const rounds = Number(process.env.OPENCLAW_E2E_PAIRPHONE_BENCH ?? 0);
	if (rounds > 0)
		it(`pair phone bench: ${rounds} runs, command → panel created → webview drawn → code issued`, async function () {
			this.timeout(60_000 + rounds * 10_000);
			const samples: { panelCreatedMs: number; webviewReadyMs: number; codeIssuedMs: number }[] = [];
			for (let i = 0; i < rounds; i++) {
				await vscode.commands.executeCommand('workbench.action.closeAllEditors');
				const t0 = performance.now();
				await vscode.commands.executeCommand('openclawPairing.pairPhone', 'limited');
				const issued = performance.now() - t0;
				// readyAtMs is the extension host's performance.now() when the page's 'ready' arrived: the same clock as t0.
				const s = await waitForRun((r) => r.readyAtMs !== undefined && r.phase === 'waiting', 'the page ready');
				assert.ok(s.readyAtMs !== undefined && s.shownAfterMs !== undefined);
				samples.push({ panelCreatedMs: s.shownAfterMs, webviewReadyMs: s.readyAtMs - t0, codeIssuedMs: issued });
			}
			const file = process.env.OPENCLAW_E2E_BENCH_FILE;
			if (file) fs.writeFileSync(file, JSON.stringify({ gateway: gw.version, vscode: vscode.version, samples }));
		});
});
