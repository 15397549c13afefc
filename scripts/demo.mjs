#!/usr/bin/env node
// npm run demo: the extension in a browser VS Code against a sandbox OpenClaw gateway, in one command.
//
//   1. installs what is missing: npm dependencies (npm ci), Node 24 + openclaw (scripts/install-gateway.mjs),
//      code-server + Chromium + vsce (scripts/install-vscode.mjs; Chromium/libkrb5-dev from apt need root or sudo).
//      Each step runs without the variables `npm run` exports (scripts/cleanEnv.mjs) and logs to .cache/demo/setup.log;
//      the terminal shows progress only.
//   2. builds and packages openclaw-pairing.vsix
//   3. starts a sandbox gateway: Node 24 + openclaw from npm, a temporary state dir, loopback only, a random token
//   4. starts code-server: loopback, no auth, a temporary profile, the .vsix installed, the gateway URL in its settings,
//      and OPENCLAW_CONFIG_PATH pointing at the sandbox's openclaw.json so "Read Token from openclaw.json" finds the
//      token (it then lives in the extension's SecretStorage; nothing is pre-seeded behind the user's back)
//   5. a demo device ("demo-laptop") asks the gateway to pair, so there is something to approve (it asks again every
//      15 s until approved, which keeps the request from expiring after 5 minutes, then connects and says so)
//   6. writes cli.env (the sandbox's URL and token, mode 0600) and prints the URL, what to click and a ready-made
//      `node --env-file=… dist/cli.js devices` line; opens nothing. Ctrl+C stops everything and deletes the temporary dirs.
//
//   npm run demo [-- --gateway 2026.6.6|2026.9.6] [--port N] [--check]
//
// --gateway 2026.6.6 (default) starts in seconds; the editor is paired silently on loopback. 2026.9.6 (current, ~40 s to
// start) runs with autoApproveLocal:false, so the editor itself must be approved first, as on a real 2026.9 gateway.
// --check runs the same demo without a person (CI runs it through npm, as the README says): it waits until code-server
// answers on the printed URL and the demo device's request is pending, approves it with `dist/cli.js approve`, waits
// until the device connects with its scopes, then stops and cleans up. Exit 0 only when every step happened.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scrubNpmRunEnv } from './cleanEnv.mjs';
import { SetupLog } from './setupSteps.mjs';

// Where the user typed `npm run demo` (npm changes the cwd to the repo root and says where it came from in INIT_CWD).
const invokedFrom = process.env.INIT_CWD ?? process.cwd();
scrubNpmRunEnv();

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VERSIONS = ['2026.6.6', '2026.9.6'];
const DEVICE = 'demo-laptop';
const DEVICE_SCOPES = ['operator.pairing', 'operator.read'];
/** How often the demo device tries again while it waits: keeps its request alive (5 min TTL), connects soon after approval. */
const RETRY_MS = 15_000;
/** --check: how long each wait may take once everything is installed and started. */
const CHECK_STEP_MS = 60_000;
const demoCache = path.join(repoRoot, '.cache', 'demo');

function log(msg) {
	console.log(`[demo] ${msg}`);
}

function parseArgs(argv) {
	const options = { version: VERSIONS[0], port: 0, check: false };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => inline ?? argv[++i];
		if (flag === '--gateway') options.version = value();
		else if (flag === '--port') options.port = Number(value());
		else if (flag === '--check') options.check = true;
		else if (flag === '-h' || flag === '--help') usage();
		else usage(`unknown argument: ${argv[i]}`);
	}
	if (!VERSIONS.includes(options.version)) usage(`--gateway must be one of ${VERSIONS.join(', ')}`);
	if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) usage('--port must be a port number');
	return options;
}

function usage(problem) {
	const text = `usage: npm run demo [-- --gateway ${VERSIONS.join('|')}] [--port N] [--check]`;
	if (!problem) {
		console.log(text);
		process.exit(0);
	}
	console.error(`${text}  (${problem})`);
	process.exit(2);
}

const seconds = (t0) => ((performance.now() - t0) / 1000).toFixed(1);

/**
 * The launchers the tests use (test/support/gateway.ts, test/e2e/support/codeServer.ts) and the protocol client, bundled
 * into one CommonJS file under out/ (inside the repo: the gateway launcher finds scripts/install-gateway.mjs from there).
 */
