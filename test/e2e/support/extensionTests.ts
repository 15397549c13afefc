import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser';
import { startCodeServer, tempProfile } from './codeServer';
import { UI_BRIDGE_ENV, UI_BRIDGE_PREFIX, UiReply, UiRequest } from './uiBridge';
import { fillInputBox } from './workbench';

/** Workbench chatter every run prints (offline, no gallery, no GitHub auth): kept in the log file, not on the console. */
const BENIGN = [
	/^Ignoring fetching additional builtin extensions/,
	/^Updating additional builtin extensions cache/,
	/^Resolv(ing|ed) connection token/,
	/^Creating a socket/,
	/^\[(reconnection-grace-time|Service Worker|AccountPolicyGate|AgentHost[^\]]*)\]/,
	/^Timed out waiting for authentication provider 'github'/,
	/^Creation of workbench contribution/,
	/vsda_bg\.wasm/,
];

export interface ExtensionTestRun {
	/** Absolute paths on this machine, as test-electron passes them. */
	extensionDevelopmentPath: string;
	extensionTestsPath: string;
	folder?: string | undefined;
	userDataDir?: string | undefined;
	extensionsDir?: string | undefined;
	env?: NodeJS.ProcessEnv;
	/** Whole run, from code-server start to the extension host's exit; default 10 min. */
	timeoutMs?: number;
}

/**
 * Run extension tests in code-server's Node extension host, the way VS Code's own remote integration tests do: the
 * server only starts an extension host when a workbench connects, so a headless Chromium opens the workbench with
 * the dev/test payload (honored only with `enable-smoke-test-driver`), and the workbench reports the test host's
 * exit through `window.codeAutomationExit`. Extension-host console output arrives through `codeAutomationLog`.
 * Resolves with the exit code of the test extension host (0: every test passed).
 */
export async function runExtensionTestsInCodeServer(run: ExtensionTestRun): Promise<number> {
	const t0 = Date.now();
	const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	const note = (msg: string) => process.stderr.write(`[code-shim] ${msg} (${since()})\n`);
	const profileDir = tempProfile('openclaw-e2e-exthost-');
	note(`profile ${profileDir}`);
	// Where the answers of UI requests go (support/uiBridge.ts); the tests learn it from their environment.
	const bridgeDir = path.join(profileDir, 'ui-bridge');
	fs.mkdirSync(bridgeDir, { recursive: true });
	const server = await startCodeServer({
		profileDir,
		folder: run.folder,
		userDataDir: run.userDataDir,
		extensionsDir: run.extensionsDir,
		smokeTestDriver: true,
		env: { ...run.env, [UI_BRIDGE_ENV]: bridgeDir },
	});
	note(`code-server listening on ${server.url}`);
	const browser = await launchChromium(profileDir).catch(async (error: unknown) => {
		await server.stop();
		throw error;
	});
	const { page } = browser;
	const pageLog = fs.createWriteStream(path.join(profileDir, 'browser-console.log'));
	let finished = false;
	let code = 1;
	try {
		let settle: (code: number) => void = () => undefined;
		const exitCode = new Promise<number>((resolve) => (settle = resolve));
		await page.exposeFunction('codeAutomationLog', (level: string, args: unknown[]) => {
			const text = format(...(Array.isArray(args) ? args : [args]));
			pageLog.write(`[automation ${level}] ${text}\n`);
			const bridged = text.indexOf(UI_BRIDGE_PREFIX);
			if (bridged >= 0) {
				void answerUiRequest(page, bridgeDir, text.slice(bridged + UI_BRIDGE_PREFIX.length).trim());
				return;
			}
			if (BENIGN.some((re) => re.test(text))) return;
			(level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${text}\n`);
		});
		await page.exposeFunction('codeAutomationExit', (status: number, logs?: { relativePath: string; contents: string }[]) => {
			// The workbench hands over its own (browser-side) logs: keep them next to the server's.
			for (const { relativePath, contents } of logs ?? []) {
				const file = path.join(profileDir, 'workbench-logs', relativePath);
				if (!file.startsWith(path.join(profileDir, 'workbench-logs'))) continue;
				fs.mkdirSync(path.dirname(file), { recursive: true });
				fs.writeFileSync(file, contents);
			}
			settle(status);
		});
		page.on('console', (m) => pageLog.write(`[${m.type()}] ${m.text()}\n`));
		page.on('pageerror', (e) => pageLog.write(`[pageerror] ${e.stack ?? e.message}\n`));
		page.on('crash', () => {
			note('the workbench page crashed');
			settle(1);
		});

		const payload: [string, string][] = [
			['extensionDevelopmentPath', server.remoteUri(run.extensionDevelopmentPath)],
			['extensionTestsPath', server.remoteUri(run.extensionTestsPath)],
			['skipWelcome', 'true'],
		];
		await page.goto(server.workbenchUrl(run.folder, payload), { waitUntil: 'domcontentloaded', timeout: 120_000 });
		note('workbench loading; tests run once the extension host is up');
		const timeoutMs = run.timeoutMs ?? Number(process.env.OPENCLAW_E2E_TIMEOUT_MS || 600_000);
		let timer: NodeJS.Timeout | undefined;
		code = await Promise.race([
			exitCode,
			server.exited.then(() => {
				if (!finished) note(`code-server exited during the run; log: ${server.logFile}`);
				return 1;
			}),
			new Promise<number>((resolve) => {
				timer = setTimeout(() => {
					note(`no exit from the test extension host within ${timeoutMs / 1000} s; logs: ${profileDir}`);
					resolve(1);
				}, timeoutMs);
			}),
		]);
		finished = true;
		clearTimeout(timer);
		note(`extension host exited with ${code}`);
		return code;
	} finally {
		finished = true;
		await browser.close();
		await server.stop();
		await new Promise((resolve) => pageLog.end(resolve));
		// A passing run leaves nothing behind; a failing one keeps code-server's, the workbench's and the browser's logs.
		if (code === 0 && !process.env.OPENCLAW_E2E_KEEP) fs.rmSync(profileDir, { recursive: true, force: true });
		else note(`logs kept in ${profileDir}`);
	}
}

const answered = new Set<string>();

/**
 * The driver's half of support/uiBridge.ts: do what a test in the extension host asked (fill an input box) in the
 * real workbench, and write what was seen to <bridgeDir>/<id>.json (atomically: write, then rename).
 */
async function answerUiRequest(page: Page, bridgeDir: string, json: string): Promise<void> {
	let request: UiRequest & { id: string };
	try {
		request = JSON.parse(json) as UiRequest & { id: string };
	} catch {
		process.stderr.write(`[code-shim] unreadable UI request: ${json.slice(0, 200)}\n`);
		return;
	}
	if (!/^[0-9a-f]{6,32}$/.test(request.id) || answered.has(request.id)) return;
	answered.add(request.id);
	let reply: UiReply;
	try {
		if (request.action === 'inputBox') {
			const value = process.env[request.valueFromEnv];
			if (!value) throw new Error(`$${request.valueFromEnv} is not set in the driver's environment`);
			reply = { ok: true, ...(await fillInputBox(page, value, request.expectTitle)) };
		} else {
			throw new Error(`unknown UI request ${JSON.stringify((request as { action?: unknown }).action)}`);
		}
	} catch (error) {
		reply = { ok: false, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
	}
	const file = path.join(bridgeDir, `${request.id}.json`);
	fs.writeFileSync(`${file}.tmp`, JSON.stringify(reply));
	fs.renameSync(`${file}.tmp`, file);
}
