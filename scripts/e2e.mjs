#!/usr/bin/env node
// npm run test:e2e: the real-VS Code layers, one entry point.
//   1. install code-server, Chromium, Node 24 and vsce if missing (scripts/install-vscode.mjs; ~4 min once), and the
//      real OpenClaw gateways the tests run against (scripts/install-gateway.mjs: openclaw 2026.6.6 and 2026.9.6)
//   2. compile the tests (tsc -p . → out/) and bundle dist/ (scripts/build.mjs)
//   3. package openclaw-pairing.vsix and check it (bundled: no node_modules, ≤ 1.5 MB)
//   4. extension-host tests: test/e2e/suite (mocha, real `vscode` API) via @vscode/test-electron → code-shim.sh → code-server,
//      with a real openclaw 2026.6.6 gateway started before code-server (runExtensionTests.ts)
//   5. UI tests: test/e2e/ui (node:test + playwright-core) on the .vsix installed into code-server, one of them against a
//      real openclaw 2026.9.6 gateway; screenshots in test-results/e2e/
//   6. Other editors: test/e2e/neovim and test/e2e/emacs (node:test) drive a real headless Neovim and Emacs + eglot
//      (Debian's packages, scripts/install-editors.mjs) with the configs in editors/ against dist/server.js
// Ends with the line `N passed, N failed`; exits non-zero when anything failed.
//
//   node scripts/e2e.mjs [package] [exthost] [ui] [neovim] [emacs]     only those layers (install, compile and build always run)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LAYERS = ['package', 'exthost', 'ui', 'neovim', 'emacs'];
const EDITOR_LAYERS = ['neovim', 'emacs'];
const MAX_VSIX_BYTES = 1.5 * 1024 * 1024;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsix = path.join(repoRoot, 'openclaw-pairing.vsix');

const wanted = process.argv.slice(2);
const unknown = wanted.filter((l) => !LAYERS.includes(l));
if (unknown.length) {
	console.error(`usage: e2e.mjs [${LAYERS.join('] [')}]  (unknown: ${unknown.join(', ')})`);
	process.exit(2);
}
const layers = wanted.length ? wanted : LAYERS;

const totals = { passed: 0, failed: 0, skipped: [] };
const timings = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-e2e-results-'));

function log(msg) {
	console.log(`[e2e] ${msg}`);
}

/** Run a step, time it, and say how long it took. */
function timed(name, fn) {
	const t0 = performance.now();
	log(`── ${name}`);
	try {
		return fn();
	} finally {
		const s = (performance.now() - t0) / 1000;
		timings.push([name, s]);
		log(`   ${name}: ${s.toFixed(1)} s`);
	}
}

function run(cmd, args, options = {}) {
	return spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot, ...options });
}

function finish() {
	fs.rmSync(tmp, { recursive: true, force: true });
	log(`timings: ${timings.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')}`);
	for (const name of totals.skipped) log(`skipped: ${name}`);
	console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped.length} skipped`);
	process.exit(totals.failed > 0 ? 1 : 0);
}

/**
 * Add one layer's counts to the totals. A run that reported success but exited non-zero, or ran no test at all, counts
 * as one failure; skipped tests are named under the layer.
 */
function record(layer, r, counts, suffix = '') {
	if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
	if (counts.passed + counts.failed === 0) {
		log(`   ${layer}: ran no test`);
		counts.failed = 1;
	}
	totals.passed += counts.passed;
	totals.failed += counts.failed;
	totals.skipped.push(...counts.skipped.map((t) => `${layer}: ${t}`));
	log(`   ${layer}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped.length} skipped${suffix}`);
}

/** A setup step that must work for anything after it to mean something: count it and stop when it fails. */
function required(name, fn) {
	const ok = timed(name, fn);
	if (!ok) {
		log(`${name} failed: the e2e layers did not run`);
		totals.failed++;
		finish();
	}
}

/** Entry names of a zip file (its central directory), enough to check what a .vsix holds. */
function zipEntries(file) {
	const buf = fs.readFileSync(file);
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
		if (buf.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new Error(`${file} is not a zip file`);
	const count = buf.readUInt16LE(eocd + 10);
	let p = buf.readUInt32LE(eocd + 16);
	const entries = [];
	for (let n = 0; n < count; n++) {
		if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
		const size = buf.readUInt32LE(p + 24);
		const nameLength = buf.readUInt16LE(p + 28);
		const extra = buf.readUInt16LE(p + 30);
		const comment = buf.readUInt16LE(p + 32);
		entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLength), size });
		p += 46 + nameLength + extra + comment;
	}
	return entries;
}

/** Compiled node:test files of one layer (out/test/e2e/<dir>), sorted. */
function compiledTests(dir) {
	const out = path.join(repoRoot, 'out', 'test', 'e2e', dir);
	if (!fs.existsSync(out)) return [];
	return fs
		.readdirSync(out)
		.filter((f) => f.endsWith('.test.js'))
		.sort()
		.map((f) => path.join(out, f));
}

/** Run node:test files one at a time, spec output to the terminal, and count them from a TAP copy. */
function nodeTests(layer, files, env, suffix = '') {
	const tap = path.join(tmp, `${layer}.tap`);
	const r = run(
		process.execPath,
		[
			'--test',
			'--test-concurrency=1',
			'--test-reporter=spec',
			'--test-reporter-destination=stdout',
			'--test-reporter=tap',
			`--test-reporter-destination=${tap}`,
			...files,
		],
		{ env: { ...process.env, ...env } },
	);
	const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
	if (!text) log(`   ${layer}: no TAP results (the test runner died before it reported)`);
	const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
	// `ok N - title # SKIP reason` (and # TODO): named, so a skip is seen rather than counted as a pass.
	const skipped = [...text.matchAll(/^\s*ok \d+ - (.*?) # (?:SKIP|TODO)\b(.*)$/gm)].map((m) => `${m[1]}${m[2].trim() ? ` (${m[2].trim()})` : ''}`);
	record(layer, r, { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped }, suffix);
}

// 1–2. Install, compile, build.
required(
	'install',
	() =>
		run(process.execPath, ['scripts/install-vscode.mjs']).status === 0 &&
		run(process.execPath, ['scripts/install-gateway.mjs']).status === 0 &&
		(!layers.some((l) => EDITOR_LAYERS.includes(l)) || run(process.execPath, ['scripts/install-editors.mjs']).status === 0),
);
required('compile', () => {
	const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { cwd: repoRoot, encoding: 'utf8' });
	const out = `${r.stdout}${r.stderr}`.trim();
	if (r.status === 0) return true;
	// tsc emits despite type errors. Errors elsewhere are npm test's to report; errors in the e2e code stop us here.
	const ours = out.split('\n').filter((l) => /^test[\\/]e2e[\\/]/.test(l));
	console.log(out);
	if (ours.length) return false;
	log('type errors outside test/e2e (npm test reports them); the e2e code compiled, going on');
	return fs.existsSync(path.join(repoRoot, 'out', 'test', 'e2e', 'runExtensionTests.js'));
});
required('build', () => run(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] }).status === 0);

