// Launch a REAL OpenClaw gateway (Node 24 + a pinned `openclaw` from npm, installed by
// scripts/install-gateway.mjs) headless on a free loopback port with an isolated state dir.
// Mirrors /work/shared/openclaw/scripts/start-gateway.sh; start once per test file: 9.x takes ~20 s.
import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { detectFeatures, GatewayFeatures, gatewayEnv, writeConfig } from './gatewayConfig';
import { ensureInstalled } from './gatewayInstall';

export type { GatewayFeatures } from './gatewayConfig';

export interface StartGatewayOptions {
	/** npm version of `openclaw`, e.g. "2026.6.6" or "2026.9.6". */
	version: string;
	/** gateway.nodes.pairing.autoApproveLocal (2026.9.x only; throws on versions without the key). */
	autoApproveLocal?: boolean;
	/** Reused as is (e.g. to start another version on it); default: a new temp dir. */
	stateDir?: string;
	/** Shared gateway token; default: random. */
	token?: string;
	/** gateway.trustedProxies (e.g. ["127.0.0.1"]): an X-Forwarded-For header then makes a loopback client remote. */
	trustedProxies?: readonly string[];
	/** Extra keys for the `gateway` section (e.g. `{ roles: … }` on 2026.9.x); a key this build does not know makes it exit 78. */
	gatewayExtra?: Record<string, unknown>;
	/**
	 * Extra top-level config keys (e.g. `plugins`), or a function of the gateway's URL for keys that name it, e.g.
	 * `(url) => ({ plugins: { entries: { 'device-pair': { config: { publicUrl: url } } } } })`. Unknown keys: exit 78.
	 */
	configExtra?: Record<string, unknown> | ((url: string) => Record<string, unknown>);
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface RunningGateway {
	readonly url: string;
	readonly port: number;
	readonly token: string;
	readonly stateDir: string;
	readonly version: string;
	/** Environment the gateway and cli() run with (isolated HOME/XDG/OPENCLAW_*). */
	readonly env: Record<string, string>;
	readonly features: GatewayFeatures;
	readonly logFile: string;
	/** Of the last start: spawn -> port open, spawn -> "[gateway] ready". */
	readonly timings: { listeningMs: number; readyMs: number };
	readonly running: boolean;
	/** PID of the running gateway; it is spawned detached, so it leads its own process group (kill(-pid, sig)). */
	readonly pid: number | undefined;
	/** SIGTERM to the process group, SIGKILL after 10 s; resolves when every process of the group is gone. */
	stop(): Promise<void>;
	/** Restart on the same port and state dir after stop(). */
	start(): Promise<void>;
	/** Run `openclaw <args>` against this gateway's environment. */
	cli(args: string[], options?: { timeoutMs?: number }): Promise<CliResult>;
	/** stop(), then delete the state dir if startGateway created it. */
	destroy(): Promise<void>;
}

const START_CAP_MS = 120_000;
const POLL_MS = 50;
const READY_LINE = /\[gateway\] ready\s*$/m;

const live = new Set<GatewayProcess>();
let exitHookInstalled = false;

export async function startGateway(opts: StartGatewayOptions): Promise<RunningGateway> {
	const paths = await ensureInstalled(opts.version);
	const oc = paths.openclaw[opts.version];
	const features = detectFeatures(oc.prefix, oc.pkgDir);
	if (opts.autoApproveLocal !== undefined && !features.autoApproveLocal) {
		throw new Error(
			`openclaw@${opts.version} has no gateway.nodes.pairing.autoApproveLocal: loopback clients are always ` +
				'silently paired there; send an Origin header to get a pending request instead',
		);
	}
	const createdStateDir = !opts.stateDir;
	const stateDir = opts.stateDir ? path.resolve(opts.stateDir) : fs.mkdtempSync(path.join(os.tmpdir(), `openclaw-gw-${opts.version}-`));
	fs.mkdirSync(path.join(stateDir, 'home'), { recursive: true });
	const port = await freeLoopbackPort();
	const token = opts.token ?? `test-${crypto.randomBytes(12).toString('hex')}`;
	const configExtra = typeof opts.configExtra === 'function' ? opts.configExtra(`ws://127.0.0.1:${port}`) : opts.configExtra;
	writeConfig(stateDir, port, token, features, opts.autoApproveLocal, opts.trustedProxies, opts.gatewayExtra, configExtra);
	const gw = new GatewayProcess({
		version: opts.version,
		port,
		token,
		stateDir,
		createdStateDir,
		features,
		nodeBin: paths.node.bin,
		entry: oc.entry,
		env: gatewayEnv(stateDir, paths.node.bin, oc.prefix),
	});
	await gw.start();
	return gw;
}

/** Stop every gateway this process started (for an `after` hook or a global teardown). */
export async function stopAllGateways(): Promise<void> {
	await Promise.all([...live].map((gw) => gw.stop()));
}

/** Synchronous last resort for process exit: SIGKILL every live gateway process group. */
export function killAllGatewaysSync(): void {
	for (const gw of live) gw.killSync();
}

class GatewayProcess implements RunningGateway {
	readonly url: string;
	readonly logFile: string;
	timings = { listeningMs: 0, readyMs: 0 };
	private child: ChildProcess | undefined;
	private exited: Promise<void> = Promise.resolve();
	private logOffset = 0;

