#!/usr/bin/env node
// install-neovim.mjs: the headless Neovim the e2e layer `neovim` drives (test/e2e/neovim), from Debian's package.
// Idempotent: does nothing when `nvim` (or $OPENCLAW_E2E_NVIM) already runs. Debian 12 ships Neovim 0.7.2; the editor
// config in editors/neovim/ supports it as well as 0.8+ (vim.lsp.start) and 0.11+ (vim.lsp.config).
//
//   node scripts/install-neovim.mjs                 install if missing, print the version
//   node scripts/install-neovim.mjs --print-path    print the nvim path (empty and exit 1 when missing), install nothing
import { spawnSync } from 'node:child_process';

const PACKAGE = 'neovim';
// Below 0.7 the LSP client lacks what the config and the test use (code_action's apply/filter, vim.diagnostic).
const MIN = [0, 7];

function log(msg) {
	console.log(`[install-neovim] ${msg}`);
}

/** `nvim --version`'s first line as [major, minor, patch], or undefined when it does not run. */
function nvimVersion(bin) {
	const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
	if (r.status !== 0) return undefined;
	const m = /^NVIM v(\d+)\.(\d+)\.(\d+)/m.exec(r.stdout);
	return m ? m.slice(1, 4).map(Number) : undefined;
}

const atLeast = (v, min) => v[0] > min[0] || (v[0] === min[0] && v[1] >= min[1]);
const bin = process.env.OPENCLAW_E2E_NVIM || 'nvim';

function install() {
	const root = process.getuid?.() === 0;
	const sudo = root ? [] : spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : undefined;
	if (!sudo) throw new Error(`Neovim missing. Install it as root: apt-get install -y ${PACKAGE}`);
	const apt = (args) => {
		const argv = [...sudo, 'apt-get', '-o', 'DPkg::Lock::Timeout=600', ...args];
		// The lock timeout: another install script may hold the dpkg lock (install-vscode.mjs apt-gets Chromium).
		const r = spawnSync(argv[0], argv.slice(1), {
			stdio: ['ignore', process.stderr, process.stderr],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
	};
	const t0 = performance.now();
	// update only when the package is unknown (a fresh machine's empty lists); it is slow and needs the network.
	if (spawnSync('apt-cache', ['show', PACKAGE], { stdio: 'ignore' }).status !== 0) apt(['update']);
	apt(['install', '-y', '--no-install-recommends', PACKAGE]);
	log(`apt-get install ${PACKAGE} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

try {
	const printOnly = process.argv[2] === '--print-path';
	if (process.argv.length > 2 && !printOnly) {
		console.error(`usage: install-neovim.mjs [--print-path]  (unknown argument: ${process.argv[2]})`);
		process.exit(2);
	}
	let version = nvimVersion(bin);
	if (printOnly) {
		console.log(version ? bin : '');
		process.exit(version ? 0 : 1);
	}
	if (version && atLeast(version, MIN)) log(`nvim ${version.join('.')} present, skipped`);
	else {
		install();
		version = nvimVersion(bin);
		if (!version) throw new Error(`${bin} does not run after apt-get install ${PACKAGE}`);
		if (!atLeast(version, MIN)) throw new Error(`nvim ${version.join('.')} is older than ${MIN.join('.')}: the e2e layer needs ${MIN.join('.')}+`);
		log(`nvim ${version.join('.')} installed`);
	}
} catch (err) {
	console.error(`[install-neovim] ${err instanceof Error ? err.message : String(err)}`);
	process.exit(1);
}