async function loadSupport() {
	const esbuild = await import('esbuild');
	const outfile = path.join(repoRoot, 'out', 'demo', 'demo-support.cjs');
	await esbuild.build({
		stdin: {
			contents: [
				"export { startGateway } from './test/support/gateway';",
				"export { installVsix, startCodeServer, tempProfile } from './test/e2e/support/codeServer';",
				"export { writePairedJson } from './test/e2e/support/pairingFixtures';",
				"export { connectGateway, generateDeviceIdentity, GatewayConnectError } from './core/src/gateway';",
			].join('\n'),
			resolveDir: repoRoot,
			loader: 'ts',
			sourcefile: 'demo-support.ts',
		},
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		outfile,
		mainFields: ['module', 'main'],
		external: ['bufferutil', 'utf-8-validate'],
		logLevel: 'warning',
	});
	// test/e2e/support/paths.ts finds the install through the repo root it computes from its own location, which the
	// bundle moved: name the cache instead (the default of scripts/install-vscode.mjs).
	process.env.OPENCLAW_PAIRING_VSCODE_CACHE ||= path.join(repoRoot, '.cache', 'vscode');
	return createRequire(import.meta.url)(outfile);
}

/** A shell wrapper for the sandbox gateway's own CLI (`openclaw devices list`, `openclaw devices approve <id>`). */
function writeCliWrapper(dir, version, gw) {
	const paths = installPaths('install-gateway.mjs', '--version', version);
	// Exported inside the script, not passed to `env`: a token in argv is visible to every user in `ps`.
	const exports = Object.entries(gw.env)
		.filter(([k, v]) => process.env[k] !== v && k !== 'PATH')
		.map(([k, v]) => `export ${k}=${shellQuote(v)}\n`);
	const file = path.join(dir, 'openclaw');
	fs.writeFileSync(
		file,
		`#!/bin/sh\n# The sandbox gateway's CLI (openclaw ${version}, state ${gw.stateDir}).\n${exports.join('')}exec ${shellQuote(paths.node.bin)} ${shellQuote(paths.openclaw[version].entry)} "$@"\n`,
		{ mode: 0o700 },
	);
	return file;
}

/** What an installer has (or would) put where: its own `--print-paths`, so the install layout is written once. */
function installPaths(script, ...args) {
	const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', script), '--print-paths', ...args], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`${script} --print-paths failed: ${r.stderr.trim()}`);
	return JSON.parse(r.stdout);
}

function shellQuote(s) {
	return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${String(s).replace(/'/g, `'\\''`)}'`;
}

/**
 * cli.env: what our CLI needs to reach the sandbox (read by `node --env-file`), so neither the token nor the URL is
 * typed on a command line. Its own identity dir keeps the sandbox's device out of the user's ~/.config.
 */
function writeCliEnv(dir, gw) {
	const file = path.join(dir, 'cli.env');
	const lines = [`OPENCLAW_GATEWAY_URL=${gw.url}`, `OPENCLAW_GATEWAY_TOKEN=${gw.token}`, `XDG_CONFIG_HOME=${path.join(dir, 'cli-config')}`];
	fs.writeFileSync(file, `# The demo's sandbox gateway, for: node --env-file=${file} dist/cli.js devices\n${lines.join('\n')}\n`, { mode: 0o600 });
	return file;
}

/** Our CLI against the sandbox, as the printed line runs it; resolves with its exit code and output. */
function runOurCli(envFile, args) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [`--env-file=${envFile}`, path.join(repoRoot, 'dist', 'cli.js'), ...args], {
			cwd: repoRoot,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
	});
}