	constructor(
		private readonly o: {
			version: string;
			port: number;
			token: string;
			stateDir: string;
			createdStateDir: boolean;
			features: GatewayFeatures;
			nodeBin: string;
			entry: string;
			env: Record<string, string>;
		},
	) {
		this.url = `ws://127.0.0.1:${o.port}`;
		this.logFile = path.join(o.stateDir, 'gateway.log');
	}

	get port(): number {
		return this.o.port;
	}
	get token(): string {
		return this.o.token;
	}
	get stateDir(): string {
		return this.o.stateDir;
	}
	get version(): string {
		return this.o.version;
	}
	get env(): Record<string, string> {
		return { ...this.o.env };
	}
	get features(): GatewayFeatures {
		return this.o.features;
	}
	get running(): boolean {
		return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
	}
	get pid(): number | undefined {
		return this.running ? this.child?.pid : undefined;
	}

	async start(): Promise<void> {
		if (this.running) throw new Error(`gateway ${this.o.version} on port ${this.o.port} is already running`);
		if (await portOpen(this.o.port)) throw new Error(`port ${this.o.port} is already in use`);
		installExitHook();
		const logFd = fs.openSync(this.logFile, 'a');
		this.logOffset = fs.fstatSync(logFd).size; // only this run's output counts (the log is appended on restart)
		const t0 = performance.now();
		// Own process group (detached) so stop() reaches the gateway's helper processes too.
		// The token stays in the config file, not on the command line.
		const child = spawn(this.o.nodeBin, [this.o.entry, 'gateway', 'run', '--port', String(this.o.port), '--bind', 'loopback', '--auth', 'token'], {
			cwd: this.o.stateDir,
			env: this.o.env,
			detached: true,
			stdio: ['ignore', logFd, logFd],
		});
		fs.closeSync(logFd);
		child.unref(); // a forgotten gateway must not keep the test process alive; the exit hook kills it
		this.child = child;
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
		live.add(this);
		try {
			this.timings = await this.waitReady(child, t0);
		} catch (err) {
			await this.stop();
			throw err;
		}
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child?.pid) return;
		const pid = child.pid;
		if (this.running) {
			signalGroup(pid, 'SIGTERM');
			if (!(await within(this.exited, 10_000))) {
				signalGroup(pid, 'SIGKILL');
				await within(this.exited, 5_000);
			}
		}
		// Helper processes exit with the gateway; make sure none outlives it.
		if (!(await waitUntil(() => !groupAlive(pid), 5_000))) signalGroup(pid, 'SIGKILL');
		live.delete(this);
	}

