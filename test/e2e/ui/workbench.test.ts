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
		server = await startCodeServer({ profileDir, folder });
		browser = await launchChromium(profileDir);
		shots = new Screenshots(browser.page, 'workbench');
		run.ready();
	}, STEP);

	after(async () => {
		await run.teardown({ browser, server });
	});

	run.step('the workbench loads and the extension from the .vsix activates (status bar item)', async () => {
		await shots.step('workbench', async () => {
			await openWorkbench(browser.page, server.workbenchUrl());
			// Created in activate(): proof the installed extension (not a dev path) runs in the extension host.
			await statusItem(browser.page, 'OpenClaw').waitFor({ timeout: UI_TIMEOUT });
		});
	});

	run.step('paired.json shows an error squiggle on the remote CLI device that lacks operator.admin', async () => {
		const { page } = browser;
		await shots.step('paired-json-squiggle', async () => {
			await quickOpen(page, 'paired.json', '"approvedScopes"');
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
