#!/usr/bin/env node
// npm run demo: the extension in a browser VS Code against a sandbox OpenClaw gateway, in one command.
//
//   1. installs what is missing: npm dependencies (npm ci), Node 24 + openclaw (scripts/install-gateway.mjs),
//      code-server + Chromium + vsce (scripts/install-vscode.mjs; Chromium/libkrb5-dev from apt need root or sudo)
//   2. builds and packages openclaw-pairing.vsix
//   3. starts a sandbox gateway: Node 24 + openclaw from npm, a temporary state dir, loopback only, a random token
//   4. starts code-server: loopback, no auth, a temporary profile, the .vsix installed, the gateway URL in its settings,
//      and OPENCLAW_CONFIG_PATH pointing at the sandbox's openclaw.json so "Read Token from openclaw.json" finds the
//      token (it then lives in the extension's SecretStorage; nothing is pre-seeded behind the user's back)
//   5. a demo device ("demo-laptop") asks the gateway to pair, so there is something to approve (it asks again every
//      15 s until approved, which keeps the request from expiring after 5 minutes, then connects and says so)
//   6. prints the URL and what to click; opens nothing. Ctrl+C stops everything and deletes the temporary dirs.
//
//   node scripts/demo.mjs [--gateway 2026.6.6|2026.9.6] [--port N]
//
// --gateway 2026.6.6 (default) starts in seconds; the editor is paired silently on loopback. 2026.9.6 (current, ~40 s to
// start) runs with autoApproveLocal:false, so the editor itself must be approved first, as on a real 2026.9 gateway.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VERSIONS = ['2026.6.6', '2026.9.6'];
const DEVICE = 'demo-laptop';
const DEVICE_SCOPES = ['operator.pairing', 'operator.read'];
/** How often the demo device tries again while it waits: keeps its request alive (5 min TTL), connects soon after approval. */
const RETRY_MS = 15_000;

function log(msg) {
	console.log(`[demo] ${msg}`);
}

function parseArgs(argv) {
	const options = { version: VERSIONS[0], port: 0 };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => inline ?? argv[++i];
		if (flag === '--gateway') options.version = value();
		else if (flag === '--port') options.port = Number(value());
		else usage(`unknown argument: ${argv[i]}`);
	}
	if (!VERSIONS.includes(options.version)) usage(`--gateway must be one of ${VERSIONS.join(', ')}`);
	if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) usage('--port must be a port number');
	return options;
}

function usage(problem) {
	console.error(`usage: node scripts/demo.mjs [--gateway ${VERSIONS.join('|')}] [--port N]  (${problem})`);
	process.exit(2);
}

/** Run a setup step; its output goes to stderr so the instructions stay readable. Exits when it fails. */
function step(what, cmd, args) {
	const t0 = performance.now();
	const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', process.stderr, process.stderr] });
	if (r.status !== 0) {
		console.error(`[demo] ${what} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
		process.exit(1);
	}
	log(`${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

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
				"export { connectGateway, generateDeviceIdentity, GatewayConnectError } from './client/src/gateway';",
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
	const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'install-gateway.mjs'), '--print-paths', '--version', version], { encoding: 'utf8' });
	const paths = JSON.parse(r.stdout);
	const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
	const env = Object.entries(gw.env)
		.filter(([k, v]) => process.env[k] !== v && k !== 'PATH')
		.map(([k, v]) => `${k}=${quote(v)}`);
	const file = path.join(dir, 'openclaw');
	fs.writeFileSync(file, `#!/bin/sh\n# The sandbox gateway's CLI (openclaw ${version}, state ${gw.stateDir}).\nexec env ${env.join(' ')} ${quote(paths.node.bin)} ${quote(paths.openclaw[version].entry)} "$@"\n`, { mode: 0o755 });
	return file;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const t0 = performance.now();

	// 1–2. Install what is missing, build, package.
	if (!fs.existsSync(path.join(repoRoot, 'node_modules', 'esbuild')) || !fs.existsSync(path.join(repoRoot, 'node_modules', 'ws'))) {
		step('npm ci', 'npm', ['ci', '--no-audit', '--no-fund']);
	}
	step(`install Node 24 + openclaw@${options.version}`, process.execPath, ['scripts/install-gateway.mjs', '--version', options.version]);
	step('install code-server, Chromium, vsce', process.execPath, ['scripts/install-vscode.mjs']);
	step('build', process.execPath, ['scripts/build.mjs']);
	const session = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-demo-'));
	const vsix = path.join(session, 'openclaw-pairing.vsix');
	step('package the .vsix', process.execPath, ['scripts/install-vscode.mjs', '--package', vsix]);
	const support = await loadSupport();

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
		await device?.close().catch(() => undefined);
		await server?.stop().catch(() => undefined);
		await gw?.destroy().catch(() => undefined);
		fs.rmSync(session, { recursive: true, force: true });
		log('stopped; temporary state removed');
		process.exit(code);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(0));

	try {
		// 3. The sandbox gateway.
		log(`starting openclaw ${options.version}${options.version.startsWith('2026.9') ? ' (~40 s on 2 cores)' : ''}…`);
		gw = await support.startGateway({ version: options.version, ...(options.version.startsWith('2026.9') ? { autoApproveLocal: false } : {}) });
		const cli = writeCliWrapper(session, options.version, gw);

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
			// The URL is a "machine" setting: a code-server window reads it from the Machine (remote) settings.
			settings: gatewayUrl,
			machineSettings: gatewayUrl,
			// What "Read Token from openclaw.json" reads; environment given to code-server reaches the extension host.
			env: { OPENCLAW_CONFIG_PATH: path.join(gw.stateDir, 'openclaw.json') },
		});
		server.exited.then(() => {
			if (!stopping) {
				console.error(`[demo] code-server exited; log: ${server.logFile}`);
				void stop(1);
			}
		});

		// 5. A device that asks to pair (2026.6 pairs loopback silently unless a browser Origin is sent).
		const identity = support.generateDeviceIdentity();
		let lastRequest;
		const ask = async () => {
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
				log(`${DEVICE} was approved and is now connected (scopes ${device.hello.auth.scopes.join(', ')}).`);
				return;
			} catch (error) {
				if (!(error instanceof support.GatewayConnectError && error.pairingRequired)) log(`${DEVICE} could not connect: ${error.message}; trying again in ${RETRY_MS / 1000} s`);
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
		const nine = options.version.startsWith('2026.9');
		console.log(`
OpenClaw Pairing demo is running (ready in ${((performance.now() - t0) / 1000).toFixed(0)} s).

  Open in your browser:  ${url}
  Sandbox gateway:       openclaw ${options.version} on ${gw.url} (state ${gw.stateDir})
  Its CLI:               ${cli} devices list

  1. Click the OpenClaw icon in the activity bar (left).
  2. Click "Read Token from openclaw.json", then "Use Token": the sandbox's token goes into VS Code's SecretStorage.${
		nine
			? `
  3. openclaw 2026.9 asks to approve this editor first: click "Copy Approve Command" (or hover the status bar) and run
       ${cli} devices approve <requestId>
     The view connects by itself once approved.
  4.`
			: `
  3.`
	} "${DEVICE}" waits under Pending: hover it, click the check mark (Approve) and confirm in the dialog. It moves to
     Paired Devices, and within ${RETRY_MS / 1000} s the device connects (this terminal says so).
  Also: the workspace's .openclaw/devices/paired.json has a missing-scope error; Ctrl+. on it offers the quick fix.

Press Ctrl+C to stop the gateway and code-server and delete their temporary state.
`);
	} catch (error) {
		console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
		await stop(1);
	}
}

main();
