/**
 * Benchmark: edit → diagnostics latency over LSP (stdio) for every kind of edit (bench/editKinds.ts), our server
 * (push and pull) vs VS Code's JSON language server (push and pull) given the same schema, on generated paired.json
 * files, beside one from-scratch parse + validation of the same text (bench/fromScratch.ts) measured in this run.
 *
 * Run through `npm run bench` (scripts/bench.mjs compiles first); `npm run bench -- lsp-latency` runs only this. Flags:
 *   --sizes=1000,10000  --servers=ours,ours-pull,json-push,json-pull  --kinds=typing,paste  --iterations=N  --out-dir=DIR
 *   --cpu-prof-dir=DIR   also write a V8 CPU profile of our (push) server per size (node --cpu-prof)
 * Writes <out-dir>/lsp-latency.json and lsp-latency.md and prints the table.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { EDIT_KINDS, EditKind, expected, KindPlan, planKinds } from './editKinds';
import { fromScratch } from './fromScratch';
import { machineFacts } from './machine';
import { generatePairedFile, GeneratedPairedFile } from './pairedFile';
import { measureRequests, RequestRun } from './requestLatency';
import { TransportFloor, transportFloor } from './transportFloor';
import { BenchServer, jsonServerPull, jsonServerPush, jsonServerPushDelayMs, ourServer, ourServerPull, packageVersion, Published, REPO_ROOT } from './servers';
import { SERVER_IDS, ServerId, WARMUP_CHANGES } from './lspLatencyConfig';
import { markdown, targets } from './lspLatencyReport';
import { formatBytes, formatMs, round, summarize, Summary } from './stats';

export const NAME = 'lsp-latency';
const LOAD_AT_START = os.loadavg().map((l) => round(l));

const URI = 'file:///tmp/bench/.openclaw/devices/paired.json';
const SCHEMA_FILE = path.join(REPO_ROOT, 'schemas/paired.schema.json');
/**
 * Measured changes per server, size and kind (even: each kind ends on the generated file). The JSON server needs
 * seconds per change at 10,000 devices (push: 0.5 s delay + validation), so it gets fewer there.
 */
const DEFAULT_ITERATIONS: Record<ServerId, Record<number, number>> = {
	ours: { 1000: 20, 10000: 12 },
	'ours-pull': { 1000: 20, 10000: 12 },
	'json-push': { 1000: 10, 10000: 4 },
	'json-pull': { 1000: 10, 10000: 4 },
};
const FROM_SCRATCH_ITERATIONS: Record<number, number> = { 1000: 15, 10000: 7 };
const REQUEST_ITERATIONS = 20;

function iterationsFor(options: Options, id: ServerId, devices: number): number {
	const n = options.iterations ?? DEFAULT_ITERATIONS[id][devices] ?? 10;
	return n + (n % 2);
}

const PUBLIC_KEY_MESSAGE = 'publicKey must be the raw 32-byte Ed25519 key';

interface Options {
	sizes: number[];
	servers: ServerId[];
	kinds: EditKind[];
	iterations: number | undefined;
	outDir: string;
	cpuProfDir: string | undefined;
}

export interface KindRun {
	summary: Summary;
	samplesMs: number[];
	unexpected: string[];
}

export interface ServerRun {
	id: ServerId;
	label: string;
	/** didOpen → first diagnostics (ms): a check from scratch. */
	openMs: number;
	schemaCheck: { brokenPublicKeyReported: boolean; message: string | undefined; clearedAfterRevert: boolean };
	kinds: Partial<Record<EditKind, KindRun>>;
	/** RSS right after initialize (Node + the server's modules, no document), and the peak over the run (MiB). */
	startRssMiB?: number | undefined;
	peakRssMiB?: number | undefined;
	/** Server CPU time (all threads, GC included; /proc, 10 ms ticks) over all measured changes divided by n. */
	cpuMsPerChange?: number | undefined;
}

export interface SizeRun {
	devices: number;
	bytes: number;
	lines: number;
	fromScratch: Summary;
	/** A full-text didChange + a trivial request to our server, nothing validated, and its parts (bench/transportFloor.ts). */
	transportFloor: TransportFloor;
	servers: Partial<Record<ServerId, ServerRun>>;
	requests?: RequestRun[];
}