	async destroy(): Promise<void> {
		await this.stop();
		if (this.o.createdStateDir) fs.rmSync(this.o.stateDir, { recursive: true, force: true });
	}

	killSync(): void {
		if (this.child?.pid) signalGroup(this.child.pid, 'SIGKILL');
	}

	cli(args: string[], options: { timeoutMs?: number } = {}): Promise<CliResult> {
		return new Promise((resolve, reject) => {
			const child = spawn(this.o.nodeBin, [this.o.entry, ...args], { cwd: this.o.stateDir, env: this.o.env, stdio: ['ignore', 'pipe', 'pipe'] });
			const out: Buffer[] = [];
			const err: Buffer[] = [];
			child.stdout.on('data', (b: Buffer) => out.push(b));
			child.stderr.on('data', (b: Buffer) => err.push(b));
			const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
			child.once('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
			child.once('close', (code, signal) => {
				clearTimeout(timer);
				resolve({
					code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : -1),
					stdout: Buffer.concat(out).toString('utf8'),
					stderr: Buffer.concat(err).toString('utf8'),
				});
			});
		});
	}

	/** Real signals only: the port accepting connections, then the "[gateway] ready" log line. */
	private async waitReady(child: ChildProcess, t0: number): Promise<{ listeningMs: number; readyMs: number }> {
		const deadline = t0 + START_CAP_MS;
		let listeningMs = 0;
		for (;;) {
			if (child.exitCode !== null || child.signalCode !== null) {
				const how = child.exitCode !== null ? `exit ${child.exitCode}${child.exitCode === 78 ? ' (config error)' : ''}` : child.signalCode;
				throw new Error(`openclaw@${this.o.version} gateway exited early (${how}); log tail:\n${this.logTail()}`);
			}
			if (!listeningMs && (await portOpen(this.o.port))) listeningMs = performance.now() - t0;
			if (listeningMs && READY_LINE.test(readFrom(this.logFile, this.logOffset))) {
				return { listeningMs: Math.round(listeningMs), readyMs: Math.round(performance.now() - t0) };
			}
			if (performance.now() > deadline) {
				const what = listeningMs ? 'not ready' : 'not listening';
				throw new Error(`openclaw@${this.o.version} gateway ${what} after ${START_CAP_MS / 1000} s; log tail:\n${this.logTail()}`);
			}
			await new Promise((r) => setTimeout(r, POLL_MS));
		}
	}

	private logTail(lines = 40): string {
		return readFrom(this.logFile, this.logOffset).split('\n').slice(-lines).join('\n') || '(empty log)';
	}
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', killAllGatewaysSync);
	// Only when nobody else handles the signal: kill, then let the default action run.
	for (const sig of ['SIGINT', 'SIGTERM'] as const) {
		if (process.listenerCount(sig) > 0) continue;
		process.once(sig, () => {
			killAllGatewaysSync();
			process.kill(process.pid, sig);
		});
	}
}

function freeLoopbackPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}

function portOpen(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function readFrom(file: string, offset: number): string {
	try {
		const fd = fs.openSync(file, 'r');
		try {
			const size = fs.fstatSync(fd).size;
			const buf = Buffer.alloc(Math.max(0, size - offset));
			fs.readSync(fd, buf, 0, buf.length, offset);
			return buf.toString('utf8');
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		return '';
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// group already gone
	}
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function within(p: Promise<void>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
	const ok = await Promise.race([p.then(() => true), timeout]);
	clearTimeout(timer);
	return ok;
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
	const deadline = performance.now() + ms;
	while (!check()) {
		if (performance.now() > deadline) return false;
		await new Promise((r) => setTimeout(r, POLL_MS));
	}
	return true;
}

/** The process group of a running gateway, for signalling it the way a crash or an operator would. */
export function groupOf(gw: RunningGateway): number {
	if (gw.pid === undefined) throw new Error('the gateway is not running');
	return gw.pid;
}
