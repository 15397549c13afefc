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
	dialog: '.monaco-dialog-box',
	dialogMessage: '.monaco-dialog-box .dialog-message',
	dialogDetail: '.monaco-dialog-box .dialog-message-detail',
	dialogButton: '.monaco-dialog-box .dialog-buttons .monaco-button',
	welcomeView: '.part.sidebar .welcome-view-content',
	pane: '.part.sidebar .pane',
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
	await page
		.locator(selectors.sidebarTitle)
		.filter({ hasText: new RegExp(title, 'i') })
		.waitFor({ timeout: UI_TIMEOUT });
}

/** A sidebar pane header (a container with one view hides it: wait for tree rows instead there). */
export function paneHeader(page: Page, name: string): Locator {
	return page.locator(selectors.paneHeader).filter({ hasText: name }).first();
}

/** A row of a tree or list in the sidebar (e.g. a pending request or a paired device) by its visible text. */
export function treeRow(page: Page, text: string | RegExp): Locator {
	return page.locator('.part.sidebar .monaco-list-row').filter({ hasText: text }).first();
}

/** A notification toast by its text (a toast, not an entry of the notification centre's list). */
export function notification(page: Page, text: string | RegExp): Locator {
	return page.locator(selectors.notification).filter({ hasText: text }).first();
}

/**
 * Wait until a toast with this text is on screen as the user sees it: inside the window, with the notification centre
 * closed. Returns the toast. (VS Code hides a non-error toast after 10–15 s unless the mouse is over it.)
 */
export async function waitForVisibleToast(page: Page, text: string | RegExp): Promise<Locator> {
	const toast = notification(page, text);
	await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
	// A new toast slides in from below the window's edge: wait until it is all inside.
	const handle = await toast.elementHandle({ timeout: UI_TIMEOUT });
	await page
		.waitForFunction(
			(el) => {
				// Runs in the page (no DOM types in this project's lib).
				const r = (
					el as unknown as { getBoundingClientRect(): { width: number; top: number; left: number; bottom: number; right: number } }
				).getBoundingClientRect();
				const win = globalThis as unknown as { innerHeight: number; innerWidth: number };
				return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= win.innerHeight && r.right <= win.innerWidth;
			},
			handle,
			{ timeout: UI_TIMEOUT },
		)
		.catch(async () => {
			throw new Error(`the toast is not inside the window: ${JSON.stringify(await toast.boundingBox())} in ${JSON.stringify(page.viewportSize())}`);
		});
	if (await page.locator('.notifications-center.visible').count()) throw new Error('the notification centre is open: a toast would not show');
	return toast;
}

/** Move the mouse where no toast is (VS Code keeps a toast the mouse is over): the middle of the editor area. */
export async function mouseAwayFromToasts(page: Page): Promise<void> {
	const editor = await page.locator('.part.editor').first().boundingBox({ timeout: UI_TIMEOUT });
	if (editor) await page.mouse.move(editor.x + editor.width / 3, editor.y + editor.height / 3);
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

/** What a modal dialog (showWarningMessage / showInformationMessage with modal: true) shows. */
export interface DialogText {
	message: string;
	detail: string;
	buttons: string[];
}

/** Wait for a modal dialog whose text contains expect; return its message, detail and button labels. */
export async function waitForDialog(page: Page, expect: string | RegExp, timeout = UI_TIMEOUT): Promise<DialogText> {
	const dialog = page.locator(selectors.dialog).filter({ hasText: expect }).first();
	await dialog.waitFor({ timeout });
	const text = async (selector: string) =>
		(await dialog.locator(selector).first().count()) ? (await dialog.locator(selector).first().innerText()).trim() : '';
	return {
		message: await text('.dialog-message'),
		detail: await text('.dialog-message-detail'),
		buttons: (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim()).filter(Boolean),
	};
}

/** Click a button of the open modal dialog by its label and wait for the dialog to close. */
export async function clickDialogButton(page: Page, label: string): Promise<void> {
	const dialog = page.locator(selectors.dialog).first();
	await dialog
		.locator('.dialog-buttons .monaco-button')
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
		.first()
		.click({ timeout: UI_TIMEOUT });
	await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
}

/** What an input box (showInputBox) looked like; the typed value is never returned. */
export interface InputBoxState {
	type: string;
	title: string;
	length: number;
}

/** Wait for the quick input box (whose title contains expectTitle, if given), type value, press Enter, wait for it to close. */
export async function fillInputBox(page: Page, value: string, expectTitle?: string | RegExp): Promise<InputBoxState> {
	const widget = page
		.locator(selectors.quickInput)
		.filter(expectTitle ? { hasText: expectTitle } : {})
		.first();
	await widget.waitFor({ timeout: UI_TIMEOUT });
	const input = widget.locator('.quick-input-box input').first();
	await input.fill(value, { timeout: UI_TIMEOUT });
	const state: InputBoxState = {
		type: (await input.getAttribute('type')) ?? 'text',
		title: (
			(await widget
				.locator('.quick-input-title')
				.first()
				.innerText()
				.catch(() => '')) || ''
		).trim(),
		length: (await input.inputValue()).length,
	};
	await input.press('Enter');
	await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
	return state;
}

/** A row of one sidebar view (pane) by the view's name and the row's text. */
export function paneRow(page: Page, paneName: string, text: string | RegExp): Locator {
	return page
		.locator(selectors.pane)
		.filter({ has: page.locator('.pane-header', { hasText: paneName }) })
		.locator('.monaco-list-row')
		.filter({ hasText: text })
		.first();
}

/** An inline action (icon button) of a tree row, by its title (e.g. "Approve"); shown on hover, so hover first. */
export async function rowAction(row: Locator, title: string): Promise<Locator> {
	await row.hover({ timeout: UI_TIMEOUT });
	const action = row.locator(`.actions .action-label[aria-label="${title}"]`).first();
	await action.waitFor({ timeout: UI_TIMEOUT });
	return action;
}

/** A button of a view's welcome content (viewsWelcome), e.g. "Set Gateway Token". */
export function welcomeButton(page: Page, label: string): Locator {
	return page.locator(`${selectors.welcomeView} .monaco-button`).filter({ hasText: label }).first();
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Drag the sash on the sidebar's right edge so the sidebar is about width pixels wide (long tree rows stay readable). */
export async function resizeSidebar(page: Page, width: number): Promise<void> {
	const sidebar = page.locator('.part.sidebar').first();
	const box = await sidebar.boundingBox({ timeout: UI_TIMEOUT });
	if (!box) throw new Error('the sidebar is not on screen');
	const y = box.y + box.height / 2;
	await page.mouse.move(box.x + box.width + 1, y);
	await page.mouse.down();
	await page.mouse.move(box.x + width, y, { steps: 5 });
	await page.mouse.up();
	// A string: it runs in the page (this project compiles without the DOM types).
	await page.waitForFunction(`Math.abs((document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) - ${width}) < 30`, undefined, {
		timeout: UI_TIMEOUT,
	});
}

/** Move the mouse to a corner of the editor area and wait until no hover is shown (before a clean screenshot). */
export async function dismissHovers(page: Page): Promise<void> {
	const editor = await page.locator('.part.editor').first().boundingBox({ timeout: UI_TIMEOUT });
	if (editor) await page.mouse.move(editor.x + editor.width - 20, editor.y + editor.height - 20);
	await page
		.locator('.monaco-hover:not(.hidden), .workbench-hover')
		.first()
		.waitFor({ state: 'hidden', timeout: UI_TIMEOUT })
		.catch(() => undefined);
}
