import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { E2E_SETTINGS, tempProfile } from './support/codeServer';
import { repoRoot } from './support/paths';

/**
 * Extension-host tests (test/e2e/suite) through @vscode/test-electron, the usual front end of VS Code extension tests.
 * Here it launches test/e2e/code-shim.sh, which runs them in code-server; on a machine with a desktop VS Code, set
 * OPENCLAW_E2E_VSCODE=desktop (test-electron downloads one) or VSCODE_EXECUTABLE_PATH=<path to code> and the same
 * suite runs there unchanged.
 *
 *   node out/test/e2e/runExtensionTests.js        (after tsc -p . and node scripts/build.mjs)
 *
 * Writes {passed, failed} to $OPENCLAW_E2E_RESULTS when that is set; exits non-zero when a test failed.
 */
async function main(): Promise<number> {
	const profile = tempProfile('openclaw-e2e-run-');
	const folder = path.join(profile, 'workspace');
	const userDataDir = path.join(profile, 'user-data');
	const extensionsDir = path.join(profile, 'extensions');
	fs.mkdirSync(folder, { recursive: true });
	fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
	// Desktop VS Code reads the same settings file; the shim's code-server gets it through --user-data-dir.
	fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(E2E_SETTINGS, null, 2)}\n`);

	const vscodeExecutablePath =
		process.env.VSCODE_EXECUTABLE_PATH || (process.env.OPENCLAW_E2E_VSCODE === 'desktop' ? undefined : path.join(repoRoot, 'test', 'e2e', 'code-shim.sh'));
	console.log(`[e2e] extension-host tests via ${vscodeExecutablePath ?? 'a downloaded VS Code'}; profile ${profile}`);
	try {
		await runTests({
			...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
			extensionDevelopmentPath: repoRoot,
			extensionTestsPath: path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js'),
			launchArgs: [folder, `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`],
		});
		if (!process.env.OPENCLAW_E2E_KEEP) fs.rmSync(profile, { recursive: true, force: true });
		return 0;
	} catch (error) {
		console.error(`[e2e] extension-host tests failed: ${error instanceof Error ? error.message : String(error)}`);
		return 1;
	}
}

main().then((code) => process.exit(code));
