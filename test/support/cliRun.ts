import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';

// The bundled CLI (dist/cli.js) as a process, for the CLI test files: a sandbox with an empty HOME, the fixtures,
// and checks on every run (no stack trace, no internal error, no secret in the output).

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');
export const fixture = (name: string): string => path.join(FIXTURES, name);

const SUMMARY = /^(\d+) files? checked: (\d+) errors?, (\d+) warnings?$/;
const FINDING = /^(.+):(\d+):(\d+): (error|warning|info|hint) ([a-z-]+): (.+)$/;

/** Every secret in the fixtures (token values, private keys, PEM body lines); none may ever be printed. */
export const SECRETS: string[] = [];

export function collectSecrets(text: string): void {
	for (const m of text.matchAll(/"(?:token|privateKeyPem|privateKey)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
		const value = JSON.parse(`"${m[1]}"`) as string;
		SECRETS.push(value);
		for (const line of value.split('\n')) if (line.length >= 16 && !line.startsWith('-----')) SECRETS.push(line);
	}
}

export interface Run {
	status: number | null;
	stdout: string;
	stderr: string;
}

export let tmp: string;
export let home: string;

/** Run the bundled CLI with a clean environment: an empty HOME and no OpenClaw variables unless given. */
export function cli(args: string[], env: Record<string, string | undefined> = {}): Run {
	const base: NodeJS.ProcessEnv = { ...process.env, HOME: home, USERPROFILE: home };
	delete base.OPENCLAW_STATE_DIR;
	delete base.OPENCLAW_PROFILE;
	for (const [k, v] of Object.entries(env)) {
		if (v === undefined) delete base[k];
		else base[k] = v;
	}
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd: tmp, env: base, encoding: 'utf8', timeout: 120_000 });
	assert.equal(r.error, undefined);
	const out = `${r.stdout}\n${r.stderr}`;
	assert.doesNotMatch(out, /^\s{4}at /m, `no stack trace:\n${out}`);
	assert.doesNotMatch(out, /internal error/, out);
	for (const secret of SECRETS) assert.ok(!out.includes(secret), `a secret leaked into the output of ${args.join(' ')}`);
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What runCliAsync saw: `code` null when the process was killed. */
export interface AsyncRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * The bundled CLI as a child process that does not block this one (a gateway test keeps its devices connected
 * meanwhile), with `env` as given; `input` goes to stdin (else stdin is closed). Killed after 60 s.
 */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<AsyncRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CLI, ...args], { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
		child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.once('error', reject);
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
		if (input !== undefined) child.stdin?.end(input);
	});
}

export function lines(r: Run): string[] {
	return r.stdout.replace(/\n$/, '').split('\n');
}

export function summary(r: Run): { files: number; errors: number; warnings: number } {
	const last = lines(r).at(-1) ?? '';
	const m = SUMMARY.exec(last);
	assert.ok(m, `a summary line, got ${JSON.stringify(last)}`);
	return { files: Number(m[1]), errors: Number(m[2]), warnings: Number(m[3]) };
}

export function findings(r: Run): { file: string; line: number; column: number; severity: string; code: string; message: string }[] {
	return lines(r)
		.slice(0, -1)
		.map((l) => {
			const m = FINDING.exec(l);
			assert.ok(m, `compiler-style line: ${l}`);
			return { file: m[1], line: Number(m[2]), column: Number(m[3]), severity: m[4], code: m[5], message: m[6] };
		});
}

/** 1-based line and column of the first `needle` in `text`. */
export function lineColOf(text: string, needle: string): { line: number; column: number } {
	const at = text.indexOf(needle);
	assert.ok(at >= 0);
	const before = text.slice(0, at).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}

let dirCount = 0;
export function tempDir(name = 'd'): string {
	const dir = path.join(tmp, `${name}-${++dirCount}`);
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

export function writeFile(file: string, content: string | Buffer): string {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, content);
	if (typeof content === 'string') collectSecrets(content);
	return file;
}

/** A state dir holding the fixtures at their conventional places. */
export function stateDir(files: Partial<Record<'paired' | 'pending' | 'device' | 'device-auth', string>>): string {
	const dir = tempDir('state');
	const places = { paired: 'devices/paired.json', pending: 'devices/pending.json', device: 'identity/device.json', 'device-auth': 'identity/device-auth.json' };
	for (const [kind, name] of Object.entries(files)) fs.cpSync(fixture(name), path.join(dir, places[kind as keyof typeof places]));
	return dir;
}

export function assertUsageError(r: Run, message: RegExp): void {
	assert.equal(r.status, 2);
	assert.equal(r.stdout, '');
	assert.match(r.stderr, message);
	assert.match(r.stderr, /^openclaw-pairing: /);
	assert.match(r.stderr, /Usage: openclaw-pairing/);
}

/** An unreadable input: reported as `file: error: reason`, exit 2, nothing checked. */
export function assertUnreadable(file: string, reason: RegExp, extra: string[] = []): void {
	const r = cli(['check', ...extra, file]);
	assert.equal(r.status, 2, r.stdout + r.stderr);
	assert.equal(r.stderr, '');
	const out = lines(r);
	assert.equal(out.length, 2, r.stdout);
	assert.ok(out[0].startsWith(`${file}: error: `), out[0]);
	assert.match(out[0].slice(`${file}: error: `.length), reason);
	assert.deepEqual(summary(r), { files: 0, errors: 1, warnings: 0 });
}

/** Registers the hooks every CLI test file needs: the bundle built, a temporary dir with an empty HOME, the fixtures' secrets collected. */
export function useCliSandbox(): void {
	before(() => {
		if (!fs.existsSync(CLI)) {
			const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
			assert.equal(build.status, 0, build.stderr);
		}
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-pairing-cli-'));
		home = path.join(tmp, 'home');
		fs.mkdirSync(home);
		for (const name of fs.readdirSync(FIXTURES)) collectSecrets(fs.readFileSync(fixture(name), 'utf8'));
		assert.ok(SECRETS.length >= 4, 'the fixtures hold tokens and a private key');
	});

	after(() => {
		if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	});
}

/**
 * What a user on the gateway host has, and nothing else: the gateway's URL and shared token in the environment, a
 * fresh HOME and XDG config dir under `tmp` (so the CLI's identity starts empty) and, for the doctor, the state dir.
 */
export function gatewayHostEnv(tmp: string, gw: { url: string; token: string; stateDir: string }, withStateDir = false): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH,
		HOME: path.join(tmp, 'home'),
		XDG_CONFIG_HOME: path.join(tmp, 'xdg'),
		OPENCLAW_GATEWAY_URL: gw.url,
		OPENCLAW_GATEWAY_TOKEN: gw.token,
		...(withStateDir ? { OPENCLAW_STATE_DIR: gw.stateDir } : {}),
	};
}
