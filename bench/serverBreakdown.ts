/**
 * Benchmark: where our server's time goes for one didChange, in-process (no LSP transport), on the same generated
 * paired.json files as lsp-latency. Two paths, both on the compiled service under out/server/src/service:
 *   warm — what dist/server.js does per change: the document's update, then PairingLanguageService.validate on the
 *          same service object (which may reuse the previous version's parse and per-record results);
 *   cold — a full check, as on didOpen or whenever nothing can be reused: a fresh ParsedDocument, validateDocument
 *          without a cache, each rule timed on its own, Finding → Diagnostic.
 * Writes <out-dir>/server-breakdown.json and .md.   Flags: --sizes=1000,10000  --iterations=N  --out-dir=DIR
 *
 * Server internals (rules, RuleContext, ParsedDocument, validateDocument) are loaded at run time, not imported with
 * types: they are being reworked, and a changed signature should fail this module's run with a clear message, not
 * the type check of the whole repo (`npm test` compiles bench/ too).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TextDocument } from 'vscode-languageserver-textdocument';
// The server's own document (what dist/server.js updates per change), not the library's.
import { LINE_INDEXED_DOCUMENTS, LineIndexedDocument } from '../server/src/textDocument';
import { machineFacts } from './machine';
import { generatePairedFile } from './pairedFile';
import { REPO_ROOT } from './servers';
import { formatBytes, formatMs, markdownTable, round, summarize, Summary } from './stats';

export const NAME = 'server-breakdown';

const SERVICE_DIR = path.join(__dirname, '../server/src/service');
const URI = 'file:///tmp/bench/.openclaw/devices/paired.json';
const DEFAULT_ITERATIONS: Record<number, { warm: number; cold: number }> = { 1000: { warm: 40, cold: 20 }, 10000: { warm: 20, cold: 6 } };
const WARMUP = 3;

type Settings = { requiredScopes: string[]; now: () => number };
type Finding = { code: string; offset: number; length: number };
type Rule = (ctx: unknown) => void;

interface Internals {
	PairingLanguageService: new () => {
		validate(doc: TextDocument, kind: 'paired', settings: Settings): { code?: unknown }[];
		parse(doc: TextDocument): { incremental?: boolean };
	};
	ParsedDocument: new (text: string) => object;
	validateDocument: (doc: object, kind: 'paired', settings: Settings) => Finding[];
	RuleContext: new (doc: object, kind: 'paired', settings: Settings) => object;
	toDiagnostic: (doc: TextDocument, finding: Finding) => unknown;
	rules: [string, Rule][];
}

/** The paired.json rules, in validation.ts's order (RULES.paired); the per-rule sum is printed next to the total. */
const PAIRED_RULES: [file: string, exportName: string][] = [
	['schema', 'schemaRule'],
	['preUpgrade', 'preUpgradeRule'],
	['deviceIdentity', 'deviceIdentityRule'],
	['scopeNames', 'scopeNamesRule'],
	['missingScopes', 'missingScopesRule'],
	['tokens', 'tokensRule'],
	['timestamps', 'timestampsRule'],
];

function loadInternals(): Internals {
	const load = (file: string, name: string): unknown => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled rule modules, loaded by the names above
		const value = (require(path.join(SERVICE_DIR, file)) as Record<string, unknown>)[name];
		if (typeof value !== 'function')
			throw new Error(`server internals changed: ${name} is not exported from out/server/src/service/${file}.js; update bench/serverBreakdown.ts`);
		return value;
	};
	return {
		PairingLanguageService: load('languageService', 'PairingLanguageService') as Internals['PairingLanguageService'],
		ParsedDocument: load('parser/jsonDocument', 'ParsedDocument') as Internals['ParsedDocument'],
		validateDocument: load('validation', 'validateDocument') as Internals['validateDocument'],
		RuleContext: load('ruleContext', 'RuleContext') as Internals['RuleContext'],
		toDiagnostic: load('languageService', 'toDiagnostic') as Internals['toDiagnostic'],
		rules: PAIRED_RULES.map(([file, name]) => [name, load(`rules/${file}`, name) as Rule]),
	};
}

