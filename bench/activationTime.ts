/**
 * Benchmark (issue 15): "With 3 gateways configured, activation adds ≤ 50 ms." The extension's first activation in a
 * real extension host (code-server, the built extension in test mode), timed by test/e2e/suite/activationBench.test.ts
 * around `await extension.activate()`: loading dist/extension.js and activate() (the language server's start, the
 * gateway features; it resolves once they are up, not when a gateway has connected). Two conditions, alternated, one
 * fresh extension host per sample (a host activates an extension once):
 *   one:   openclawPairing.gateways unset (the one gateway of gateway.url: the runner's real 2026.6.6)
 *   three: the setting lists that gateway and two loopback ports nothing listens on (real gateways are not needed:
 *          activate() does not wait for a connection). In a fresh profile no gateway has a token yet in either case.
 * Target: median(three) − median(one) ≤ 50 ms. `node out/bench/activationTime.js [--iterations=N] [--out-dir=DIR]`
 * (N hosts per condition, default 5; ~25 s each). Writes <out-dir>/activation-gateways.{json,md}.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runInExtensionHost } from './extensionHostRun';
import { machineFacts } from './machine';
import { formatMs, markdownTable, round, summarize } from './stats';

export const NAME = 'activation-gateways';
const TARGET_MS = 50;
const CONDITIONS = ['one', 'three'] as const;

function log(message: string): void {
	process.stderr.write(`[${NAME}] ${message}\n`);
}

function parseArgs(argv: string[]): { iterations: number; outDir: string } {
	const get = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
	const raw = get('iterations');
	// npm run bench passes one --iterations to every module: more than 10 hosts per condition is not meant here.
	const iterations = raw === undefined ? 5 : Math.min(10, Number(raw));
	if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`--iterations: expected a positive integer, got ${raw}`);
	return { iterations, outDir: path.resolve(get('out-dir') ?? path.join(__dirname, '..', '..', 'bench-results')) };
}

export function run(argv: string[] = process.argv.slice(2)): void {
	const { iterations, outDir } = parseArgs(argv);
	const runAt = new Date().toISOString();
	const loadAverage = os.loadavg();
	const samples: Record<(typeof CONDITIONS)[number], number[]> = { one: [], three: [] };
	let vscodeVersion = '';
	for (let i = 0; i < iterations; i++) {
		for (const condition of CONDITIONS) {
			log(`host ${i * 2 + CONDITIONS.indexOf(condition) + 1}/${iterations * 2}: ${condition}`);
			const got = runInExtensionHost('activation bench', { OPENCLAW_E2E_ACTIVATION_BENCH: condition }) as {
				activateMs: number;
				gateways: number;
				vscode: string;
			};
			samples[condition].push(got.activateMs);
			vscodeVersion = got.vscode;
			log(`  activate() ${got.activateMs.toFixed(1)} ms with ${got.gateways} gateway(s)`);
		}
	}
	const rows = CONDITIONS.map((c) => ({ id: c, summary: summarize(samples[c]), samplesMs: samples[c].map((s) => round(s)) }));
	const addedMs = round(rows[1].summary.medianMs - rows[0].summary.medianMs);
	const result = {
		name: NAME,
		runAt,
		machine: machineFacts(),
		loadAverage,
		vscode: vscodeVersion,
		target: { addedMedianMs: TARGET_MS, addedMs, pass: addedMs <= TARGET_MS },
		conditions: rows,
	};
	const labels = { one: 'openclawPairing.gateways unset (1 gateway)', three: '3 gateways (1 real, 2 closed loopback ports)' };
	const md = [
		`# Activation with 3 gateways configured (${result.target.pass ? 'target met' : 'TARGET MISSED'})`,
		'',
		`Run ${runAt} on ${result.machine.cpuModel} (${result.machine.cores} cores), load average at start ${loadAverage.map((l) => l.toFixed(2)).join(' / ')}.`,
		`The built extension's first \`await extension.activate()\` in a real extension host (code-server, VS Code ${vscodeVersion}): loading dist/extension.js`,
		'and activate(), which starts the language server and the gateway features (not waiting for any connection). One fresh host per sample,',
		'conditions alternated. "3 gateways": openclawPairing.gateways lists the real gateway and two loopback ports nothing listens on; a fresh',
		'profile has no token for any of them. Times in ms; p95 is nearest-rank.',
		'',
		markdownTable(
			['condition', 'n', 'median ms', 'p95 ms', 'min ms', 'max ms'],
			rows.map((r) => [
				labels[r.id],
				String(r.summary.n),
				formatMs(r.summary.medianMs),
				formatMs(r.summary.p95Ms),
				formatMs(r.summary.minMs),
				formatMs(r.summary.maxMs),
			]),
			['l', 'r', 'r', 'r', 'r', 'r'],
		),
		'',
		`Target: median(3 gateways) − median(unset) ≤ ${TARGET_MS} ms: ${result.target.pass ? '**PASS**' : '**FAIL**'} (${formatMs(addedMs)} ms).`,
		'',
	].join('\n');
	fs.mkdirSync(outDir, { recursive: true });
	fs.writeFileSync(path.join(outDir, `${NAME}.json`), `${JSON.stringify(result, null, 2)}\n`);
	fs.writeFileSync(path.join(outDir, `${NAME}.md`), md);
	process.stdout.write(`${md}\n`);
	log(`wrote ${path.join(outDir, `${NAME}.json`)} and ${NAME}.md`);
}

if (require.main === module) {
	try {
		run();
		process.exit(0);
	} catch (error) {
		process.stderr.write(`[${NAME}] failed: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	}
}
