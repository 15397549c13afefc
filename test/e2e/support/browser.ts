import * as fs from 'node:fs';
import * as path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { installPaths } from './paths';

/**
 * Debian's Chromium, headless, kept off the network: besides the usual switches, the sign-in, autofill and component
 * updater endpoints point at a closed loopback port (without them Chromium still resolves accounts.google.com,
 * content-autofill.googleapis.com and update.googleapis.com).
 */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--gaia-url=http://127.0.0.1:9',
	'--autofill-server-url=http://127.0.0.1:9/',
	'--component-updater=url-source=http://127.0.0.1:9/',
];

export interface Browser {
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

/** Launch Chromium with a fresh profile under dir (its crash reports and caches stay there too, not in ~). */
export async function launchChromium(dir: string): Promise<Browser> {
	const { chromium: executablePath } = installPaths();
	const userDataDir = path.join(dir, 'chromium');
	fs.mkdirSync(userDataDir, { recursive: true });
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: executablePath!,
		headless: true,
		args: CHROMIUM_ARGS,
		env: {
			...process.env,
			XDG_CONFIG_HOME: path.join(dir, 'chromium-xdg-config'),
			XDG_CACHE_HOME: path.join(dir, 'chromium-xdg-cache'),
		} as Record<string, string>,
		viewport: { width: 1400, height: 900 },
		// A busy 2-core machine: the workbench can take a while to answer.
		timeout: 120_000,
	});
	const page = context.pages()[0] ?? (await context.newPage());
	// Uncaught errors in the workbench go next to the other logs of the run.
	page.on('pageerror', (e) => fs.appendFileSync(path.join(dir, 'browser-console.log'), `[pageerror] ${e.stack ?? e.message}\n`));
	return {
		context,
		page,
		async close() {
			await context.close().catch(() => undefined);
		},
	};
}
