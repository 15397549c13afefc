#!/usr/bin/env node
// install-vscode.mjs: what the real-VS Code e2e layers need, installed idempotently into .cache/vscode. Runs on the
// system Node (20). No desktop VS Code or Electron can be had offline, so the editor is code-server (the VS Code server
// plus its web workbench, extension host on Node 24) driven by Debian's Chromium through playwright-core.
//
//   node scripts/install-vscode.mjs                       install everything (idempotent), print what was done
//   node scripts/install-vscode.mjs --only node,tools     install some parts (node | apt | code-server | tools)
//   node scripts/install-vscode.mjs --print-paths         print the paths as JSON, install nothing
//   node scripts/install-vscode.mjs --vsce ARGS...        install Node 24 + vsce if missing, then run `vsce ARGS...` on Node 24
//   node scripts/install-vscode.mjs --package OUT.vsix    the same, then `vsce package` the extension into OUT.vsix (npm run package)
//
// Layout (<cache> = $OPENCLAW_PAIRING_VSCODE_CACHE or <repo>/.cache/vscode):
//   <cache>/node24/…/bin/node        Node 24, unless <repo>/.cache/gateway/node24 (scripts/install-gateway.mjs) has one
//   <cache>/code-server/node_modules/code-server   code-server, native modules compiled against Node 24's headers
//   <cache>/tools/node_modules/@vscode/vsce         vsce 4 (needs Node >= 22)
//   <cache>/paths.json               what test/e2e/support reads
// Debian packages: chromium (the browser the workbench runs in) and libkrb5-dev (code-server's kerberos module).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scrubNpmRunEnv } from './cleanEnv.mjs';
import { NODE_MAJOR, nodeAt, nodeEnv } from './node24.mjs';

// Started through `npm run demo` or `npm run package`: code-server's postinstall reads the Node version from
// $npm_config_user_agent, which the outer npm set to its own Node 20 (see cleanEnv.mjs).
scrubNpmRunEnv();

const CODE_SERVER = '4.139.1';
const VSCE = '4.1.0';
const APT_PACKAGES = ['chromium', 'libkrb5-dev'];
const PARTS = ['node', 'apt', 'code-server', 'tools'];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.resolve(process.env.OPENCLAW_PAIRING_VSCODE_CACHE || path.join(repoRoot, '.cache', 'vscode'));
const gatewayCache = path.resolve(process.env.OPENCLAW_PAIRING_CACHE || path.join(repoRoot, '.cache', 'gateway'));

function log(msg) {
	console.log(`[install-vscode] ${msg}`);
}

/** A finished npm install leaves a marker naming the spec; a half-done one (e.g. a failed native build) has none. */
function installedSpec(prefix) {
	try {
		return fs.readFileSync(path.join(prefix, '.installed'), 'utf8').trim();
	} catch {
		return undefined;
	}
}

function chromiumPath() {
	for (const p of [process.env.OPENCLAW_E2E_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && fs.existsSync(p)) return p;
	return undefined;
}

function paths() {
	const ownNode = nodeAt(path.join(cacheDir, 'node24'));
	const node = [nodeAt(path.join(gatewayCache, 'node24')), ownNode].find((n) => n.installed) ?? ownNode;
	const csPrefix = path.join(cacheDir, 'code-server');
	const toolsPrefix = path.join(cacheDir, 'tools');
	const csDir = path.join(csPrefix, 'node_modules', 'code-server');
	return {
		cacheDir,
		node,
		codeServer: {
			prefix: csPrefix,
			dir: csDir,
			entry: path.join(csDir, 'out', 'node', 'entry.js'),
			version: CODE_SERVER,
			installed: installedSpec(csPrefix) === `code-server@${CODE_SERVER}` && fs.existsSync(path.join(csDir, 'out', 'node', 'entry.js')),
		},
		tools: {
			prefix: toolsPrefix,
			vsce: path.join(toolsPrefix, 'node_modules', '@vscode', 'vsce', 'vsce'),
			installed: installedSpec(toolsPrefix) === `@vscode/vsce@${VSCE}`,
		},
		chromium: chromiumPath() ?? null,
		apt: { packages: APT_PACKAGES, missing: missingDebs() },
	};
}

function missingDebs() {
	const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...APT_PACKAGES], { encoding: 'utf8' });
	if (r.error) return APT_PACKAGES; // not Debian: say what is needed
	const ok = new Set(
		r.stdout
			.split('\n')
			.filter((l) => l.endsWith(' installed'))
			.map((l) => l.split(' ')[0]),
	);
	return APT_PACKAGES.filter((p) => !ok.has(p));
}

