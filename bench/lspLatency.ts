/**
 * Benchmark: didChange → publishDiagnostics latency over LSP (stdio), our server vs VS Code's JSON language server
 * given the same schema (schemas/paired.schema.json), on generated paired.json files of several sizes.
 *
 * Run through `npm run bench` (scripts/bench.mjs compiles first). Flags for quick local runs:
 *   --sizes=10,1000  --servers=ours,json-push,json-pull  --iterations=N  --out-dir=DIR
 *   --cpu-prof-dir=DIR   also write a V8 CPU profile of our server per size (node --cpu-prof)
 * Writes <out-dir>/lsp-latency.json and lsp-latency.md and prints the table.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { machineFacts } from './machine';
import { generatePairedFile, GeneratedPairedFile } from './pairedFile';
import { BenchServer, ContentChange, JsonServerPull, jsonServerPush, jsonServerPushDelayMs, ourServer, packageVersion, Published, REPO_ROOT } from './servers';
import { SERVER_IDS, ServerId, TYPO_SCOPE, VALID_SCOPE, WARMUP_CHANGES } from './lspLatencyConfig';
import { markdown, targets } from './lspLatencyReport';
import { formatBytes, formatMs, round, summarize, Summary } from './stats';

export const NAME = 'lsp-latency';
const LOAD_AT_START = os.loadavg().map((l) => round(l));

const URI = 'file:///tmp/bench/.openclaw/devices/paired.json';
const SCHEMA_FILE = path.join(REPO_ROOT, 'schemas/paired.schema.json');
/**
 * Measured changes per server and size. The JSON server needs seconds per change at 10,000 devices (push: 0.5 s
 * delay + validation), so it gets fewer there to keep the whole run within ~4 minutes on 2 cores.
 */
const DEFAULT_ITERATIONS: Record<ServerId, Record<number, number>> = {
	ours: { 10: 40, 1000: 40, 10000: 15 },
	'json-push': { 10: 40, 1000: 40, 10000: 10 },
	'json-pull': { 10: 40, 1000: 40, 10000: 8 },
};

function iterationsFor(options: Options, id: ServerId, devices: number): number {
	return options.iterations ?? DEFAULT_ITERATIONS[id][devices] ?? 10;
}

const PUBLIC_KEY_MESSAGE = 'publicKey must be the raw 32-byte Ed25519 key';

interface Options {
	sizes: number[];
	servers: ServerId[];
	iterations: number | undefined;
	outDir: string;
	cpuProfDir: string | undefined;
}

export interface ServerRun {
	id: ServerId;
	label: string;
	/** didOpen → first diagnostics (ms), not part of the comparison. */
	openMs: number;
	/** Diagnostics on the unedited file. */
	baselineDiagnostics: number;
	schemaCheck: { brokenPublicKeyReported: boolean; message: string | undefined; clearedAfterRevert: boolean };
	/** Whether every measured publish had the expected diagnostics (typo ⇒ reported for ours; unchanged for the JSON server). */
	diagnosticsAsExpected: boolean;
	unexpected: string[];
	summary: Summary;
	samplesMs: number[];
	/** Peak RSS of the server process at the end of its run (Linux only). */
	peakRssMiB?: number | undefined;
	/**
	 * Server CPU time (all threads, incl. GC) over the measured changes divided by n (Linux /proc, 10 ms ticks):
	 * much less sensitive to other load on the machine than wall time.
	 */
	cpuMsPerChange?: number | undefined;
}

export interface SizeRun {
	devices: number;
	bytes: number;
	lines: number;
	editedRecord: { index: number; deviceId: string; line: number };
	servers: Partial<Record<ServerId, ServerRun>>;
	ratios: { jsonPushOverOurs?: number; jsonPullOverOurs?: number };
	jsonPushMinusDelayMedianMs?: number;
}

