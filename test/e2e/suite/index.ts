import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point of the extension-host tests (`extensionTestsPath`): VS Code (or code-server's extension host, see
 * test/e2e/code-shim.sh) loads this file and awaits run(). Every `*.test.js` next to it runs in one mocha run with the
 * real `vscode` API. When $OPENCLAW_E2E_RESULTS is set, {passed, failed, skipped} (skipped: the full titles of pending
 * tests) goes there for scripts/e2e.mjs.
 */
export async function run(): Promise<void> {
	const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 90_000, slow: 10_000 });
	const grep = process.env.OPENCLAW_E2E_GREP;
	if (grep) mocha.grep(grep);
	for (const file of fs
		.readdirSync(__dirname)
		.filter((f) => f.endsWith('.test.js'))
		.sort())
		mocha.addFile(path.join(__dirname, file));
	const skipped: string[] = [];
	const { passed, failed } = await new Promise<{ passed: number; failed: number }>((resolve, reject) => {
		try {
			const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
			runner.on('pending', (test) => skipped.push(test.fullTitle()));
		} catch (error) {
			reject(error instanceof Error ? error : new Error(String(error)));
		}
	}).catch((error: unknown) => {
		console.error(error);
		return { passed: 0, failed: 1 };
	});
	const results = process.env.OPENCLAW_E2E_RESULTS;
	if (results) fs.writeFileSync(results, JSON.stringify({ passed, failed, skipped }));
	console.log(`extension host: ${passed} passed, ${failed} failed, ${skipped.length} skipped`);
	if (failed > 0) throw new Error(`${failed} extension-host test(s) failed`);
}
