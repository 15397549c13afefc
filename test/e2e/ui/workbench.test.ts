import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { Browser, launchChromium } from '../support/browser';
import { CodeServer, installVsix, startCodeServer } from '../support/codeServer';
import { positionOf, remoteCliWithoutAdmin, writePairedJson } from '../support/pairingFixtures';
import { vsixPath } from '../support/paths';
import { STEP, UiRun } from '../support/uiRun';
import {
	focusWorkbench,
	goToLine,
	hoverSquiggle,
	openQuickFixMenu,
	openViewContainer,
	openWorkbench,
	paneHeader,
	quickOpen,
	runCommand,
	Screenshots,
	selectors,
	statusItem,
	UI_TIMEOUT,
} from '../support/workbench';

// The packaged openclaw-pairing.vsix, installed into code-server the way a user installs it, driven through the UI
// in headless Chromium. One code-server and one browser for the whole file: the tests are the steps of one session.

describe('openclaw-pairing.vsix in code-server', () => {
	const run = new UiRun('openclaw-e2e-ui-');
	const { profileDir } = run;
	let server: CodeServer;
	let browser: Browser;
	let shots: Screenshots;
	const text = remoteCliWithoutAdmin();

	before(async () => {
		const folder = path.join(profileDir, 'workspace');
		writePairedJson(folder, text);
		installVsix(vsixPath(), { profileDir });
		// The one UI test that lets the extension open its walkthrough on first install (machine-scoped, like in a remote window).
		server = await startCodeServer({ profileDir, folder, machineSettings: { 'workbench.welcomePage.walkthroughs.openOnInstall': true } });
		browser = await launchChromium(profileDir);
		shots = new Screenshots(browser.page, 'workbench');
		run.ready();
	}, STEP);

	after(async () => {
		await run.teardown({ browser, server });
	});

	run.step('on first install the extension opens its first-pairing walkthrough; no status-bar item before a pairing file is opened', async () => {
		const { page } = browser;
		await shots.step('walkthrough', async () => {
			await openWorkbench(page, server.workbenchUrl());
			// Opened by activate() of the installed .vsix (VS Code opens walkthroughs by itself only for Marketplace installs).
			const tab = page.locator(selectors.editorTab).filter({ hasText: 'Welcome' }).first();
			await tab.waitFor({ timeout: UI_TIMEOUT });
			await page.locator('.part.editor .gettingStartedContainer').filter({ hasText: 'Pair devices with OpenClaw' }).first().waitFor({ timeout: UI_TIMEOUT });
			// activate() opens the walkthrough after creating the status bar: had it been shown, it would be by now.
			assert.equal(await statusItem(page, 'OpenClaw').count(), 0, 'the workspace has a paired.json, but none is open yet');
			await tab.locator('.tab-actions .action-label').first().click({ timeout: UI_TIMEOUT });
			await tab.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
		});
	});

	run.step('paired.json shows an error squiggle on the remote CLI device that lacks operator.admin', async () => {
		const { page } = browser;
		await shots.step('paired-json-squiggle', async () => {
			await quickOpen(page, 'paired.json', '"approvedScopes"');
			// A pairing file open: now the status bar shows the gateway connection.
			await statusItem(page, 'OpenClaw').waitFor({ timeout: UI_TIMEOUT });
			await page.locator(selectors.squiggleError).first().waitFor({ timeout: UI_TIMEOUT });
			assert.equal(await page.locator(selectors.squiggleError).count(), 1, 'exactly one error squiggle');
		});
		await shots.step('hover-message', async () => {
			const hover = await hoverSquiggle(page, page.locator(selectors.squiggleError).first(), 'operator.admin');
			assert.match((await hover.innerText()).replace(/\s+/g, ' '), /missing-scope/);
		});
	});

	run.step('Ctrl+. offers "Grant operator.admin…"; picking it edits the file and the squiggle goes', async () => {
		const { page } = browser;
		const at = positionOf(text, '"approvedScopes"');
		const row = await shots.step('quick-fix-menu', async () => {
			await focusWorkbench(page);
			await goToLine(page, at.line + 1, at.character + 2);
			return openQuickFixMenu(page, 'Grant operator.admin');
		});
		await shots.step('fixed', async () => {
			await row.click({ timeout: UI_TIMEOUT });
			await page.locator(selectors.squiggleError).first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
			await page.locator(`${selectors.editorTab}.dirty`).filter({ hasText: 'paired.json' }).waitFor({ timeout: UI_TIMEOUT });
			const shown = await page.locator(selectors.lines).first().innerText();
			assert.ok((shown.match(/operator\.admin/g) ?? []).length >= 2, `operator.admin granted in the visible text:\n${shown}`);
		});
	});

	run.step('the Command Palette runs "OpenClaw: Show Logs" and the Output panel shows our channel', async () => {
		const { page } = browser;
		await shots.step('show-logs', async () => {
			await runCommand(page, 'OpenClaw: Show Logs');
			await page.locator(selectors.panel).filter({ hasText: 'OpenClaw Pairing' }).waitFor({ timeout: UI_TIMEOUT });
		});
	});

	run.step('the OpenClaw activity-bar container shows its Pending and Paired Devices views', async () => {
		const { page } = browser;
		await shots.step('sidebar', async () => {
			await focusWorkbench(page);
			await openViewContainer(page, 'OpenClaw');
			await paneHeader(page, 'Pending').waitFor({ timeout: UI_TIMEOUT });
			await paneHeader(page, 'Paired Devices').waitFor({ timeout: UI_TIMEOUT });
		});
	});
});