function parseArgs(argv: string[]) {
	const get = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
	const iterations = get('iterations');
	return {
		sizes: (get('sizes') ?? '1000,10000').split(',').map(Number),
		iterations: iterations ? Number(iterations) : undefined,
		outDir: path.resolve(get('out-dir') ?? path.join(REPO_ROOT, 'bench-results')),
	};
}

class Stages {
	readonly samples = new Map<string, number[]>();

	time<T>(stage: string, fn: () => T): T {
		const t0 = performance.now();
		const result = fn();
		this.add(stage, performance.now() - t0);
		return result;
	}

	add(stage: string, ms: number): void {
		this.samples.set(stage, [...(this.samples.get(stage) ?? []), ms]);
	}

	last(stage: string): number {
		return this.samples.get(stage)?.at(-1) ?? 0;
	}

	summaries(): ({ stage: string } & Summary)[] {
		return [...this.samples.entries()].map(([stage, list]) => ({ stage, ...summarize(list) }));
	}
}

const W_UPDATE = "document update (incremental change, the server's LineIndexedDocument)";
const W_VALIDATE = 'PairingLanguageService.validate (parse + rules + diagnostics)';
const W_TOTAL = 'total';
const C_PARSE = 'new ParsedDocument (scan + JSON.parse)';
const C_JSON_PARSE = '  of which JSON.parse alone';
const C_VALIDATE = 'validateDocument (all rules, no cache)';
const C_DIAG = 'Finding → Diagnostic';
const C_TOTAL = 'total';

function runSize(internals: Internals, devices: number, iterations: { warm: number; cold: number }) {
	const file = generatePairedFile(devices);
	const settings: Settings = { requiredScopes: [], now: Date.now };
	const edit = (doc: LineIndexedDocument, i: number) =>
		LINE_INDEXED_DOCUMENTS.update(doc, [{ range: file.scopeRange, text: i % 2 === 1 ? 'operator.raed' : 'operator.read' }], doc.version + 1);
	const check = (typo: boolean, unknownScopes: number, path: string) => {
		if (unknownScopes > 0 !== typo) throw new Error(`${path}: ${unknownScopes} unknown-scope findings for typo=${typo}`);
	};

	// Warm: one service and one document across changes, as in the server.
	const warm = new Stages();
	const service = new internals.PairingLanguageService();
	const doc = LINE_INDEXED_DOCUMENTS.create(URI, 'json', 1, file.text);
	service.validate(doc, 'paired', settings);
	let incremental = 0;
	for (let i = 0; i < WARMUP + iterations.warm; i++) {
		const s = i >= WARMUP ? warm : new Stages();
		s.time(W_UPDATE, () => edit(doc, i));
		const diagnostics = s.time(W_VALIDATE, () => service.validate(doc, 'paired', settings));
		s.add(W_TOTAL, s.last(W_UPDATE) + s.last(W_VALIDATE));
		if (i >= WARMUP && service.parse(doc).incremental) incremental++;
		check(i % 2 === 1, diagnostics.filter((d) => d.code === 'unknown-scope').length, 'warm');
	}

	// Cold: everything from scratch for each version.
	const cold = new Stages();
	const coldDoc = LINE_INDEXED_DOCUMENTS.create(URI, 'json', 1, file.text);
	for (let i = 0; i < WARMUP + iterations.cold; i++) {
		const s = i >= WARMUP ? cold : new Stages();
		edit(coldDoc, i);
		const text = coldDoc.getText();
		const parsed = s.time(C_PARSE, () => new internals.ParsedDocument(text));
		s.time(C_JSON_PARSE, () => JSON.parse(text));
		const findings = s.time(C_VALIDATE, () => internals.validateDocument(parsed, 'paired', settings));
		s.time(C_DIAG, () => findings.map((f) => internals.toDiagnostic(coldDoc, f)));
		s.add(C_TOTAL, s.last(C_PARSE) + s.last(C_VALIDATE) + s.last(C_DIAG));
		check(i % 2 === 1, findings.filter((f) => f.code === 'unknown-scope').length, 'cold');
		// Each rule on its own, on a fresh parse so lazily built per-record trees are not shared with the run above.
		const ctx = new internals.RuleContext(new internals.ParsedDocument(text), 'paired', settings);
		for (const [name, rule] of internals.rules) s.time(`  rule: ${name}`, () => rule(ctx));
	}
	const rulesMedianSumMs = round(
		internals.rules.reduce((acc, [name]) => acc + (cold.summaries().find((x) => x.stage === `  rule: ${name}`)?.medianMs ?? 0), 0),
	);
	return {
		devices,
		bytes: file.bytes,
		warm: { n: iterations.warm, incrementalParses: incremental, stages: warm.summaries() },
		cold: { n: iterations.cold, stages: cold.summaries(), rulesMedianSumMs },
	};
}

