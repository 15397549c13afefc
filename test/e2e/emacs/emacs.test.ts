import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { assertRoundTrip, driverEnv, pairingScene, runEditor, SERVER_JS } from '../support/editorRoundTrip';
import { repoRoot } from '../support/paths';

// A real Emacs (Debian's emacs-nox, with elpa-eglot on Emacs 28; scripts/install-editors.mjs) in batch mode loads the
// shipped editors/emacs config, opens a paired.json in a state dir known only through openclaw-pairing-state-dir,
// gets our server's diagnostics through eglot + flymake, takes the preferred fix from eglot's code-action menu and
// saves. driver.el does the editor side.

const EMACS = process.env.OPENCLAW_E2E_EMACS || 'emacs';
const DRIVER = path.join(repoRoot, 'test', 'e2e', 'emacs', 'driver.el');

test('Emacs eglot: diagnostics from the server, the preferred quick fix through eglot, the fixed file saved', async (t) => {
	t.diagnostic(spawnSync(EMACS, ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] || `${EMACS} not found`);
	assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} missing: node scripts/build.mjs`);
	const scene = pairingScene('openclaw-emacs-');
	try {
		// --batch implies no init file; Debian's site-start stays on, which puts elpa-eglot on the load path.
		const run = await runEditor(
			EMACS,
			['--batch', '-l', DRIVER],
			{ ...driverEnv(scene), OCP_CONFIG_DIR: path.join(repoRoot, 'editors', 'emacs') },
			'node scripts/install-editors.mjs',
		);
		assertRoundTrip(scene, run);
	} finally {
		fs.rmSync(scene.dir, { recursive: true, force: true });
	}
});
