import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { RunningGateway, startGateway } from '../../support/gateway';
import { FaultProxy, startFaultProxy } from '../../support/faultProxy';
import { writeFigures } from '../../support/figures';
import { Browser, launchChromium } from '../support/browser';
import { CodeServer, installVsix, startCodeServer, writeSettings } from '../support/codeServer';
import { writePairedJson } from '../support/pairingFixtures';
import { vsixPath } from '../support/paths';
import { STEP, UiRun } from '../support/uiRun';
import {
	clickDialogButton,
	fillInputBox,
	openViewContainer,
	openWorkbench,
	paneRow,
	quickOpen,
	Screenshots,
	selectors,
	statusItem,
	UI_TIMEOUT,
	waitForDialog,
	welcomeButton,
} from '../support/workbench';

// Issue 6.3, the trust half: what a cloned repository can and cannot make the extension do. Workspace Trust is on here
// (the other UI tests turn it off). A REAL openclaw 2026.6.6 gateway sits behind two recording proxies (support/
// faultProxy.ts, no faults armed): the user's URL, set in the user's (Machine) settings, and a decoy that the
// repository's .vscode/settings.json names together with wider scopes. The proxies show which URL the extension used
// and what it asked for, frame by frame.

const VERSION = '2026.6.6';
const DEFAULT_SCOPES = ['operator.pairing', 'operator.read'];

interface ConnectParams {
	scopes?: string[];
	client?: { displayName?: string };
}

