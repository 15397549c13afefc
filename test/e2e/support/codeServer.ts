import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installPaths } from './paths';

/**
 * User settings for every e2e profile: no welcome page, tips, telemetry, update checks, marketplace, AI features or
 * git scanning. The gateway URL here only counts for a desktop VS Code: see E2E_MACHINE_SETTINGS.
 */
export const E2E_SETTINGS: Record<string, unknown> = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'workbench.editor.enablePreview': false,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	// code-server saves after a delay by default; desktop VS Code doesn't, and a quick fix must stay an unsaved edit.
	'files.autoSave': 'off',
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoUpdate': false,
	'extensions.autoCheckUpdates': false,
	'extensions.ignoreRecommendations': true,
	'chat.disableAIFeatures': true,
	'chat.commandCenter.enabled': false,
	'security.workspace.trust.enabled': false,
	'git.enabled': false,
	'git.autoRepositoryDetection': false,
	'json.schemaDownload.enable': false,
	'npm.fetchOnlinePackageInfo': false,
	'openclawPairing.gateway.url': 'ws://127.0.0.1:9',
};

/**
 * Settings of scope "machine" (openclawPairing.gateway.url and the other gateway settings) are ignored in the user
 * settings of a remote window, and a code-server window is always remote (its extension host is the server's): VS Code
 * reads them from the remote machine's settings, <user-data-dir>/Machine/settings.json ("Remote" in the Settings UI).
 * The extension points at a port nothing listens on, so it never talks to a gateway running on this machine; tests
 * that want a gateway start their own and set its URL here.
 */
