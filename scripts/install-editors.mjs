#!/usr/bin/env node
// install-editors.mjs: the real editors the e2e layers `neovim` and `emacs` drive (test/e2e/neovim, test/e2e/emacs),
// from Debian's packages. Idempotent: installs only what is missing. Debian 12 ships Neovim 0.7.2 and Emacs 28.2, whose
// eglot comes from elpa-eglot (Emacs 29+ has it built in); the configs in editors/ support those and newer ones.
//
//   node scripts/install-editors.mjs                 install what is missing, print the versions
//   node scripts/install-editors.mjs --check         print the versions, install nothing (exit 1 when something is missing)
import { spawnSync } from 'node:child_process';

// Below these the LSP clients lack what the configs and the tests use (Neovim: vim.diagnostic; Emacs: eglot 1.9's API).
const EDITORS = [
	{ name: 'Neovim', bin: process.env.OPENCLAW_E2E_NVIM || 'nvim', pattern: /^NVIM v(\d+)\.(\d+)\.(\d+)/m, min: [0, 7], package: 'neovim', extras: () => [] },
	{
		name: 'Emacs',
		bin: process.env.OPENCLAW_E2E_EMACS || 'emacs',
		pattern: /^GNU Emacs (\d+)\.(\d+)(?:\.(\d+))?/m,
		min: [28, 1],
		package: 'emacs-nox',
		// eglot is built in from 29 on; Debian's emacs (28.2 on Debian 12) needs the package.
		extras: (version) => (!version || version[0] < 29 ? ['elpa-eglot'] : []),
	},
];

function log(msg) {
	console.log(`[install-editors] ${msg}`);
}

function versionOf(editor) {
	const r = spawnSync(editor.bin, ['--version'], { encoding: 'utf8' });
	if (r.status !== 0) return undefined;
	const m = editor.pattern.exec(r.stdout);
	return m ? m.slice(1, 4).map((n) => Number(n ?? 0)) : undefined;
}

const atLeast = (v, min) => v[0] > min[0] || (v[0] === min[0] && v[1] >= min[1]);

/** Debian packages of `names` not installed (dpkg-query), e.g. elpa-eglot next to an installed emacs. */
function missingDebs(names) {
	const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...names], { encoding: 'utf8' });
	if (r.error) return names;
	const ok = new Set(
		r.stdout
			.split('\n')
			.filter((l) => l.endsWith(' installed'))
			.map((l) => l.split(' ')[0]),
	);
	return names.filter((n) => !ok.has(n));
}

function aptInstall(packages) {
	const root = process.getuid?.() === 0;
	const sudo = root ? [] : spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : undefined;
	if (!sudo) throw new Error(`missing Debian packages: ${packages.join(' ')}. Install them as root: apt-get install -y ${packages.join(' ')}`);
	const apt = (args) => {
		// The lock timeout: another install script may hold the dpkg lock (install-vscode.mjs apt-gets Chromium).
		const argv = [...sudo, 'apt-get', '-o', 'DPkg::Lock::Timeout=600', ...args];
		const r = spawnSync(argv[0], argv.slice(1), {
			stdio: ['ignore', process.stderr, process.stderr],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
	};
	const t0 = performance.now();
	// update only when a package is unknown (a fresh machine's empty lists): it is slow and needs the network.
	if (packages.some((p) => spawnSync('apt-cache', ['show', p], { stdio: 'ignore' }).status !== 0)) apt(['update']);
	apt(['install', '-y', '--no-install-recommends', ...packages]);
	log(`apt-get install ${packages.join(' ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

try {
	const check = process.argv[2] === '--check';
	if (process.argv.length > 2 && !check) {
		console.error(`usage: install-editors.mjs [--check]  (unknown argument: ${process.argv[2]})`);
		process.exit(2);
	}
	const wanted = EDITORS.flatMap((e) => {
		const v = versionOf(e);
		return v && atLeast(v, e.min) ? missingDebs(e.extras(v)) : [e.package, ...e.extras(v)];
	});
	if (check) {
		for (const e of EDITORS) log(`${e.name}: ${versionOf(e)?.join('.') ?? 'missing'}`);
		if (wanted.length) log(`missing: ${wanted.join(' ')}`);
		process.exit(wanted.length ? 1 : 0);
	}
	if (wanted.length) aptInstall(wanted);
	for (const e of EDITORS) {
		const v = versionOf(e);
		if (!v) throw new Error(`${e.bin} does not run after apt-get install ${e.package}`);
		if (!atLeast(v, e.min)) throw new Error(`${e.name} ${v.join('.')} is older than ${e.min.join('.')}`);
		log(`${e.name} ${v.join('.')}${wanted.length ? '' : ' present, skipped'}`);
	}
} catch (err) {
	console.error(`[install-editors] ${err instanceof Error ? err.message : String(err)}`);
	process.exit(1);
}