function run(cmd, args, options = {}) {
	// Tool output goes to stderr so stdout stays a short summary.
	const r = spawnSync(cmd, args, { stdio: ['ignore', process.stderr, process.stderr], ...options });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
}

function npmInstall(prefix, specs, env = process.env) {
	fs.rmSync(path.join(prefix, '.installed'), { force: true });
	fs.mkdirSync(prefix, { recursive: true });
	// A package.json of its own, so npm doesn't walk up into the repo's.
	if (!fs.existsSync(path.join(prefix, 'package.json'))) fs.writeFileSync(path.join(prefix, 'package.json'), '{"private":true}\n');
	run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--foreground-scripts', ...specs], { env, cwd: prefix });
	fs.writeFileSync(path.join(prefix, '.installed'), `${specs.join(' ')}\n`);
}

function timed(what, fn) {
	const t0 = performance.now();
	fn();
	log(`${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Node 24 first on PATH and its headers for node-gyp; no browser download (Debian's Chromium is used). */
function node24Env(p) {
	return { ...nodeEnv(p.node), PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
}

function installNode() {
	let p = paths();
	if (p.node.installed) log(`node ${p.node.version} present (${p.node.bin}), skipped`);
	else timed(`installed ${p.node.package}@${NODE_MAJOR} into ${p.node.prefix}`, () => npmInstall(p.node.prefix, [`${p.node.package}@${NODE_MAJOR}`]));
	p = paths();
	if (!p.node.installed) throw new Error(`Node ${NODE_MAJOR} missing after install: ${p.node.bin}`);
	return p;
}

function installApt() {
	const missing = missingDebs();
	if (missing.length === 0) return log(`${APT_PACKAGES.join(', ')} present, skipped`);
	const root = process.getuid?.() === 0;
	const sudo = root ? [] : spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : undefined;
	if (!sudo) throw new Error(`missing Debian packages: ${missing.join(' ')}. Install them: sudo apt-get install -y ${missing.join(' ')}`);
	const apt = (args) =>
		run(sudo[0] ?? 'apt-get', sudo.length ? [...sudo.slice(1), 'apt-get', ...args] : args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	timed(`apt-get install ${missing.join(' ')}`, () => {
		apt(['update']);
		apt(['install', '-y', ...missing]);
	});
	const still = missingDebs();
	if (still.length) throw new Error(`still missing after apt-get: ${still.join(' ')}`);
}

function installCodeServer() {
	let p = paths();
	if (p.codeServer.installed) return log(`code-server@${CODE_SERVER} present, skipped`);
	if (missingDebs().includes('libkrb5-dev'))
		throw new Error('code-server needs libkrb5-dev (its kerberos module builds from source): run with --only apt first, as root');
	// Its postinstall refuses anything but Node 24 and compiles native modules (~2 min on 2 cores).
	timed(`installed code-server@${CODE_SERVER} into ${p.codeServer.prefix}`, () =>
		npmInstall(p.codeServer.prefix, [`code-server@${CODE_SERVER}`], node24Env(p)),
	);
	p = paths();
	if (!p.codeServer.installed) throw new Error(`code-server missing after install: ${p.codeServer.entry}`);
}

function installTools() {
	let p = paths();
	if (p.tools.installed) return log(`@vscode/vsce@${VSCE} present, skipped`);
	timed(`installed @vscode/vsce@${VSCE} into ${p.tools.prefix}`, () => npmInstall(p.tools.prefix, [`@vscode/vsce@${VSCE}`], node24Env(p)));
	p = paths();
	if (!p.tools.installed || !fs.existsSync(p.tools.vsce)) throw new Error(`vsce missing after install: ${p.tools.vsce}`);
}

function writePaths() {
	const p = paths();
	fs.mkdirSync(cacheDir, { recursive: true });
	fs.writeFileSync(path.join(cacheDir, 'paths.json'), `${JSON.stringify(p, null, 2)}\n`);
	return p;
}

function install(parts) {
	const t0 = performance.now();
	if (parts.includes('apt')) installApt();
	if (parts.some((x) => x !== 'apt')) installNode();
	if (parts.includes('code-server')) installCodeServer();
	if (parts.includes('tools')) installTools();
	const p = writePaths();
	if (parts.includes('apt') && !p.chromium) throw new Error('chromium not found at /usr/bin/chromium (set OPENCLAW_E2E_CHROMIUM)');
	log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s (cache ${cacheDir})`);
	return p;
}

