import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file runs from out/test/e2e/support/). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** Screenshots and logs worth keeping after a run (git-ignored). */
export const resultsDir = path.resolve(process.env.OPENCLAW_E2E_RESULTS_DIR || path.join(repoRoot, 'test-results', 'e2e'));

/** What scripts/install-vscode.mjs installed, from the paths.json it writes. */
export interface InstallPaths {
	node: { bin: string; installed: boolean };
	codeServer: { entry: string; version: string; installed: boolean };
	tools: { vsce: string; installed: boolean };
	chromium: string | null;
}

export function installPaths(): InstallPaths {
	const cacheDir = path.resolve(process.env.OPENCLAW_PAIRING_VSCODE_CACHE || path.join(repoRoot, '.cache', 'vscode'));
	const file = path.join(cacheDir, 'paths.json');
	let paths: InstallPaths;
	try {
		paths = JSON.parse(fs.readFileSync(file, 'utf8')) as InstallPaths;
	} catch {
		throw new Error(`${file} not found: run node scripts/install-vscode.mjs first`);
	}
	if (!paths.node.installed || !paths.codeServer.installed || !fs.existsSync(paths.codeServer.entry)) {
		throw new Error(`code-server or Node 24 missing under ${cacheDir}: run node scripts/install-vscode.mjs`);
	}
	const chromium = process.env.OPENCLAW_E2E_CHROMIUM || paths.chromium;
	if (!chromium || !fs.existsSync(chromium))
		throw new Error('chromium not found: run node scripts/install-vscode.mjs (as root, for apt-get) or set OPENCLAW_E2E_CHROMIUM');
	return { ...paths, chromium };
}

/** The packaged extension the UI tests install (npm run package). */
export function vsixPath(): string {
	const vsix = path.resolve(process.env.OPENCLAW_E2E_VSIX || path.join(repoRoot, 'openclaw-pairing.vsix'));
	if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found: run npm run package first`);
	return vsix;
}