function parseArgs(argv: string[]): Options {
	const get = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
	const sizes = (get('sizes') ?? '10,1000,10000').split(',').map(Number);
	const servers = (get('servers') ?? SERVER_IDS.join(',')).split(',') as ServerId[];
	for (const s of servers) if (!SERVER_IDS.includes(s)) throw new Error(`unknown server ${s}; use ${SERVER_IDS.join(', ')}`);
	const iterations = get('iterations');
	const cpuProfDir = get('cpu-prof-dir');
	return {
		sizes,
		servers,
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
	if (id === 'json-push') return jsonServerPush(schema, schemaUrl);
	return new JsonServerPull(schema, schemaUrl);
}

function onLine(diagnostics: Diagnostic[], line: number): Diagnostic[] {
	return diagnostics.filter((d) => d.range.start.line <= line && d.range.end.line >= line);
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
	readonly unexpected: string[] = [];
	readonly samples: number[] = [];
	private version = 1;
	private baseline = 0;
	private openMs = 0;
	private cpuBefore: number | undefined;
	private schemaCheck: ServerRun['schemaCheck'] = { brokenPublicKeyReported: false, message: undefined, clearedAfterRevert: false };

	constructor(
		readonly id: ServerId,
		readonly server: BenchServer,
		private readonly file: GeneratedPairedFile,
		readonly iterations: number,
	) {}

	get done(): boolean {
		return this.samples.length >= this.iterations;
	}

	async prepare(): Promise<void> {
		const { file, server } = this;
		await server.start();
		const opened = await server.open(URI, file.text, this.version);
		this.openMs = opened.latencyMs;
		this.baseline = opened.diagnostics.length;
		if (this.baseline !== 0) this.unexpected.push(`baseline: ${this.baseline} diagnostics on the generated file: ${describeDiagnostics(opened.diagnostics)}`);

		// Warm-up, unmeasured, doubling as the schema check: break the middle record's publicKey (a '+' is not
		// base64url, so the schema's pattern fails), put it back, then introduce the scope typo.
		const keyLine = file.publicKeyFirstChar.range.start.line;
		const warmups: ContentChange[] = [
			{ range: file.publicKeyFirstChar.range, text: '+' },
			{ range: file.publicKeyFirstChar.range, text: file.publicKeyFirstChar.original },
			{ range: file.scopeRange, text: TYPO_SCOPE },
		];
		const warm: Published[] = [];
		for (const change of warmups.slice(0, WARMUP_CHANGES)) warm.push(await server.change(URI, ++this.version, change));
		const keyDiagnostics = onLine(warm[0].diagnostics, keyLine);
		this.schemaCheck = {
			brokenPublicKeyReported: keyDiagnostics.some((d) => messageText(d).includes(PUBLIC_KEY_MESSAGE)),
			message: keyDiagnostics[0] ? messageText(keyDiagnostics[0]) : undefined,
			clearedAfterRevert: onLine(warm[1].diagnostics, keyLine).length === 0,
		};
		if (!this.schemaCheck.brokenPublicKeyReported) {
			this.unexpected.push(
				`schema check: no "${PUBLIC_KEY_MESSAGE}" for a broken publicKey; got: ${describeDiagnostics(warm[0].diagnostics) || 'no diagnostics'}`,
			);
		}
		if (!this.schemaCheck.clearedAfterRevert) this.unexpected.push('schema check: publicKey diagnostic still there after the revert');
		this.cpuBefore = server.cpuMs();
	}

	/** One measured change: the valid scope and the typo alternate. */
	async step(): Promise<void> {
		const i = this.samples.length;
		const typo = i % 2 === 1;
		const version = ++this.version;
		const result = await this.server.change(URI, version, { range: this.file.scopeRange, text: typo ? TYPO_SCOPE : VALID_SCOPE });
		this.samples.push(result.latencyMs);
		if (this.id === 'ours') {
			const reported = onLine(result.diagnostics, this.file.scopeRange.start.line).some((d) => d.code === 'unknown-scope');
			if (reported !== typo) this.unexpected.push(`iteration ${i}: unknown-scope ${reported ? 'reported' : 'missing'} for ${typo ? TYPO_SCOPE : VALID_SCOPE}`);
			if (result.version !== version) this.unexpected.push(`iteration ${i}: published version ${String(result.version)} ≠ ${version}`);
		} else if (result.diagnostics.length !== this.baseline) {
			// The schema only asks for non-empty scope strings, so the JSON server's answer must not change.
			this.unexpected.push(`iteration ${i}: ${result.diagnostics.length} diagnostics: ${describeDiagnostics(result.diagnostics)}`);
		}
	}

	result(): ServerRun {
		const cpuAfter = this.server.cpuMs();
		const summary = summarize(this.samples);
		log(
			`${this.file.devices} devices, ${this.id}: median ${formatMs(summary.medianMs)} ms, p95 ${formatMs(summary.p95Ms)} ms (n=${summary.n}, open ${formatMs(this.openMs)} ms)`,
		);
		return {
			id: this.id,
			label: this.server.label,
			openMs: round(this.openMs),
			baselineDiagnostics: this.baseline,
			schemaCheck: this.schemaCheck,
			diagnosticsAsExpected: this.unexpected.length === 0,
			unexpected: this.unexpected.slice(0, 10),
			summary,
			samplesMs: this.samples.map((x) => round(x)),
			peakRssMiB: this.server.peakRssMiB(),
			cpuMsPerChange: this.cpuBefore !== undefined && cpuAfter !== undefined ? round((cpuAfter - this.cpuBefore) / this.samples.length, 1) : undefined,
		};
	}
}

/**
 * All servers on one file, side by side: each is started, opened and warmed up, then the measured changes go
 * round-robin (ours, JSON push, JSON pull, ours, …) so that other load on the machine hits every server alike.
 * A server waits idle while another is measured; each change waits for its own answer, so they never overlap.
 */
async function runSize(file: GeneratedPairedFile, options: Options, schema: object, schemaUrl: string): Promise<Partial<Record<ServerId, ServerRun>>> {
	const sessions = options.servers.map(
		(id) => new ServerSession(id, makeServer(id, schema, schemaUrl, options.cpuProfDir), file, iterationsFor(options, id, file.devices)),
	);
	const fail = (session: ServerSession, error: unknown): Error =>
		new Error(
			`${session.id} at ${file.devices} devices: ${error instanceof Error ? error.message : String(error)}\nserver stderr: ${session.server.stderr().slice(-2000)}`,
		);
	try {
		for (const session of sessions) await session.prepare().catch((error: unknown) => Promise.reject(fail(session, error)));
		while (sessions.some((s) => !s.done)) {
			for (const session of sessions) if (!session.done) await session.step().catch((error: unknown) => Promise.reject(fail(session, error)));
		}
		return Object.fromEntries(sessions.map((s) => [s.id, s.result()]));
	} finally {
		for (const session of sessions) await session.server.stop().catch(() => undefined);
	}
}

export type { ServerId };
export type LspLatencyResult = ReturnType<typeof buildResult>;

function buildResult(options: Options, sizes: SizeRun[], schemaUrl: string) {
	const delay = jsonServerPushDelayMs();
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
			iterations: Object.fromEntries(options.servers.map((id) => [id, Object.fromEntries(options.sizes.map((n) => [n, iterationsFor(options, id, n)]))])),
			edit: `replace "${VALID_SCOPE}" ↔ "${TYPO_SCOPE}" in the scopes of the middle device (one range change per didChange)`,
			schema: path.relative(REPO_ROOT, SCHEMA_FILE),
		},
		ourServer: { module: 'dist/server.js', version: readOwnVersion(), sha256: sha256File(path.join(REPO_ROOT, 'dist/server.js')), git: gitDescribe() },
		jsonServer: {
			package: `vscode-langservers-extracted@${packageVersion('vscode-langservers-extracted')}`,
			languageService: `vscode-json-languageservice@${packageVersion('vscode-json-languageservice')}`,
			settings: { json: { validate: { enable: true }, schemas: [{ fileMatch: ['paired.json'], url: schemaUrl, schema: '<schemas/paired.schema.json>' }] } },
			pushDelayMs: delay.delayMs,
			pushDelaySource: delay.source,
		},
		sizes,
		targets: targets(sizes),
	};
}

