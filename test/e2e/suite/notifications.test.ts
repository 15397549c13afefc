import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DeviceIdentity, connectGateway, generateDeviceIdentity } from '../../../core/src/gateway';
import type { GatewayView } from '../../../client/src/gatewayController';
import type { PairingSnapshot } from '../../../core/src/pairing/types';
import { expectPairingRequest } from '../../support/pairingRefusal';
import { connectedExtension } from '../support/connectedExtension';
import { GATEWAY_ENV } from '../support/gatewayEnv';
import { waitForLogFile } from '../support/logFiles';
import { answerModal } from '../support/modalStub';
import { waitForGatewaySnapshot } from '../support/vscodeWait';

// New-request notifications against the REAL gateway runExtensionTests.ts started (2026.6.6): a device connects, the
// gateway's device.pair.requested reaches the extension, and the extension calls VS Code's showInformationMessage.
// The test watches that very call (and answers its buttons) by wrapping vscode.window.showInformationMessage, which the
// extension and the test share; the real notification is still shown. The badge is read through a command the
// extension registers only in ExtensionMode.Test. With OPENCLAW_E2E_NOTIFY_BENCH=N, one more test measures N rounds
// of "device connects → notification shown" for `npm run bench` (bench/notificationLatency.ts).

const SETTING = 'notifications.newRequests';
const env = (key: string) => process.env[key] ?? '';

interface Shown {
	message: string;
	buttons: string[];
	/** performance.now() when the extension called showInformationMessage. */
	at: number;
}

/**
 * Record every non-modal showInformationMessage and answer it with `answer(shown)`: a button label, a promise of one
 * (the click comes when it resolves), or undefined (a user who does not click). Modal calls pass through
 * (support/modalStub.ts answers those). restore() puts the original back.
 */