/** VmRSS of `node -e` with nothing loaded, read while it waits (MiB). */
function nodeBaseline(): number | undefined {
	const out = execFileSync(
		process.execPath,
		['-e', "console.log(/VmRSS:\\s+(\\d+) kB/.exec(require('fs').readFileSync('/proc/self/status','utf8'))?.[1] ?? '')"],
		{
			encoding: 'utf8',
		},
	).trim();
	return out ? Math.round(Number(out) / 1024) : undefined;
}

function parseArgs(argv: string[]): Options {
	const get = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
	const servers = (get('servers') ?? SERVER_IDS.join(',')).split(',') as ServerId[];
	for (const s of servers) if (!SERVER_IDS.includes(s)) throw new Error(`unknown server ${s}; use ${SERVER_IDS.join(', ')}`);
	const kinds = (get('kinds') ?? EDIT_KINDS.join(',')).split(',') as EditKind[];
	for (const k of kinds) if (!EDIT_KINDS.includes(k)) throw new Error(`unknown kind ${k}; use ${EDIT_KINDS.join(', ')}`);
	const iterations = get('iterations');
	const cpuProfDir = get('cpu-prof-dir');
	return {
		sizes: (get('sizes') ?? '1000,10000').split(',').map(Number),
		servers,
		kinds,
		iterations: iterations ? Number(iterations) : undefined,
		outDir: path.resolve(get('out-dir') ?? path.join(REPO_ROOT, 'bench-results')),
		cpuProfDir: cpuProfDir ? path.resolve(cpuProfDir) : undefined,
	};
}

function log(message: string): void {
	process.stderr.write(`[${NAME}] ${message}\n`);
}

function makeServer(id: ServerId, schema: object, schemaUrl: string, cpuProfDir: string | undefined): BenchServer {
	if (id === 'ours') return ourServer(cpuProfDir);
	if (id === 'ours-pull') return ourServerPull();
	if (id === 'json-push') return jsonServerPush(schema, schemaUrl);
	return jsonServerPull(schema, schemaUrl);
}

/** Diagnostic.message may be MarkupContent in LSP 3.18. */
function messageText(d: Diagnostic): string {
	return typeof d.message === 'string' ? d.message : d.message.value;
}