// 3. Package and check the .vsix (the UI layer installs it).
if (layers.includes('package') || layers.includes('ui')) {
	required('package', () => {
		fs.rmSync(vsix, { force: true });
		if (run(process.execPath, ['scripts/install-vscode.mjs', '--package', vsix], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) return false;
		const entries = zipEntries(vsix);
		const bytes = fs.statSync(vsix).size;
		log(`openclaw-pairing.vsix: ${(bytes / 1024).toFixed(1)} KB, ${entries.length} entries`);
		for (const e of entries) log(`   ${e.name} (${(e.size / 1024).toFixed(1)} KB)`);
		const problems = [];
		if (bytes > MAX_VSIX_BYTES) problems.push(`${bytes} bytes > ${MAX_VSIX_BYTES}`);
		if (entries.some((e) => /(^|\/)node_modules\//.test(e.name))) problems.push('node_modules inside (everything should be bundled by esbuild)');
		for (const need of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/LICENSE.txt']) {
			if (!entries.some((e) => e.name === need)) problems.push(`${need} missing`);
		}
		// What Open VSX (editors built on VS Code) shows and checks besides the license file.
		const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
		for (const field of ['license', 'repository', 'homepage', 'bugs', 'categories', 'icon']) {
			if (!manifest[field]) problems.push(`package.json has no "${field}" (Open VSX)`);
		}
		for (const leak of [/^extension\/(out|test|client|server|\.cache|bench|scripts)\//, /\.ts$/, /\.map$/]) {
			const hit = entries.find((e) => leak.test(e.name));
			if (hit) problems.push(`${hit.name} should not be packaged`);
		}
		for (const p of problems) log(`   vsix check failed: ${p}`);
		if (problems.length === 0) totals.passed++;
		return problems.length === 0;
	});
}

// 4. Extension-host tests through @vscode/test-electron and the code-server shim.
if (layers.includes('exthost')) {
	timed('extension host', () => {
		const results = path.join(tmp, 'exthost.json');
		const r = run(process.execPath, ['out/test/e2e/runExtensionTests.js'], { env: { ...process.env, OPENCLAW_E2E_RESULTS: results } });
		let counts;
		try {
			counts = JSON.parse(fs.readFileSync(results, 'utf8'));
		} catch {
			log('   extension host: no results (the run died before mocha reported)');
			counts = { passed: 0, failed: 1, skipped: [] };
		}
		record('extension host', r, counts);
	});
}

// 5. UI tests on the packaged extension.
if (layers.includes('ui')) {
	timed('ui', () => {
		const files = compiledTests('ui');
		if (files.length === 0) {
			log('   no UI tests compiled in out/test/e2e/ui');
			totals.failed++;
			return;
		}
		// Screenshots of this run only.
		fs.rmSync(path.join(repoRoot, 'test-results', 'e2e'), { recursive: true, force: true });
		nodeTests('ui', files, { OPENCLAW_E2E_VSIX: vsix }, '; screenshots in test-results/e2e/');
	});
}

// 6. Real editors other than VS Code as the LSP client (the language server on its own, as the npm package ships it).
for (const layer of EDITOR_LAYERS.filter((l) => layers.includes(l))) {
	timed(layer, () => {
		const files = compiledTests(layer);
		if (files.length === 0) {
			log(`   no tests compiled in out/test/e2e/${layer}`);
			totals.failed++;
			return;
		}
		nodeTests(layer, files, {});
	});
}

finish();