export const E2E_MACHINE_SETTINGS: Record<string, unknown> = {
	'openclawPairing.gateway.url': 'ws://127.0.0.1:9',
	// These suites follow this editor's own device (paired silently on 2026.6.6 loopback, or awaiting approval); the
	// device-less loopback login (the default, "auto") is covered against real gateways in test/gateway/breakLoop.test.ts.
	'openclawPairing.gateway.loginAs': 'device',
	// Machine-scoped too: the extension opens its walkthrough on first install unless this says no (one UI test opts in).
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

export interface CodeServerOptions {
	/** Folder the workbench opens (also the folder of `url`). */
	folder?: string | undefined;
	/** Temporary profile: config, XDG dirs, log; default a fresh dir under the OS temp dir (kept for inspection). */
	profileDir?: string;
	userDataDir?: string | undefined;
	extensionsDir?: string | undefined;
	/** Merged over E2E_SETTINGS into <userDataDir>/User/settings.json (an existing file's values win over E2E_SETTINGS). */
	settings?: Record<string, unknown>;
	/** Merged over E2E_MACHINE_SETTINGS into <userDataDir>/Machine/settings.json, the same way. */
	machineSettings?: Record<string, unknown>;
	/** Lets the workbench honor the extension-test payload (extensionDevelopmentPath / extensionTestsPath). */
	smokeTestDriver?: boolean;
	/** Extra environment for code-server and so for the extension host and the language server. */
	env?: NodeJS.ProcessEnv;
	/** How long to wait for "HTTP server listening"; default 90 s (2 busy cores). */
	startTimeoutMs?: number;
	/** Loopback port to listen on; default 0, a free one. */
	port?: number;
	/** Keep Workspace Trust on (default off: --disable-workspace-trust); pair with 'security.workspace.trust.enabled': true. */
	workspaceTrust?: boolean;
	/** More code-server flags, e.g. ['--reconnection-grace-time', '5']. */
	args?: string[];
}

export interface CodeServer {
	/** http://127.0.0.1:PORT/ */
	url: string;
	port: number;
	profileDir: string;
	userDataDir: string;
	extensionsDir: string;
	logFile: string;
	/** The workbench URL for a folder, with an optional dev/test payload (list of [key, value]). */
	workbenchUrl(folder?: string, payload?: [string, string][]): string;
	/** `vscode-remote://127.0.0.1:PORT/abs/path`, the form the payload needs for server-side paths. */
	remoteUri(absPath: string): string;
	/** Settles when the code-server process exits (by stop() or by itself). */
	exited: Promise<void>;
	stop(): Promise<void>;
}

/** A fresh temp dir whose name says what it is; never removed by us, so a failure can be looked at. */
export function tempProfile(prefix = 'openclaw-e2e-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** code-server and its children (extension host, language server) get XDG dirs of the profile, never ~. */
function isolatedEnv(profileDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const { node } = installPaths();
	const env: NodeJS.ProcessEnv = {
		...process.env,
		// `.bin/code-server` is `#!/usr/bin/env node` and it forks with whatever `node` is first: it must be Node 24.
		PATH: `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH ?? ''}`,
		XDG_CONFIG_HOME: path.join(profileDir, 'xdg-config'),
		XDG_DATA_HOME: path.join(profileDir, 'xdg-data'),
		XDG_CACHE_HOME: path.join(profileDir, 'xdg-cache'),
		// No marketplace (code-server defaults to open-vsx).
		EXTENSIONS_GALLERY: '{}',
		...extra,
	};
	// An extension-test run under VS Code (e.g. this harness started from a VS Code terminal) must not leak in.
	for (const key of Object.keys(env)) if (key.startsWith('VSCODE_') && !(key in extra)) delete env[key];
	return env;
}

/** Merge settings into <userDataDir>/User/settings.json (or Machine/settings.json): defaults < the file's values < settings. */
export function writeSettings(userDataDir: string, settings: Record<string, unknown> = {}, target: 'User' | 'Machine' = 'User'): void {
	const file = path.join(userDataDir, target, 'settings.json');
	const defaults = target === 'User' ? E2E_SETTINGS : E2E_MACHINE_SETTINGS;
	fs.mkdirSync(path.dirname(file), { recursive: true });
	let existing: Record<string, unknown> = {};
	try {
		existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
	} catch {
		// none yet
	}
	fs.writeFileSync(file, `${JSON.stringify({ ...defaults, ...existing, ...settings }, null, 2)}\n`);
}

function commonArgs(profileDir: string, userDataDir: string, extensionsDir: string): string[] {
	const config = path.join(profileDir, 'config.yaml');
	// Without --config code-server writes ~/.config/code-server/config.yaml with a random password.
	fs.writeFileSync(config, 'auth: none\ncert: false\n');
	return ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
}

/** Install a .vsix into an extensions dir with code-server's own CLI (~1.5 s). */
export function installVsix(vsix: string, options: { profileDir: string; userDataDir?: string; extensionsDir?: string }): void {
	const { node, codeServer } = installPaths();
	const userDataDir = options.userDataDir ?? path.join(options.profileDir, 'user');
	const extensionsDir = options.extensionsDir ?? path.join(options.profileDir, 'ext');
	const r = spawnSync(node.bin, [codeServer.entry, ...commonArgs(options.profileDir, userDataDir, extensionsDir), '--install-extension', vsix, '--force'], {
		env: isolatedEnv(options.profileDir),
		encoding: 'utf8',
		timeout: 120_000,
	});
	fs.appendFileSync(path.join(options.profileDir, 'install-extension.log'), `${r.stdout ?? ''}${r.stderr ?? ''}`);
	if (r.status !== 0 || !/successfully installed/i.test(r.stdout ?? '')) {
		throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal}): ${(r.stderr || r.stdout || '').trim().slice(-2000)}`);
	}
}

const running = new Set<ChildProcess>();
// Whatever happens to the test process, no code-server (nor its extension host or language server) outlives it.
process.once('exit', () => {
	for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Start code-server on a free loopback port with a throw-away profile; resolves once it listens. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
	const { node, codeServer } = installPaths();
	const profileDir = options.profileDir ?? tempProfile();
	const userDataDir = options.userDataDir ?? path.join(profileDir, 'user');
	const extensionsDir = options.extensionsDir ?? path.join(profileDir, 'ext');
	fs.mkdirSync(extensionsDir, { recursive: true });
	writeSettings(userDataDir, options.settings);
	writeSettings(userDataDir, options.machineSettings, 'Machine');
	const logFile = path.join(profileDir, 'code-server.log');
	const log = fs.createWriteStream(logFile, { flags: 'a' });
	const args = [
		codeServer.entry,
		...commonArgs(profileDir, userDataDir, extensionsDir),
		'--bind-addr',
		`127.0.0.1:${options.port ?? 0}`,
		'--auth',
		'none',
		'--disable-telemetry',
		'--disable-update-check',
		...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
		'--disable-getting-started-override',
		...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
		...(options.args ?? []),
		...(options.folder ? [options.folder] : []),
	];
	// Its own process group, so stop() reaches the extension host and the language server it forks too.
	const child = spawn(node.bin, args, { env: isolatedEnv(profileDir, options.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	running.add(child);
	let exited = false;
	const exit = new Promise<void>((resolve) =>
		child.once('exit', () => {
			exited = true;
			running.delete(child);
			resolve();
		}),
	);
	child.stdout!.pipe(log, { end: false });
	child.stderr!.pipe(log, { end: false });

	const stop = async () => {
		if (!exited) {
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
			await exit;
			clearTimeout(timer);
		}
		// The extension host and language server may outlive code-server by a moment: wait for the whole group.
		const deadline = Date.now() + 10_000;
		while (child.pid !== undefined && groupAlive(child.pid)) {
			if (Date.now() > deadline) killGroup(child, 'SIGKILL');
			await new Promise((r) => setTimeout(r, 100));
		}
		log.end();
	};

	const listening = await new Promise<string>((resolve, reject) => {
		let seen = '';
		const timeoutMs = options.startTimeoutMs ?? 90_000;
		const timer = setTimeout(() => done(new Error(`code-server did not listen within ${timeoutMs / 1000} s; log: ${logFile}`)), timeoutMs);
		const onData = (chunk: Buffer) => {
			seen = (seen + chunk.toString()).slice(-4000);
			const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/?)/.exec(seen);
			if (m) done(undefined, m[1]);
		};
		const onExit = (code: number | null, signal: string | null) =>
			done(new Error(`code-server exited (${code ?? signal}) before listening: ${seen.trim().slice(-1500)}`));
		function done(error: Error | undefined, url?: string) {
			clearTimeout(timer);
			child.stdout!.off('data', onData);
			child.off('exit', onExit);
			if (error) reject(error);
			else resolve(url!);
		}
		child.stdout!.on('data', onData);
		child.once('exit', onExit);
	}).catch(async (error: unknown) => {
		await stop();
		throw error;
	});

	const url = listening.endsWith('/') ? listening : `${listening}/`;
	const port = Number(new URL(url).port);
	const authority = `127.0.0.1:${port}`;
	return {
		url,
		port,
		profileDir,
		userDataDir,
		extensionsDir,
		logFile,
		workbenchUrl(folder = options.folder, payload) {
			const query = new URLSearchParams();
			if (folder) query.set('folder', folder);
			if (payload) query.set('payload', JSON.stringify(payload));
			const q = query.toString();
			return q ? `${url}?${q}` : url;
		},
		remoteUri(absPath) {
			return `vscode-remote://${authority}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
		},
		exited: exit,
		stop,
	};
}