function describeDiagnostics(diagnostics: Diagnostic[]): string {
	return diagnostics
		.slice(0, 3)
		.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code ?? '')} ${messageText(d)}`)
		.join(' | ');
}

/** One server's run on one file: started, opened and warmed up, then stepped one measured change at a time. */
class ServerSession {
	readonly kinds: Partial<Record<EditKind, KindRun>> = {};
	private version = 1;
	private openMs = 0;
	private startRss: number | undefined;
	private cpuBefore: number | undefined;
	private measured = 0;
	private schemaCheck: ServerRun['schemaCheck'] = { brokenPublicKeyReported: false, message: undefined, clearedAfterRevert: false };

	constructor(
		readonly id: ServerId,
		readonly server: BenchServer,
		private readonly file: GeneratedPairedFile,
		readonly iterations: number,
	) {}

	private get ours(): boolean {
		return this.id === 'ours' || this.id === 'ours-pull';
	}

	async prepare(): Promise<void> {
		const { file, server } = this;
		await server.start();
		this.startRss = server.rssMiB();
		const opened = await server.open(URI, file.text, this.version);
		this.openMs = opened.latencyMs;
		if (opened.diagnostics.length !== 0) throw new Error(`baseline: diagnostics on the generated file: ${describeDiagnostics(opened.diagnostics)}`);
		// Warm-up, unmeasured, doubling as the schema check: break the middle record's publicKey (a '+' is not
		// base64url, so the schema's pattern fails), then put it back.
		const keyLine = file.publicKeyFirstChar.range.start.line;
		const onKeyLine = (p: Published) => p.diagnostics.filter((d) => d.range.start.line <= keyLine && d.range.end.line >= keyLine);
		const broken = onKeyLine(await server.change(URI, ++this.version, [{ range: file.publicKeyFirstChar.range, text: '+' }]));
		const restored = onKeyLine(await server.change(URI, ++this.version, [{ range: file.publicKeyFirstChar.range, text: file.publicKeyFirstChar.original }]));
		this.schemaCheck = {
			brokenPublicKeyReported: broken.some((d) => messageText(d).includes(PUBLIC_KEY_MESSAGE)),
			message: broken[0] ? messageText(broken[0]) : undefined,
			clearedAfterRevert: restored.length === 0,
		};
		this.cpuBefore = server.cpuMs();
	}

	/** Step `i` of a kind: even steps go to the variant, odd ones back. Ours is warmed up on each kind first. */
	async step(plan: KindPlan, i: number, measure: boolean): Promise<void> {
		const variant = i % 2 === 0;
		const version = ++this.version;
		const result = await this.server.change(URI, version, variant ? plan.forward : plan.back);
		if (!measure) return;
		const run = (this.kinds[plan.kind] ??= { summary: summarize([0]), samplesMs: [], unexpected: [] });
		run.samplesMs.push(round(result.latencyMs));
		this.measured++;
		if (!expected(plan, variant, this.ours, result.diagnostics)) {
			run.unexpected.push(`step ${i} (${variant ? 'variant' : 'original'}): ${describeDiagnostics(result.diagnostics) || 'no diagnostics'}`);
		}
		if (this.ours && result.version !== version) run.unexpected.push(`step ${i}: diagnostics of version ${String(result.version)} ≠ ${version}`);
		run.summary = summarize(run.samplesMs);
	}

	warmups(): number {
		return this.ours ? WARMUP_CHANGES : 0;
	}

	result(): ServerRun {
		const cpuAfter = this.server.cpuMs();
		return {
			id: this.id,
			label: this.server.label,
			openMs: round(this.openMs),
			schemaCheck: this.schemaCheck,
			kinds: this.kinds,
			startRssMiB: this.startRss,
			peakRssMiB: this.server.peakRssMiB(),
			cpuMsPerChange:
				this.cpuBefore !== undefined && cpuAfter !== undefined && this.measured ? round((cpuAfter - this.cpuBefore) / this.measured, 1) : undefined,
		};
	}
}

/**
 * All servers on one file, side by side: each is started, opened and warmed up; then, kind by kind, the measured
 * changes go round-robin (ours, ours pull, JSON push, JSON pull, ours, …) so that other load on the machine hits every
 * server alike. A server waits idle while another is measured; each change waits for its own answer.
 */
async function runSize(file: GeneratedPairedFile, options: Options, schema: object, schemaUrl: string): Promise<Partial<Record<ServerId, ServerRun>>> {
	const sessions = options.servers.map(
		(id) => new ServerSession(id, makeServer(id, schema, schemaUrl, options.cpuProfDir), file, iterationsFor(options, id, file.devices)),
	);
	const plans = planKinds(file).filter((p) => options.kinds.includes(p.kind));
	const fail = (session: ServerSession, error: unknown): Error =>
		new Error(
			`${session.id} at ${file.devices} devices: ${error instanceof Error ? error.message : String(error)}\nserver stderr: ${session.server.stderr().slice(-2000)}`,
		);
	try {
		for (const session of sessions) await session.prepare().catch((error: unknown) => Promise.reject(fail(session, error)));
		for (const plan of plans) {
			for (const s of sessions) for (let i = 0; i < s.warmups(); i++) await s.step(plan, i, false).catch((e: unknown) => Promise.reject(fail(s, e)));
			const most = Math.max(...sessions.map((s) => s.iterations));
			for (let i = 0; i < most; i++) {
				for (const s of sessions) if (i < s.iterations) await s.step(plan, i, true).catch((e: unknown) => Promise.reject(fail(s, e)));
			}
			for (const s of sessions) {
				const k = s.kinds[plan.kind];
				if (k) log(`${file.devices} devices, ${plan.kind}, ${s.id}: median ${formatMs(k.summary.medianMs)} ms (n=${k.summary.n})`);
			}
		}
		return Object.fromEntries(sessions.map((s) => [s.id, s.result()]));
	} finally {
		for (const session of sessions) await session.server.stop().catch(() => undefined);
	}
}

export type { ServerId };
export type LspLatencyResult = ReturnType<typeof buildResult>;

function buildResult(options: Options, sizes: SizeRun[]) {
	const delay = jsonServerPushDelayMs();
	const nodeBaselineMiB = nodeBaseline();
	return {
		benchmark: NAME,
		date: new Date().toISOString(),
		machine: machineFacts(),
		/** 1/5/15-minute load averages before and after: other work on the machine skews the figures. */
		loadAverage: { start: LOAD_AT_START, end: os.loadavg().map((l) => round(l)) },
		config: {
			transport: 'stdio',
			uri: URI,
			warmupChanges: WARMUP_CHANGES,
			kinds: options.kinds,
			iterations: Object.fromEntries(options.servers.map((id) => [id, Object.fromEntries(options.sizes.map((n) => [n, iterationsFor(options, id, n)]))])),
			fromScratch: 'jsonc-parser parseTree + JSON.parse + compiled ajv (schemas/paired.schema.json), in the bench process',
			schema: path.relative(REPO_ROOT, SCHEMA_FILE),
		},
		ourServer: { module: 'dist/server.js', version: readOwnVersion(), sha256: sha256File(path.join(REPO_ROOT, 'dist/server.js')), git: gitDescribe() },
		jsonServer: {
			package: `vscode-langservers-extracted@${packageVersion('vscode-langservers-extracted')}`,
			languageService: `vscode-json-languageservice@${packageVersion('vscode-json-languageservice')}`,
			pushDelayMs: delay.delayMs,
			pushDelaySource: delay.source,
		},
		/** RSS of a bare Node process (this Node, nothing loaded): the "Node baseline" of the memory target. */
		nodeBaselineMiB,
		sizes,
		targets: targets(sizes, { nodeBaselineMiB }),
	};
}

function sha256File(file: string): string {
	return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The commit the bench ran on, with "+dirty" when the work tree had changes (figures then belong to those). */
function gitDescribe(): string {
	const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	try {
		return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no', '--', 'server', 'bench') ? '+dirty' : ''}`;
	} catch {
		// An exported tree (git archive, to bench committed code while the work tree changes): BENCH_COMMIT names it.
		return process.env.BENCH_COMMIT ?? 'unknown';
	}
}

