// OpenClaw's own code on a (stopped) gateway's state dir, with the pinned Node 24: `openclaw doctor --lint --json`
// limited to the device-pairing check, OpenClaw's own device-token cache writer (what its clients call after a
// connect), and plain SQL on a copy for the states no protocol step can reach. Secrets stay in this process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gatewayEnv } from './gatewayConfig';
import { ensureInstalled } from './gatewayInstall';

/** One finding of `openclaw doctor --lint --json` (its HealthFinding). */
export interface DoctorFinding {
	checkId: string;
	severity: string;
	message: string;
	path?: string;
	target?: string;
	requirement: string;
	fixHint?: string;
}

export const DEVICE_PAIRING_CHECK = 'core/doctor/device-pairing';

interface Runtime {
	node: string;
	entry: string;
	dist: string;
	env: Record<string, string>;
}

async function runtime(version: string, stateDir: string): Promise<Runtime> {
	const paths = await ensureInstalled(version);
	const oc = paths.openclaw[version];
	return { node: paths.node.bin, entry: oc.entry, dist: path.join(oc.pkgDir, 'dist'), env: gatewayEnv(stateDir, paths.node.bin, oc.prefix) };
}

function run(node: string, args: string[], env: Record<string, string>, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(node, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
		child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
		const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
		child.once('error', reject);
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({ code: code ?? -1, stdout, stderr });
		});
		child.stdin.end(input ?? '');
	});
}

/**
 * `openclaw doctor --lint --json --only core/doctor/device-pairing` on a state dir (the check is opt-in: plain --lint
 * skips it, `--all` runs it among 64 others). Exit 1 means "findings", not failure: the JSON is the answer.
 */
export async function doctorDevicePairing(version: string, stateDir: string): Promise<DoctorFinding[]> {
	const rt = await runtime(version, stateDir);
	const r = await run(rt.node, [rt.entry, 'doctor', '--lint', '--json', '--only', DEVICE_PAIRING_CHECK], rt.env);
	let report: { checksRun?: number; findings?: DoctorFinding[] };
	try {
		report = JSON.parse(r.stdout) as typeof report;
	} catch {
		throw new Error(`openclaw doctor --lint --json (exit ${r.code}) printed no JSON:\n${r.stdout}\n${r.stderr}`);
	}
	if (report.checksRun !== 1 || !Array.isArray(report.findings)) throw new Error(`unexpected doctor report: ${r.stdout}`);
	return report.findings.filter((f) => f.checkId === DEVICE_PAIRING_CHECK);
}

/** The chunk of the dist that exports `name`, and the minified alias it exports it as. */
function exported(dist: string, name: string): { file: string; alias: string } {
	for (const file of fs.readdirSync(dist)) {
		if (!file.endsWith('.mjs')) continue;
		const text = fs.readFileSync(path.join(dist, file), 'utf8');
		const m = new RegExp(`export \\{[^}]*\\b${name} as (\\w+)`).exec(text);
		if (m && text.includes(`function ${name}(`)) return { file: path.join(dist, file), alias: m[1] };
	}
	throw new Error(`no chunk of ${dist} exports ${name}`);
}

/**
 * Store a device token in the state dir's cache through OpenClaw's own storeDeviceAuthToken (device_auth_tokens on
 * 2026.9), as its clients do after hello-ok. The token travels on stdin, never on a command line.
 */
export async function storeCachedDeviceToken(
	version: string,
	stateDir: string,
	entry: { deviceId: string; role: string; token: string; scopes: string[]; updatedAtMs?: number },
): Promise<void> {
	const rt = await runtime(version, stateDir);
	const { file, alias } = exported(rt.dist, 'storeDeviceAuthToken');
	const script = `const m = await import(${JSON.stringify(`file://${file}`)}); let s = ''; for await (const c of process.stdin) s += c; const stored = await m.${alias}(JSON.parse(s)); if (!stored) { console.error('not stored'); process.exit(1); } process.exit(0);`;
	const r = await run(rt.node, ['--input-type=module', '-e', script], rt.env, JSON.stringify(entry));
	if (r.code !== 0) throw new Error(`storeDeviceAuthToken failed (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
}

/** SQL on a stopped gateway's state/openclaw.sqlite (node:sqlite): `statements` run in order; the last one's rows come back. */
export async function sql(version: string, stateDir: string, statements: string[], params: unknown[][] = []): Promise<Record<string, unknown>[]> {
	const rt = await runtime(version, stateDir);
	const script = `const { DatabaseSync } = require('node:sqlite'); let s = ''; process.stdin.on('data', (c) => (s += c)); process.stdin.on('end', () => { const { db, statements, params } = JSON.parse(s); const d = new DatabaseSync(db); let rows = []; statements.forEach((q, i) => { const st = d.prepare(q); rows = /^\\s*select/i.test(q) ? st.all(...(params[i] ?? [])) : (st.run(...(params[i] ?? [])), []); }); d.close(); process.stdout.write(JSON.stringify(rows)); });`;
	const db = path.join(stateDir, 'state', 'openclaw.sqlite');
	const r = await run(rt.node, ['-e', script], rt.env, JSON.stringify({ db, statements, params }));
	if (r.code !== 0) throw new Error(`sql failed (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
	return JSON.parse(r.stdout) as Record<string, unknown>[];
}

/** A copy of a stopped gateway's state dir (the database with its log), for edits the original must not see. */
export function copyStateDir(stateDir: string, to: string): string {
	fs.cpSync(stateDir, to, { recursive: true, filter: (src) => !src.endsWith('.log') });
	return to;
}
