import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { DeviceIdentity, GatewaySession, connectGateway, generateDeviceIdentity } from '../../../core/src/gateway';
import { RunningGateway, startGateway } from '../../support/gateway';
import { expectPairingRequest } from '../../support/pairingRefusal';
import { Browser, launchChromium } from '../support/browser';
import { CodeServer, installVsix, startCodeServer, writeSettings } from '../support/codeServer';
import { vsixPath } from '../support/paths';
import { STEP, UiRun } from '../support/uiRun';
import {
	clickDialogButton,
	dismissHovers,
	fillInputBox,
	notification,
	openViewContainer,
	openWorkbench,
	paneRow,
	resizeSidebar,
	rowAction,
	runCommand,
	Screenshots,
	selectors,
	statusItem,
	UI_TIMEOUT,
	waitForDialog,
	welcomeButton,
} from '../support/workbench';

// The packaged extension against a REAL OpenClaw 2026.9.6 gateway (autoApproveLocal: false, so a loopback device is
// not paired silently), driven through the workbench the way a new user meets it: no token, then the token typed into
// "Set Gateway Token", then the editor's own device waiting for approval (approved with the openclaw CLI), then a new
// device asking to pair, approved from the sidebar through the modal. One gateway and one code-server for the file.

const VERSION = '2026.9.6';
const LAPTOP = 'e2e-laptop';
const LAPTOP_SCOPES = ['operator.pairing', 'operator.read'];

