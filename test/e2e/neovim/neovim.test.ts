import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { assertRoundTrip, driverEnv, pairingScene, runEditor, SERVER_JS } from '../support/editorRoundTrip';
import { repoRoot } from '../support/paths';

// A real headless Neovim (Debian's package, scripts/install-editors.mjs) with the shipped editors/neovim config opens a
// paired.json in a state dir known only through the stateDir setting, gets our server's diagnostics, picks the
// preferred quick fix from its code-action menu and writes the file. driver.lua does the editor side.

const NVIM = process.env.OPENCLAW_E2E_NVIM || 'nvim';
const CONFIG = path.join(repoRoot, 'editors', 'neovim', 'openclaw-pairing.lua');
const DRIVER = path.join(repoRoot, 'test', 'e2e', 'neovim', 'driver.lua');

test('Neovim: diagnostics from the server, the preferred quick fix through its LSP client, the fixed file saved', async (t) => {
	t.diagnostic(spawnSync(NVIM, ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] || `${NVIM} not found`);
	assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} missing: node scripts/build.mjs`);
	const scene = pairingScene('openclaw-nvim-');
	try {
		const run = await runEditor(
			NVIM,
			['--headless', '--clean', '-n', '-c', `luafile ${DRIVER}`],
			{ ...driverEnv(scene), OCP_CONFIG: CONFIG },
			'node scripts/install-editors.mjs',
		);
		assertRoundTrip(scene, run);
	} finally {
		fs.rmSync(scene.dir, { recursive: true, force: true });
	}
});