/** Poll `probe` (resolves truthy when done) until it is done or `ms` have passed; rejects naming what did not happen. */
async function waitFor(what, probe, ms = CHECK_STEP_MS) {
	const deadline = performance.now() + ms;
	let last;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (error) {
			last = error instanceof Error ? error.message : String(error);
		}
		if (performance.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s${last ? ` (last error: ${last})` : ''}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Copy a log out of a temporary dir that is about to be deleted, so a failure can still be read. */
function keepLog(file, name) {
	if (!file || !fs.existsSync(file)) return undefined;
	const to = path.join(demoCache, name);
	fs.copyFileSync(file, to);
	return to;
}

async function setUp(options, setup) {
	// 1–2. Install what is missing, build, package.
	const node = [process.execPath];
	if (!fs.existsSync(path.join(repoRoot, 'node_modules', 'esbuild')) || !fs.existsSync(path.join(repoRoot, 'node_modules', 'ws'))) {
		log(`npm dependencies: ${await setup.run('npm ci', 'npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot }).then((s) => s.toFixed(1))} s`);
	}
	const steps = [
		[`install Node 24 + openclaw@${options.version}`, [...node, 'scripts/install-gateway.mjs', '--version', options.version]],
		['install code-server, Chromium, vsce', [...node, 'scripts/install-vscode.mjs']],
		['build', [...node, 'scripts/build.mjs']],
	];
	if (!installPaths('install-vscode.mjs').codeServer.installed) log('first run: code-server compiles its native modules, 3–5 min on 2 cores');
	for (const [what, [cmd, ...args]] of steps) log(`${what}: ${(await setup.run(what, cmd, args, { cwd: repoRoot })).toFixed(1)} s`);
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const t0 = performance.now();
	fs.mkdirSync(demoCache, { recursive: true });
	const setup = new SetupLog(path.join(demoCache, 'setup.log'), (line) => log(line));
	log(`setting up; the full output goes to ${path.relative(invokedFrom, setup.file) || setup.file}`);

	const session = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-demo-'));
	let gw;
	let server;
	let device;
	let timer;
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		clearTimeout(timer);
		log('stopping…');
		if (code !== 0) {
			const kept = [keepLog(gw?.logFile, 'gateway.log'), keepLog(server?.logFile, 'code-server.log')].filter(Boolean);
			if (kept.length) log(`logs kept: ${kept.join(', ')}`);
		}
		await device?.close().catch(() => undefined);
		await server?.stop().catch(() => undefined);
		await gw?.destroy().catch(() => undefined);
		fs.rmSync(session, { recursive: true, force: true });
		log(`stopped; temporary state removed${options.check ? ` (${code === 0 ? 'check passed' : 'check FAILED'} in ${seconds(t0)} s)` : ''}`);
		process.exit(code);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(options.check ? 1 : 0));

	try {
		await setUp(options, setup);
		const vsix = path.join(session, 'openclaw-pairing.vsix');
		log(
			`package the .vsix: ${(await setup.run('package the .vsix', process.execPath, ['scripts/install-vscode.mjs', '--package', vsix], { cwd: repoRoot })).toFixed(1)} s`,
		);
		const support = await loadSupport();

		// 3. The sandbox gateway.
		const nine = options.version.startsWith('2026.9');
		log(`starting openclaw ${options.version}${nine ? ' (~40 s on 2 cores)' : ''}…`);
		gw = await support.startGateway({ version: options.version, ...(nine ? { autoApproveLocal: false } : {}) });
		const cli = writeCliWrapper(session, options.version, gw);
		const cliEnv = writeCliEnv(session, gw);

		// 4. code-server with the extension; a workspace with a paired.json the language server has something to say about.
		const profileDir = path.join(session, 'code-server');
		fs.mkdirSync(profileDir);
		const folder = path.join(session, 'workspace');
		support.writePairedJson(folder);
		support.installVsix(vsix, { profileDir });
		const gatewayUrl = { 'openclawPairing.gateway.url': gw.url };
		server = await support.startCodeServer({
			profileDir,
			folder,
			port: options.port,
			// The URL is a "machine" setting: a code-server window reads it from the Machine (remote) settings. The
			// demo shows what a user gets by default (the e2e suites pin loginAs "device" to follow the editor's device).
			settings: gatewayUrl,
			machineSettings: { ...gatewayUrl, 'openclawPairing.gateway.loginAs': 'auto' },
			// What "Read Token from openclaw.json" reads; environment given to code-server reaches the extension host.
			env: { OPENCLAW_CONFIG_PATH: path.join(gw.stateDir, 'openclaw.json') },
		});
		server.exited.then(() => {
			if (!stopping) {
				console.error(`[demo] code-server exited; log: ${keepLog(server.logFile, 'code-server.log')}`);
				void stop(1);
			}
		});

		// 5. A device that asks to pair (2026.6 pairs loopback silently unless a browser Origin is sent).
		const identity = support.generateDeviceIdentity();
		let lastRequest;
		let connected;
		const ask = async () => {
			clearTimeout(timer);
			try {
				device = await support.connectGateway({
					url: gw.url,
					auth: { token: gw.token },
					identity,
					role: 'operator',
					scopes: DEVICE_SCOPES,
					client: { id: 'gateway-client', mode: 'ui', version: '1.0.0', platform: 'linux', displayName: DEVICE },
					...(options.version.startsWith('2026.6') ? { headers: { Origin: `http://127.0.0.1:${gw.port}` } } : {}),
				});
				connected = device.hello.auth.scopes;
				log(`${DEVICE} was approved and is now connected (scopes ${connected.join(', ')}).`);
				return;
			} catch (error) {
				if (!(error instanceof support.GatewayConnectError && error.pairingRequired))
					log(`${DEVICE} could not connect: ${error.message}; trying again in ${RETRY_MS / 1000} s`);
				else if (error.requestId !== lastRequest) {
					if (lastRequest) log(`${DEVICE} asks again: request ${error.requestId}`);
					lastRequest = error.requestId;
				}
			}
			if (!stopping) timer = setTimeout(() => void ask(), RETRY_MS);
		};
		await ask();

		// 6. What to do.
		const url = server.workbenchUrl(folder);
		const ourCli = path.relative(invokedFrom, path.join(repoRoot, 'dist', 'cli.js')) || 'dist/cli.js';
		const cliLine = `node --env-file=${cliEnv} ${ourCli}`;
		console.log(`
OpenClaw Pairing demo is running (ready in ${seconds(t0)} s).

  Open in your browser:  ${url}
  Sandbox gateway:       openclaw ${options.version} on ${gw.url} (state ${gw.stateDir})
  Its openclaw CLI:      ${cli} devices list
  Our CLI:               ${cliLine} devices
                         (cli.env holds the sandbox's URL and token, mode 0600: nothing secret on the command line)
                         (on loopback with the shared token it needs no pairing of its own, even on a strict 2026.9)

  1. Click the OpenClaw icon in the activity bar (left).
  2. Click "Read Token from openclaw.json", then "Use Token": the sandbox's token goes into VS Code's SecretStorage.
     The editor logs in with it on loopback, as openclaw's own CLI does: nothing to approve for the editor itself.
  3.	} "${DEVICE}" waits under Pending: hover it, click the check mark (Approve) and confirm in the dialog. It moves to
     Paired Devices, and within ${RETRY_MS / 1000} s the device connects (this terminal says so).
     Or from the terminal: ${cliLine} approve ${lastRequest ?? '<requestId>'}
  Also: the workspace's .openclaw/devices/paired.json has a missing-scope error; Ctrl+. on it offers the quick fix.
${options.check ? '' : '\nPress Ctrl+C to stop the gateway and code-server and delete their temporary state.\n'}`);
		if (!options.check) return;

		// --check: what a person would do in the terminal, each step waiting on its real signal.
		const t1 = performance.now();
		await waitFor(`code-server answers on ${url}`, async () => (await fetch(url)).ok);
		log(`check: code-server answers on the printed URL (${seconds(t1)} s)`);
		const requestId = await waitFor(`${DEVICE}'s request is pending`, async () => {
			const listed = await ourCliList(cliEnv);
			return listed.pending.find((r) => r.displayName === DEVICE && r.requestId === lastRequest)?.requestId;
		});
		log(`check: ${ourCli} devices lists ${DEVICE}'s request ${requestId}`);
		const approved = await runOurCli(cliEnv, ['approve', requestId]);
		if (approved.code !== 0) throw new Error(`${ourCli} approve ${requestId} exited ${approved.code}: ${approved.stderr.trim() || approved.stdout.trim()}`);
		log(`check: ${approved.stdout.trim().split('\n')[0]}`);
		await ask(); // at once, instead of within RETRY_MS; on failure it tries again every RETRY_MS
		await waitFor(`${DEVICE} connects after approval`, () => connected);
		const missing = DEVICE_SCOPES.filter((s) => !connected.includes(s));
		if (missing.length) throw new Error(`${DEVICE} connected without ${missing.join(', ')}`);
		const after = await ourCliList(cliEnv);
		if (!after.paired.some((d) => d.displayName === DEVICE)) throw new Error(`${DEVICE} is not listed as paired after approval`);
		if (after.pending.some((r) => r.requestId === requestId)) throw new Error(`request ${requestId} is still pending after approval`);
		log(`check: ${DEVICE} is paired and connected; every step passed`);
		await stop(0);
	} catch (error) {
		console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
		await stop(1);
	}
}

/** `dist/cli.js devices --json`: on loopback with the shared token it lists at once, even on a strict 2026.9 gateway. */
async function ourCliList(cliEnv) {
	const r = await runOurCli(cliEnv, ['devices', '--json']);
	if (r.code !== 0) throw new Error(`dist/cli.js devices --json exited ${r.code}: ${r.stderr.trim()}`);
	return JSON.parse(r.stdout);
}

main();