describe('Workspace Trust and workspace settings against a real openclaw gateway', () => {
	const run = new UiRun('openclaw-e2e-ui-trust-');
	const { profileDir } = run;
	let server: CodeServer;
	let browser: Browser;
	let gw: RunningGateway;
	let userUrl: FaultProxy;
	let decoy: FaultProxy;
	let shots: Screenshots;
	let trustedFolder: string;
	let untrustedFolder: string;
	let trusted: Record<string, unknown> = {};
	let untrusted: Record<string, unknown> = {};

	/** A repository whose settings try to send the token elsewhere and ask for admin. */
	const hostileSettings = () => ({
		'openclawPairing.gateway.url': decoy.url,
		'openclawPairing.gateway.scopes': ['operator.admin', 'operator.pairing', 'operator.read'],
		'openclawPairing.gateway.allowInsecureRemote': true,
	});
	const writeRepo = (folder: string) => {
		fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
		fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), `${JSON.stringify(hostileSettings(), null, 2)}\n`);
		writePairedJson(folder);
	};
	const connects = (proxy: FaultProxy) => proxy.requests.filter((r) => r.method === 'connect').map((r) => r.params as ConnectParams);

	before(async () => {
		const gateway = startGateway({ version: VERSION });
		gateway.catch(() => undefined);
		installVsix(vsixPath(), { profileDir });
		gw = await gateway;
		userUrl = await startFaultProxy({ upstreamPort: gw.port });
		decoy = await startFaultProxy({ upstreamPort: gw.port });
		trustedFolder = path.join(profileDir, 'trusted-project');
		untrustedFolder = path.join(profileDir, 'untrusted-clone');
		writeRepo(trustedFolder);
		writeRepo(untrustedFolder);
		// A window left behind (the trusted one, after navigating away) is shut down after 5 s instead of 3 hours.
		server = await startCodeServer({
			profileDir,
			folder: trustedFolder,
			workspaceTrust: true,
			settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' },
			args: ['--reconnection-grace-time', '5'],
		});
		writeSettings(server.userDataDir, { 'openclawPairing.gateway.url': userUrl.url }, 'Machine');
		browser = await launchChromium(profileDir);
		shots = new Screenshots(browser.page, 'trust');
		run.ready();
	}, STEP);

	after(async () => {
		await run.teardown({ browser, server, gateway: gw, close: [() => userUrl?.close(), () => decoy?.close()] });
	});

	run.step("trusted: the gateway URL and scopes from the repository's .vscode/settings.json are ignored; the user's URL is used", async () => {
		const { page } = browser;
		await openWorkbench(page, server.workbenchUrl(trustedFolder));
		await shots.step('trust-prompt', async () => {
			await waitForDialog(page, /trust the authors/i);
		});
		await clickDialogButton(page, 'Yes, I trust the authors');
		await openViewContainer(page, 'OpenClaw');
		await welcomeButton(page, 'Set Gateway Token').click({ timeout: UI_TIMEOUT });
		await fillInputBox(page, gw.token, 'OpenClaw gateway token');
		await shots.step('trusted-connected', async () => {
			// 2026.6 pairs a loopback device without an Origin header silently: the editor connects at once.
			await paneRow(page, 'Paired Devices', 'VS Code (code-server)').waitFor({ timeout: UI_TIMEOUT });
			await statusItem(page, /^\s*OpenClaw\s*$/).waitFor({ timeout: UI_TIMEOUT });
		});
		const used = connects(userUrl);
		assert.ok(used.length >= 1, "the extension connected through the URL in the user's settings");
		for (const params of used) assert.deepEqual(params.scopes, DEFAULT_SCOPES, "it asked for the default scopes, not the repository's");
		assert.equal(decoy.connections.length, 0, 'nothing ever reached the URL from the workspace settings');
		const paired = JSON.parse(fs.readFileSync(path.join(gw.stateDir, 'devices', 'paired.json'), 'utf8')) as Record<
			string,
			{ displayName?: string; scopes?: string[] }
		>;
		const editor = Object.values(paired).find((d) => d.displayName === 'VS Code (code-server)');
		assert.deepEqual(editor?.scopes, DEFAULT_SCOPES, 'the gateway paired the editor with the default scopes');
		trusted = { connectsViaUserUrl: used.length, connectsViaWorkspaceUrl: decoy.connections.length, requestedScopes: used[0].scopes };
	});

	run.step('untrusted (Restricted Mode): pairing files are validated; no connection, no token use, and the view says why', async () => {
		const { page } = browser;
		const before = userUrl.connections.length;
		await openWorkbench(page, server.workbenchUrl(untrustedFolder));
		await waitForDialog(page, /trust the authors/i);
		await clickDialogButton(page, "No, I don't trust the authors");
		await shots.step('restricted-validation', async () => {
			await quickOpen(page, 'paired.json', '"approvedScopes"');
			await page.locator(selectors.squiggleError).first().waitFor({ timeout: UI_TIMEOUT });
		});
		await shots.step('restricted-view', async () => {
			await openViewContainer(page, 'OpenClaw');
			await page.locator(selectors.welcomeView).filter({ hasText: 'Restricted Mode' }).first().waitFor({ timeout: UI_TIMEOUT });
			await welcomeButton(page, 'Manage Workspace Trust').waitFor({ timeout: UI_TIMEOUT });
		});
		// The extension activated (the squiggle is its language server's) and would have connected during activation.
		assert.equal(userUrl.connections.length, before, 'no connection from the untrusted window');
		assert.equal(decoy.connections.length, 0);
		untrusted = { connections: userUrl.connections.length - before, connectsViaWorkspaceUrl: decoy.connections.length, pairingFileValidated: true };
	});

	run.step('trust granted from the view: the gateway features start in place, without reloading the window', async () => {
		const { page } = browser;
		const before = userUrl.connections.length;
		// A reload would drop this marker.
		await page.evaluate('window.__openclawNoReload = 1');
		await welcomeButton(page, 'Manage Workspace Trust').click({ timeout: UI_TIMEOUT });
		await page
			.locator('.workspace-trust-editor .monaco-button')
			.filter({ hasText: /^\s*Trust\s*$/ })
			.first()
			.click({ timeout: UI_TIMEOUT });
		await shots.step('trust-granted', async () => {
			await paneRow(page, 'Paired Devices', 'VS Code (code-server)').waitFor({ timeout: UI_TIMEOUT });
		});
		assert.equal(await page.evaluate('window.__openclawNoReload'), 1, 'the window was not reloaded');
		const used = connects(userUrl).slice(-1)[0];
		assert.ok(userUrl.connections.length > before, 'connected once trusted');
		assert.deepEqual(used.scopes, DEFAULT_SCOPES);
		assert.equal(decoy.connections.length, 0, "still nothing through the workspace's URL");
		writeFigures('e2e-trust.json', {
			gateway: VERSION,
			trustedWindow: trusted,
			untrustedWindow: untrusted,
			trustGrantedLater: { connections: userUrl.connections.length - before, connectsViaWorkspaceUrl: decoy.connections.length, windowReloaded: false },
		});
	});
});