function table(stages: ({ stage: string } & Summary)[]): string {
	return markdownTable(
		['stage', 'median ms', 'p95 ms', 'min ms'],
		stages.map((x) => [
			x.stage.startsWith('  ') ? `↳ ${x.stage.trim()}` : x.stage === 'total' ? '**total**' : x.stage,
			formatMs(x.medianMs),
			formatMs(x.p95Ms),
			formatMs(x.minMs),
		]),
		['l', 'r', 'r', 'r'],
	);
}

export function main(argv = process.argv.slice(2)): void {
	const options = parseArgs(argv);
	const loadAtStart = os.loadavg().map((l) => round(l));
	const internals = loadInternals();
	const sizes = options.sizes.map((n) => {
		const its = options.iterations ? { warm: options.iterations, cold: options.iterations } : (DEFAULT_ITERATIONS[n] ?? { warm: 20, cold: 5 });
		const r = runSize(internals, n, its);
		process.stderr.write(`[${NAME}] ${n} devices done\n`);
		return r;
	});
	const result = {
		benchmark: NAME,
		date: new Date().toISOString(),
		machine: machineFacts(),
		loadAverage: { start: loadAtStart, end: os.loadavg().map((l) => round(l)) },
		sizes,
	};
	const sections = sizes.map(
		(s) => `## ${s.devices.toLocaleString('en-US')} devices (${formatBytes(s.bytes)})

Warm, as the server runs a change (n = ${s.warm.n}; the parse was incremental ${s.warm.incrementalParses} of ${s.warm.n} times):

${table(s.warm.stages)}

Cold, a full check with nothing reused (n = ${s.cold.n}; "↳" rows are parts or references, not in the total; the per-rule medians sum to ${formatMs(s.cold.rulesMedianSumMs)} ms):

${table(s.cold.stages)}`,
	);
	const md = `# Our server: where one didChange goes (in-process)

Generated by \`npm run bench\` on ${result.date} (${result.machine.cpuModel}, ${result.machine.cores} cores, Node ${result.machine.node}; load average ${result.loadAverage.start[0]} → ${result.loadAverage.end[0]}).
The steps dist/server.js runs for one incremental change, timed in-process on the compiled service
(\`out/server/src/service\`), no LSP transport. **Warm** is the server's own path (the same service object across
versions, so whatever it reuses from the previous version is reused here). **Cold** is a full check: what didOpen
costs, and any change after which nothing can be reused.

${sections.join('\n\n')}
`;
	fs.mkdirSync(options.outDir, { recursive: true });
	fs.writeFileSync(path.join(options.outDir, `${NAME}.json`), `${JSON.stringify(result, null, 2)}\n`);
	fs.writeFileSync(path.join(options.outDir, `${NAME}.md`), md);
	process.stdout.write(`${md}\n`);
}

if (require.main === module) main();