function watchNotifications(answer: (shown: Shown) => string | Promise<string> | undefined) {
	type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;
	const window = vscode.window as unknown as { showInformationMessage: Show };
	const original = window.showInformationMessage;
	const seen: Shown[] = [];
	const waiters: { match: (s: Shown) => boolean; resolve: (s: Shown) => void }[] = [];
	window.showInformationMessage = function (this: unknown, message, ...rest) {
		const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest[0] as vscode.MessageOptions) : undefined;
		const real = original.call(this, message, ...rest);
		if (options?.modal) return real;
		const shown = { message, buttons: rest.filter((b): b is string => typeof b === 'string'), at: performance.now() };
		seen.push(shown);
		for (const w of waiters.filter((w) => w.match(shown))) {
			waiters.splice(waiters.indexOf(w), 1);
			w.resolve(shown);
		}
		const picked = answer(shown);
		return picked === undefined ? real : Promise.resolve(picked);
	};
	return {
		seen,
		/** The first notification (already shown or still to come) that matches. */
		next(match: (s: Shown) => boolean, timeoutMs = 15_000): Promise<Shown> {
			const already = seen.find(match);
			if (already) return Promise.resolve(already);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no such notification within ${timeoutMs / 1000} s; shown: ${JSON.stringify(seen)}`)), timeoutMs);
				waiters.push({ match, resolve: (s) => (clearTimeout(timer), resolve(s)) });
			});
		},
		restore() {
			window.showInformationMessage = original;
		},
	};
}

describe('notifications for new pairing requests, in a real extension host', () => {
	let gateway: GatewayView;
	const url = env(GATEWAY_ENV.url);
	const token = env(GATEWAY_ENV.token);
	const config = () => vscode.workspace.getConfiguration('openclawPairing');

	/** A new device asking to pair; 2026.6 pairs loopback silently unless a browser Origin is sent. */
	const askToPair = async (identity: DeviceIdentity, name: string): Promise<string> => {
		const connecting = connectGateway({
			url,
			auth: { token },
			identity,
			role: 'operator',
			scopes: ['operator.read'],
			client: { id: 'gateway-client', mode: 'ui', version: '0.1.0-e2e', platform: 'linux', displayName: name },
			headers: { Origin: `http://127.0.0.1:${new URL(url).port}` },
		});
		return (await expectPairingRequest(connecting, `${name} must wait for approval`)).requestId;
	};
	const badge = () => vscode.commands.executeCommand<vscode.ViewBadge | undefined>('openclawPairing.test.pendingBadge');

	before(async function () {
		if (!url || !token) {
			console.log(`# no gateway in ${GATEWAY_ENV.url}/${GATEWAY_ENV.token}: skipped (run through runExtensionTests.js)`);
			this.skip();
		}
		gateway = await connectedExtension(token);
		await config().update(SETTING, true, vscode.ConfigurationTarget.Global);
	});

	after(async () => {
		await config().update(SETTING, undefined, vscode.ConfigurationTarget.Global);
	});

	it('a device asks to pair: one notification naming it, the badge counts it, and "Approve…" goes through the modal', async () => {
		const name = 'e2e-notify-phone';
		const phone = generateDeviceIdentity();
		let click: (button: string) => void = () => undefined;
		const clicked = new Promise<string>((resolve) => (click = resolve));
		const notifications = watchNotifications((s) => (s.message.startsWith(name) ? clicked : undefined));
		const modal = answerModal('Approve');
		try {
			const requestId = await askToPair(phone, name);
			const shown = await notifications.next((s) => s.message.startsWith(name));
			assert.equal(shown.message, `${name} (linux, operator) asks to pair`);
			assert.deepEqual(shown.buttons, ['Approve…', 'Show', "Don't Notify"]);
			// Counted in the activity-bar badge with every other pending device and node request.
			const shownBadge = await badge();
			const snapshot = gateway.snapshot;
			assert.ok(snapshot && snapshot.pending.some((p) => p.requestId === requestId));
			const n = snapshot.pending.length + snapshot.nodes.length;
			assert.deepEqual(shownBadge, { value: n, tooltip: `${n} pending request${n === 1 ? '' : 's'}` });
			// "Approve…" runs the approve command, whose modal names what is granted; answered, the device is paired.
			click('Approve…');
			await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => s.paired.some((d) => d.deviceId === phone.deviceId));
			assert.equal(modal.calls.length, 1);
			assert.equal(modal.calls[0].message, `Approve ${name}?`);
			assert.match(modal.calls[0].detail ?? '', /^new pairing for "e2e-notify-phone"/);
			assert.equal(notifications.seen.filter((s) => s.message.includes(name) && s.message.includes('asks')).length, 1, 'one notification');
		} finally {
			modal.restore();
			notifications.restore();
		}
	});

	it('"Approve…" on a notification whose request was approved in the sidebar meanwhile: says so, no second modal', async () => {
		const name = 'e2e-notify-stale';
		let click: (button: string) => void = () => undefined;
		const clicked = new Promise<string>((resolve) => (click = resolve));
		const notifications = watchNotifications((s) => (s.message.startsWith(name) ? clicked : undefined));
		const modal = answerModal('Approve');
		try {
			const requestId = await askToPair(generateDeviceIdentity(), name);
			await notifications.next((s) => s.message.startsWith(name));
			// Approved from the Pending view's inline action while the notification is still on screen.
			await vscode.commands.executeCommand('openclawPairing.approve', { type: 'device', request: { requestId } });
			await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => !s.pending.some((p) => p.requestId === requestId));
			click('Approve…');
			await notifications.next((s) => s.message.startsWith('That request is no longer pending'));
			assert.equal(modal.calls.length, 1, 'only the sidebar approval asked');
		} finally {
			modal.restore();
			notifications.restore();
		}
	});

	it('two devices at once: one notification for both; "Don\'t Notify" turns the setting off, and the next device is only logged', async () => {
		const notifications = watchNotifications((s) => (s.message.startsWith('2 devices ask to pair') ? "Don't Notify" : undefined));
		try {
			const [a, b] = await Promise.all([askToPair(generateDeviceIdentity(), 'e2e-burst-1'), askToPair(generateDeviceIdentity(), 'e2e-burst-2')]);
			const shown = await notifications.next((s) => s.message.startsWith('2 devices'));
			assert.match(shown.message, /^2 devices ask to pair: e2e-burst-[12], e2e-burst-[12]$/);
			assert.deepEqual(shown.buttons, ['Show', "Don't Notify"]);
			const off = await notifications.next((s) => s.message.includes('no more notifications'));
			assert.match(off.message, /openclawPairing\.notifications\.newRequests/, 'says how to turn them back on');
			assert.equal(config().inspect<boolean>(SETTING)?.globalValue, false);

			const quiet = await askToPair(generateDeviceIdentity(), 'e2e-quiet');
			// The notifier logs what it does not show; once that line is there, its window has passed.
			await waitForLogFile(env(GATEWAY_ENV.logsDir), /OpenClaw Pairing/, [`new pairing request ${quiet} (notifications are off)`]);
			assert.deepEqual(
				notifications.seen.filter((s) => /e2e-(burst|quiet)/.test(s.message)).map((s) => s.message),
				[shown.message],
				'one notification for the burst, none for the device after "Don\'t Notify"',
			);
			assert.ok(
				[a, b, quiet].every((id) => gateway.snapshot?.pending.some((p) => p.requestId === id)),
				'all three wait in the Pending view',
			);
		} finally {
			notifications.restore();
			await config().update(SETTING, true, vscode.ConfigurationTarget.Global);
		}
	});

	const rounds = Number(process.env.OPENCLAW_E2E_NOTIFY_BENCH ?? 0);
	if (rounds > 0)
		it(`notification latency: ${rounds} devices, one at a time, connect → notification shown`, async function () {
			this.timeout(60_000 + rounds * 10_000);
			const notifications = watchNotifications(() => undefined);
			const samples: { connectToSnapshotMs: number; snapshotToShownMs: number; connectToShownMs: number }[] = [];
			try {
				for (let i = 0; i < rounds; i++) {
					const name = `e2e-bench-${i}`;
					const device = generateDeviceIdentity();
					let inSnapshot = 0;
					const seen = waitForGatewaySnapshot(
						gateway,
						(s: PairingSnapshot) => {
							const there = s.pending.some((p) => p.deviceId === device.deviceId);
							if (there && !inSnapshot) inSnapshot = performance.now();
							return there;
						},
						15_000,
					);
					const start = performance.now();
					await askToPair(device, name);
					await seen;
					const shown = await notifications.next((s) => s.message.startsWith(`${name} `));
					samples.push({ connectToSnapshotMs: inSnapshot - start, snapshotToShownMs: shown.at - inSnapshot, connectToShownMs: shown.at - start });
				}
			} finally {
				notifications.restore();
			}
			const file = process.env.OPENCLAW_E2E_BENCH_FILE;
			if (file) fs.writeFileSync(file, JSON.stringify({ gateway: env(GATEWAY_ENV.version), vscode: vscode.version, samples }));
		});
});