function sha256File(file: string): string {
	return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The commit the bench ran on, with "+dirty" when the work tree had changes (figures then belong to those). */
function gitDescribe(): string {
	const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	try {
		return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '+dirty' : ''}`;
	} catch {
		return 'unknown';
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
		const run: SizeRun = {
			devices,
			bytes: file.bytes,
			lines: file.lines,
			editedRecord: { index: file.target.index, deviceId: file.target.deviceId, line: file.scopeRange.start.line + 1 },
			servers: {},
			ratios: {},
		};
		run.servers = await runSize(file, options, schema, schemaUrl);
		const ours = run.servers.ours?.summary.medianMs;
		const push = run.servers['json-push']?.summary.medianMs;
		const pull = run.servers['json-pull']?.summary.medianMs;
		if (ours !== undefined && push !== undefined) run.ratios.jsonPushOverOurs = round(push / ours, 1);
		if (ours !== undefined && pull !== undefined) run.ratios.jsonPullOverOurs = round(pull / ours, 1);
		if (push !== undefined) run.jsonPushMinusDelayMedianMs = round(push - jsonServerPushDelayMs().delayMs);
		sizes.push(run);
	}
	const result = buildResult(options, sizes, schemaUrl);
	const md = markdown(result);
	fs.mkdirSync(options.outDir, { recursive: true });
	fs.writeFileSync(path.join(options.outDir, `${NAME}.json`), `${JSON.stringify(result, null, 2)}\n`);
	fs.writeFileSync(path.join(options.outDir, `${NAME}.md`), md);
	process.stdout.write(`${md}\n`);
	log(`wrote ${path.relative(process.cwd(), path.join(options.outDir, `${NAME}.json`))} and ${NAME}.md`);
	const allChecked = sizes.every((s) => Object.values(s.servers).every((r) => r?.diagnosticsAsExpected));
	return allChecked;
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
