#!/usr/bin/env node
// install-gateway.mjs: install a private Node 24 and pinned `openclaw` versions from npm, so tests can run a
// REAL OpenClaw gateway. Runs on the system Node (20); the gateway itself needs Node >= 24.16 (2026.9.x).
//
//   node scripts/install-gateway.mjs [--version V ...]          install (idempotent), print what was done
//   node scripts/install-gateway.mjs --print-paths [--version V ...]   print the paths as JSON, install nothing
//
// Layout: <cache>/node24/node_modules/node-<os>-<arch>/bin/node and <cache>/openclaw-<V>/node_modules/openclaw,
// where <cache> = $OPENCLAW_PAIRING_CACHE or <repo>/.cache/gateway.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scrubNpmRunEnv } from './cleanEnv.mjs';
import { NODE_MAJOR, nodeAt, nodeEnv } from './node24.mjs';

// Started through `npm test` or `npm run demo`: the npm installs below must not see the outer npm's variables.
scrubNpmRunEnv();

const DEFAULT_VERSIONS = ['2026.6.6', '2026.7.35', '2026.8.1', '2026.9.6'];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.resolve(process.env.OPENCLAW_PAIRING_CACHE || path.join(repoRoot, '.cache', 'gateway'));

function parseArgs(argv) {
	const versions = [];
	let printPaths = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--print-paths') printPaths = true;
		else if (a === '--version' && argv[i + 1]) versions.push(argv[++i]);
		else if (a.startsWith('--version=')) versions.push(a.slice('--version='.length));
		else {
			console.error(`usage: install-gateway.mjs [--print-paths] [--version V ...]  (unknown argument: ${a})`);
			process.exit(2);
		}
	}
	return { versions: versions.length ? versions : DEFAULT_VERSIONS, printPaths };
}

function readVersion(pkgJson) {
	try {
		return JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version ?? null;
	} catch {
		return null;
	}
}

function paths(versions) {
	const openclaw = {};
	for (const v of versions) {
		const prefix = path.join(cacheDir, `openclaw-${v}`);
		const pkgDir = path.join(prefix, 'node_modules', 'openclaw');
		const entry = path.join(pkgDir, 'openclaw.mjs');
		const installed = readVersion(path.join(pkgDir, 'package.json')) === v && fs.existsSync(entry);
		openclaw[v] = { prefix, pkgDir, entry, installed };
	}
	return {
		cacheDir,
		node: nodeAt(path.join(cacheDir, 'node24')),
		openclaw,
	};
}

function log(msg) {
	console.log(`[install-gateway] ${msg}`);
}

function npmInstall(prefix, spec, env) {
	fs.mkdirSync(prefix, { recursive: true });
	const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', spec];
	// npm's own output goes to stderr so stdout stays a short summary.
	const r = spawnSync('npm', args, { env, stdio: ['ignore', process.stderr, process.stderr] });
	if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function timed(what, fn) {
	const t0 = performance.now();
	fn();
	log(`${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function install(versions) {
	const t0 = performance.now();
	let p = paths(versions);
	if (p.node.installed) log(`${p.node.package}@${p.node.version} present, skipped`);
	else
		timed(`installed ${p.node.package}@${NODE_MAJOR} into ${p.node.prefix}`, () => npmInstall(p.node.prefix, `${p.node.package}@${NODE_MAJOR}`, process.env));
	p = paths(versions);
	if (!p.node.installed) throw new Error(`Node ${NODE_MAJOR} missing after install: ${p.node.bin}`);

	// Lifecycle scripts and node-gyp must see Node 24.
	const env = nodeEnv(p.node);
	for (const [v, oc] of Object.entries(p.openclaw)) {
		if (oc.installed) log(`openclaw@${v} present, skipped`);
		else timed(`installed openclaw@${v} into ${oc.prefix}`, () => npmInstall(oc.prefix, `openclaw@${v}`, env));
		if (!paths([v]).openclaw[v].installed) throw new Error(`openclaw@${v} missing after install: ${oc.entry}`);
	}
	log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s (cache ${cacheDir})`);
}

const args = parseArgs(process.argv.slice(2));
if (args.printPaths) {
	console.log(JSON.stringify(paths(args.versions), null, 2));
} else {
	try {
		install(args.versions);
	} catch (err) {
		console.error(`[install-gateway] ${err instanceof Error ? err.message : String(err)}`);
		process.exit(1);
	}
}