describe(`openclaw-pairing.vsix against a real openclaw ${VERSION} gateway`, () => {
	const run = new UiRun('openclaw-e2e-ui-gateway-');
	const { profileDir } = run;
	let server: CodeServer;
	let browser: Browser;
	let gw: RunningGateway;
	let shots: Screenshots;
	const sessions: GatewaySession[] = [];

	before(async () => {
		const folder = path.join(profileDir, 'workspace');
		fs.mkdirSync(folder, { recursive: true });
		// The gateway takes ~40 s to start on 2 cores: start code-server and Chromium meanwhile.
		const gateway = startGateway({ version: VERSION, autoApproveLocal: false });
		gateway.catch(() => undefined);
		installVsix(vsixPath(), { profileDir });
		server = await startCodeServer({ profileDir, folder });
		browser = await launchChromium(profileDir);
		await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
		gw = await gateway;
		console.log(`# openclaw ${VERSION} ready in ${(gw.timings.readyMs / 1000).toFixed(1)} s on ${gw.url}`);
		// Before the workbench loads: the gateway URL is a "machine" setting, read from the remote (Machine) settings.
		writeSettings(server.userDataDir, { 'openclawPairing.gateway.url': gw.url }, 'Machine');
		shots = new Screenshots(browser.page, 'gateway');
		run.ready();
	}, STEP);

	after(async () => {
		await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
		await run.teardown({ browser, server, gateway: gw });
	});

	/** A test device's connect with the shared token (what a new laptop does). */
	const laptopConnect = (identity: DeviceIdentity) =>
		connectGateway({
			url: gw.url,
			auth: { token: gw.token },
			identity,
			role: 'operator',
			scopes: LAPTOP_SCOPES,
			client: { id: 'gateway-client', mode: 'ui', version: '0.1.0-e2e', platform: 'linux', displayName: LAPTOP },
		});

	let ownRequestId: string;

	run.step('a new user opens the OpenClaw sidebar: no token yet, and the welcome view offers to set one', async () => {
		const { page } = browser;
		await shots.step('no-token', async () => {
			await openWorkbench(page, server.workbenchUrl());
			await openViewContainer(page, 'OpenClaw');
			await resizeSidebar(page, 480);
			await page.locator(selectors.welcomeView).filter({ hasText: 'Connect to your OpenClaw gateway' }).first().waitFor({ timeout: UI_TIMEOUT });
			await statusItem(page, 'OpenClaw: no token').waitFor({ timeout: UI_TIMEOUT });
		});
	});

	run.step('"Set Gateway Token" takes the token in a password box; the editor, itself a new device, then awaits pairing with its requestId', async () => {
		const { page } = browser;
		await shots.step('token-input', async () => {
			await welcomeButton(page, 'Set Gateway Token').click({ timeout: UI_TIMEOUT });
			await page.locator(selectors.quickInput).filter({ hasText: 'OpenClaw gateway token' }).waitFor({ timeout: UI_TIMEOUT });
		});
		const input = await fillInputBox(page, gw.token, 'OpenClaw gateway token');
		assert.equal(input.type, 'password');
		await shots.step('awaiting-pairing', async () => {
			await statusItem(page, 'OpenClaw: awaiting pairing').waitFor({ timeout: UI_TIMEOUT });
			await page.locator(selectors.welcomeView).filter({ hasText: 'waits for approval on the gateway' }).first().waitFor({ timeout: UI_TIMEOUT });
			// The status bar's tooltip names the request to approve.
			await statusItem(page, 'OpenClaw: awaiting pairing').hover({ timeout: UI_TIMEOUT });
			const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'openclaw devices approve' }).first();
			await hover.waitFor({ timeout: UI_TIMEOUT });
			const m = /openclaw devices approve ([0-9a-f-]{8,})/.exec(await hover.innerText());
			assert.ok(m, await hover.innerText());
			ownRequestId = m[1];
		});
		// The welcome view's button copies the same command, and says so.
		await shots.step('copy-approve-command', async () => {
			await page.keyboard.press('Escape');
			await welcomeButton(page, 'Copy Approve Command').click({ timeout: UI_TIMEOUT });
			await notification(page, `Copied: openclaw devices approve ${ownRequestId}`).waitFor({ timeout: UI_TIMEOUT });
		});
		const listed = await gw.cli(['devices', 'list', '--json'], { timeoutMs: 60_000 });
		assert.equal(listed.code, 0, listed.stderr);
		const pending = (JSON.parse(listed.stdout) as { pending: { requestId: string; displayName?: string }[] }).pending;
		assert.deepEqual(
			pending.map((p) => [p.requestId, p.displayName]),
			[[ownRequestId, 'VS Code (code-server)']],
		);
	});

	run.step('`openclaw devices approve <requestId>` on the gateway host: the view connects by itself', async () => {
		const { page } = browser;
		const approved = await gw.cli(['devices', 'approve', ownRequestId, '--json'], { timeoutMs: 60_000 });
		assert.equal(approved.code, 0, approved.stderr);
		await shots.step('connected', async () => {
			await paneRow(page, 'Paired Devices', 'VS Code (code-server)').waitFor({ timeout: UI_TIMEOUT });
			await paneRow(page, 'Pending', 'Device pairing requests (0)').waitFor({ timeout: UI_TIMEOUT });
			await statusItem(page, /^\s*OpenClaw\s*$/).waitFor({ timeout: UI_TIMEOUT });
		});
	});

	let laptop: DeviceIdentity;
	let requestId: string;

	run.step('a new device asks to pair: its request appears in the Pending view without a refresh', async () => {
		const { page } = browser;
		laptop = generateDeviceIdentity();
		requestId = (await expectPairingRequest(laptopConnect(laptop), 'an unpaired device must be refused until approved')).requestId;
		await shots.step('pending-request', async () => {
			const t0 = Date.now();
			const row = paneRow(page, 'Pending', LAPTOP);
			await row.waitFor({ timeout: UI_TIMEOUT });
			console.log(`# the request row appeared ${Date.now() - t0} ms after the device was refused`);
			// What it asks for comes first, so the default sidebar width still shows it.
			assert.match(await row.innerText(), /new operator · (just now|\d+ min ago)/);
			await paneRow(page, 'Pending', 'Device pairing requests (1)').waitFor({ timeout: UI_TIMEOUT });
			// Hovering shows what it asks for; the inline Approve / Reject actions appear with it.
			await row.hover({ timeout: UI_TIMEOUT });
			const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Requested scopes' }).first();
			await hover.waitFor({ timeout: UI_TIMEOUT });
			const shown = await hover.innerText();
			assert.ok(shown.includes(requestId), `the tooltip names request ${requestId}:\n${shown}`);
			assert.match(shown, /operator\.pairing, operator\.read/);
		});
	});

	run.step("the doctor, given the refused device's line, names the reason and the fix as a button (the README's screenshot)", async () => {
		const { page } = browser;
		const line = `gateway closed (1008): pairing required: device is not approved yet (requestId: ${requestId})`;
		const dialog = await shots.step('doctor', async () => {
			await runCommand(page, 'OpenClaw: Why Is This Device Not Connecting?');
			const paste = page.locator(selectors.quickInputRow).filter({ hasText: 'Paste the error line' }).first();
			await paste.waitFor({ timeout: UI_TIMEOUT });
			await paste.click({ timeout: UI_TIMEOUT });
			await fillInputBox(page, line, 'Why is this device not connecting?');
			const seen = await waitForDialog(page, 'is not paired yet');
			await dismissHovers(page);
			return seen;
		});
		assert.equal(dialog.message, `${LAPTOP} is not paired yet: its first pairing request waits for approval.`);
		assert.ok(dialog.detail.includes(`Request ${requestId} from`), dialog.detail);
		assert.match(dialog.detail, new RegExp(`Fix: Approve request ${requestId}`));
		assert.ok(dialog.buttons.includes(`Approve request ${requestId}`) && dialog.buttons.includes('Copy Command'), JSON.stringify(dialog.buttons));
		await clickDialogButton(page, 'Cancel');
		await paneRow(page, 'Pending', LAPTOP).waitFor({ timeout: UI_TIMEOUT });
	});

	run.step('inline Approve: the modal names the device and its scopes; "Approve" moves it to Paired Devices and the device connects', async () => {
		const { page } = browser;
		const dialog = await shots.step('approve-modal', async () => {
			const approve = await rowAction(paneRow(page, 'Pending', LAPTOP), 'Approve');
			await approve.click({ timeout: UI_TIMEOUT });
			const seen = await waitForDialog(page, `Approve ${LAPTOP}?`);
			await dismissHovers(page);
			return seen;
		});
		assert.equal(dialog.message, `Approve ${LAPTOP}?`);
		assert.match(dialog.detail, new RegExp(`new pairing for "${LAPTOP}"`));
		assert.match(dialog.detail, /Role: operator/);
		assert.match(dialog.detail, new RegExp(`Scopes: ${LAPTOP_SCOPES.join(', ').replace(/\./g, '\\.')}`));
		assert.match(dialog.detail, new RegExp(`Key fingerprint: ${laptop.deviceId.slice(0, 8)} `));
		assert.ok(dialog.buttons.includes('Approve') && dialog.buttons.includes('Cancel'), JSON.stringify(dialog.buttons));

		await shots.step('approved', async () => {
			await clickDialogButton(page, 'Approve');
			await paneRow(page, 'Paired Devices', LAPTOP).waitFor({ timeout: UI_TIMEOUT });
			await paneRow(page, 'Pending', LAPTOP).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
			await notification(page, `Approved ${LAPTOP}.`).waitFor({ timeout: UI_TIMEOUT });
		});
		const session = await laptopConnect(laptop);
		sessions.push(session);
		assert.deepEqual([...session.hello.auth.scopes].sort(), LAPTOP_SCOPES);
	});
});