function readOwnVersion(): string {
	return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function main(argv = process.argv.slice(2)): Promise<boolean> {
	const options = parseArgs(argv);
	const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { $id?: string };
	const schemaUrl = schema.$id ?? 'vscode://schemas/custom/openclaw-paired';
	const sizes: SizeRun[] = [];
	for (const devices of options.sizes) {
		const started = Date.now();
		const file = generatePairedFile(devices);
		log(`${devices} devices: ${formatBytes(file.bytes)}, ${file.lines} lines (generated in ${Date.now() - started} ms)`);
		const scratch = fromScratch(file.text, FROM_SCRATCH_ITERATIONS[devices] ?? 10);
		log(`${devices} devices, from scratch (parseTree + JSON.parse + ajv): median ${formatMs(scratch.medianMs)} ms`);
		const floor = await transportFloor(file.text, FROM_SCRATCH_ITERATIONS[devices] ?? 10);
		log(`${devices} devices, full text over LSP with nothing validated: median ${formatMs(floor.wall.medianMs)} ms`);
		const servers = await runSize(file, options, schema, schemaUrl);
		const run: SizeRun = { devices, bytes: file.bytes, lines: file.lines, fromScratch: scratch, transportFloor: floor, servers };
		if (devices === Math.max(...options.sizes) && options.servers.includes('ours-pull')) run.requests = await measureRequests(file, REQUEST_ITERATIONS);
		sizes.push(run);
	}
	const result = buildResult(options, sizes);
	const md = markdown(result);
	fs.mkdirSync(options.outDir, { recursive: true });
	fs.writeFileSync(path.join(options.outDir, `${NAME}.json`), `${JSON.stringify(result, null, 2)}\n`);
	fs.writeFileSync(path.join(options.outDir, `${NAME}.md`), md);
	process.stdout.write(`${md}\n`);
	log(`wrote ${path.relative(process.cwd(), path.join(options.outDir, `${NAME}.json`))} and ${NAME}.md`);
	return sizes.every((s) => Object.values(s.servers).every((r) => r && Object.values(r.kinds).every((k) => k.unexpected.length === 0)));
}

if (require.main === module) {
	main().then(
		(ok) => process.exit(ok ? 0 : 1),
		(error: unknown) => {
			process.stderr.write(`[${NAME}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exit(1);
		},
	);
}