// Never copied to the staging dir: big, generated, or secret. Everything else is, and .vscodeignore decides there.
const NOT_STAGED = new Set(['.git', '.cache', 'node_modules', 'out', 'test-results', 'bench-results', '.vscode-test']);

/**
 * `vsce package` with dependency detection off (esbuild bundles everything into dist/). It runs in a staging copy of
 * the repo without .cache and node_modules: vsce walks every file under its cwd before applying .vscodeignore, which
 * takes ~20 s with code-server and openclaw in .cache (~0.5 s staged). Returns vsce's exit code.
 */
function packageVsix(out) {
	const p = install(['node', 'tools']);
	const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-vsce-'));
	try {
		for (const entry of fs.readdirSync(repoRoot)) {
			if (NOT_STAGED.has(entry) || entry.endsWith('.vsix')) continue;
			fs.cpSync(path.join(repoRoot, entry), path.join(stage, entry), { recursive: true });
		}
		const args = [
			p.tools.vsce,
			'package',
			'--no-dependencies',
			'--allow-missing-repository',
			'--skip-license',
			'--no-rewrite-relative-links',
			'--out',
			path.resolve(out),
		];
		return spawnSync(p.node.bin, args, { stdio: 'inherit', cwd: stage, env: node24Env(p) }).status ?? 1;
	} finally {
		fs.rmSync(stage, { recursive: true, force: true });
	}
}

function main(argv) {
	if (argv[0] === '--package') process.exit(packageVsix(argv[1] ?? path.join(repoRoot, 'openclaw-pairing.vsix')));
	if (argv[0] === '--print-paths') return console.log(JSON.stringify(paths(), null, 2));
	if (argv[0] === '--vsce') {
		const p = install(['node', 'tools']);
		const r = spawnSync(p.node.bin, [p.tools.vsce, ...argv.slice(1)], { stdio: 'inherit', env: node24Env(p) });
		process.exit(r.status ?? 1);
	}
	let parts = PARTS;
	if (argv[0] === '--only' && argv[1]) parts = argv[1].split(',');
	else if (argv[0]?.startsWith('--only=')) parts = argv[0].slice('--only='.length).split(',');
	else if (argv.length) {
		console.error(
			`usage: install-vscode.mjs [--only ${PARTS.join(',')}] | --print-paths | --vsce ARGS... | --package OUT.vsix  (unknown argument: ${argv[0]})`,
		);
		process.exit(2);
	}
	const unknown = parts.filter((x) => !PARTS.includes(x));
	if (unknown.length) {
		console.error(`[install-vscode] unknown part(s): ${unknown.join(', ')} (known: ${PARTS.join(', ')})`);
		process.exit(2);
	}
	install(parts);
}

try {
	main(process.argv.slice(2));
} catch (err) {
	console.error(`[install-vscode] ${err instanceof Error ? err.message : String(err)}`);
	process.exit(1);
}
