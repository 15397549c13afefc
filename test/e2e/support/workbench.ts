import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { resultsDir } from './paths';

// Driving the VS Code workbench in the browser. Every helper waits for something the user would see (a selector, a
// row, a squiggle, a hover) with a generous timeout for 2 busy cores, and never sleeps for a fixed time.

/** Long enough for a loaded 2-core machine; the first paint of the workbench is the slowest step (~6–10 s idle, 35 s seen at load 9). */
export const UI_TIMEOUT = Number(process.env.OPENCLAW_E2E_UI_TIMEOUT_MS || 90_000);

export const selectors = {
	workbench: '.monaco-workbench',
	activityBar: '.part.activitybar',
	statusBar: '.part.statusbar',
	statusItem: '.statusbar-item',
	sidebarTitle: '.part.sidebar .composite.title',
	paneHeader: '.part.sidebar .pane-header',
	quickInput: '.quick-input-widget',
	quickInputBox: '.quick-input-widget .quick-input-box input',
	quickInputRow: '.quick-input-widget .monaco-list-row',
	editor: '.part.editor .editor-instance .monaco-editor',
	editorTab: '.part.editor .tabs-container .tab',
	lines: '.part.editor .monaco-editor .view-lines',
	squiggleError: '.part.editor .monaco-editor .squiggly-error',
	squiggleWarning: '.part.editor .monaco-editor .squiggly-warning',
	hover: '.monaco-hover:not(.hidden)',
	actionWidget: '.action-widget',
	actionRow: '.action-widget .monaco-list-row',
	notification: '.notification-toast',
	panel: '.part.panel',
};

/** Numbered screenshots of one flow under test-results/e2e/, so they sort in the order taken. */
export class Screenshots {
	private n = 0;
	readonly taken: string[] = [];

	constructor(
		private readonly page: Page,
		private readonly prefix: string,
	) {
		fs.mkdirSync(resultsDir, { recursive: true });
	}

	async take(name: string): Promise<string> {
		const file = path.join(resultsDir, `${this.prefix}-${String(++this.n).padStart(2, '0')}-${name}.png`);
		await this.page.screenshot({ path: file, timeout: UI_TIMEOUT });
		this.taken.push(file);
		return file;
	}

	/** Run one step; a screenshot after it, named after it (with -FAILED when it threw, then rethrow). */
	async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
		try {
			const result = await fn();
			await this.take(name);
			return result;
		} catch (error) {
			await this.take(`${name}-FAILED`).catch(() => undefined);
			throw error;
		}
	}
}

/** Load the workbench and wait until it is usable: activity bar and status bar painted, editor area present. */
export async function openWorkbench(page: Page, url: string): Promise<void> {
	await page.goto(url, { waitUntil: 'domcontentloaded', timeout: UI_TIMEOUT });
	await page.locator(selectors.workbench).waitFor({ timeout: UI_TIMEOUT });
	await page.locator(selectors.activityBar).waitFor({ timeout: UI_TIMEOUT });
	await page.locator(selectors.statusBar).waitFor({ timeout: UI_TIMEOUT });
}

/** A status bar entry by its text (codicons are rendered as icons, so match the words). */
export function statusItem(page: Page, text: string | RegExp): Locator {
	return page.locator(selectors.statusItem).filter({ hasText: text }).first();
}

/** Open a view container from the activity bar by its title and wait for its sidebar title. */
export async function openViewContainer(page: Page, title: string): Promise<void> {
	const item = page.locator(`${selectors.activityBar} .action-item a[aria-label^="${title}"]`).first();
	await item.click({ timeout: UI_TIMEOUT });
	await page.locator(selectors.sidebarTitle).filter({ hasText: new RegExp(title, 'i') }).waitFor({ timeout: UI_TIMEOUT });
}

/** A sidebar pane header (a container with one view hides it: wait for tree rows instead there). */
export function paneHeader(page: Page, name: string): Locator {
	return page.locator(selectors.paneHeader).filter({ hasText: name }).first();
}

/** A row of a tree or list in the sidebar (e.g. a pending request or a paired device) by its visible text. */
export function treeRow(page: Page, text: string | RegExp): Locator {
	return page.locator('.part.sidebar .monaco-list-row').filter({ hasText: text }).first();
}

/** A notification toast by its text. */
export function notification(page: Page, text: string | RegExp): Locator {
	return page.locator(selectors.notification).filter({ hasText: text }).first();
}

/** Run a command from the Command Palette (F1) by its title as shown there, e.g. "OpenClaw: Show Logs". */
export async function runCommand(page: Page, title: string): Promise<void> {
	await focusWorkbench(page);
	await page.keyboard.press('F1');
	const input = page.locator(selectors.quickInputBox);
	await input.waitFor({ timeout: UI_TIMEOUT });
	await input.fill(`>${title}`);
	await page.locator(selectors.quickInputRow).filter({ hasText: title }).first().waitFor({ timeout: UI_TIMEOUT });
	// No wait after Enter: a command may open an input box of its own; the caller waits for what the command shows.
	await page.keyboard.press('Enter');
}

/** Quick Open (Ctrl+P) a workspace file by name and wait until its editor shows text containing expectText. */
export async function quickOpen(page: Page, fileName: string, expectText: string): Promise<void> {
	await focusWorkbench(page);
	await page.keyboard.press('Control+P');
	const input = page.locator(selectors.quickInputBox);
	await input.waitFor({ timeout: UI_TIMEOUT });
	await input.fill(fileName);
	await page.locator(selectors.quickInputRow).filter({ hasText: fileName }).first().waitFor({ timeout: UI_TIMEOUT });
	await page.keyboard.press('Enter');
	await page.locator(selectors.editorTab).filter({ hasText: fileName }).first().waitFor({ timeout: UI_TIMEOUT });
	await page.locator(selectors.lines).filter({ hasText: expectText }).first().waitFor({ timeout: UI_TIMEOUT });
}

/** Put the cursor at a 1-based line and column with Go to Line (Ctrl+G, `line:column`). */
export async function goToLine(page: Page, line: number, column: number): Promise<void> {
	await page.locator(selectors.lines).first().click({ timeout: UI_TIMEOUT });
	await page.keyboard.press('Control+G');
	const input = page.locator(selectors.quickInputBox);
	await input.waitFor({ timeout: UI_TIMEOUT });
	await input.fill(`:${line}:${column}`);
	await page.keyboard.press('Enter');
	await input.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/** Move the mouse onto a squiggle (mouse position, not an element click: the text layer lies above it) and wait for the hover. */
export async function hoverSquiggle(page: Page, squiggle: Locator, expectText: string | RegExp): Promise<Locator> {
	const box = await squiggle.boundingBox({ timeout: UI_TIMEOUT });
	if (!box) throw new Error('the squiggle has no box on screen');
	await page.mouse.move(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2);
	const hover = page.locator(selectors.hover).filter({ hasText: expectText }).first();
	await hover.waitFor({ timeout: UI_TIMEOUT });
	return hover;
}

/** Ctrl+. at the cursor, then the action whose title starts with titlePrefix; returns the row (not yet picked). */
export async function openQuickFixMenu(page: Page, titlePrefix: string): Promise<Locator> {
	await page.keyboard.press('Control+Period');
	const row = page.locator(selectors.actionRow).filter({ hasText: titlePrefix }).first();
	await row.waitFor({ timeout: UI_TIMEOUT });
	return row;
}

/** Dismiss hovers, menus and the quick input, and give the workbench keyboard focus. */
export async function focusWorkbench(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	if (await page.locator(selectors.quickInput).isVisible()) await page.keyboard.press('Escape');
}
