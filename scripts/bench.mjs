// npm run bench: compile (tsc + esbuild bundle), then run each benchmark module in order, each in its own process.
// A module is a compiled file under out/bench/ that writes its own results to bench-results/<name>.{json,md}
// and prints its table. Add new benchmarks to BENCHMARKS.
//   npm run bench                      every benchmark
//   npm run bench -- lsp-latency       only the named ones
//   npm run bench -- lsp-latency --sizes=10,1000 --iterations=5   extra --flags go to every module run
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'bench-results');

/** Run in this order. `module` is relative to the repo root. */
const BENCHMARKS = [
	{ name: 'lsp-latency', module: 'out/bench/lspLatency.js', description: 'didChange → publishDiagnostics over LSP, ours vs VS Code JSON server' },
	{ name: 'server-breakdown', module: 'out/bench/serverBreakdown.js', description: "where our server's time goes per change (in-process)" },
	// Starts real gateways (both pinned versions; ~2 min): request → visible, approve → ack, beside the openclaw CLI.
	{
		name: 'gateway-latency',
		module: 'out/bench/gatewayLatency.js',
		description: 'pairing request → our model, approve → ack, vs openclaw devices list/approve',
	},
	// A real 2026.9.6 with 1,000 devices paired through the protocol (~2–4 min): the pairing-state documents.
	{
		name: 'pairing-state',
		module: 'out/bench/pairingStateLatency.js',
		description: 'pairing-state document open / pairing event → diagnostics, live and from SQLite',
	},
	// A real gateway + code-server (needs node scripts/install-vscode.mjs once; ~1.5 min): request → notification shown.
	{
		name: 'notification-latency',
		module: 'out/bench/notificationLatency.js',
		description: 'new pairing request → VS Code notification, in a real extension host',
	},
	// code-server + a real 2026.9.6 with a publicUrl (~1.5 min): Pair a Phone or Node → the setup-code webview drawn.
	{ name: 'setup-panel-latency', module: 'out/bench/setupPanelLatency.js', description: 'Pair a Phone or Node command → setup-code webview drawn' },
	// One fresh code-server host per sample (~25 s each, 10 by default): activate() with 3 gateways vs the setting unset.
	{ name: 'activation-gateways', module: 'out/bench/activationTime.js', description: 'extension activation, 3 gateways configured vs none' },
];

const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--'));
const flags = args.filter((a) => a.startsWith('--'));
const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
if (unknown.length) {
	console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
	process.exit(2);
}
const selected = names.length ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;

const run = (label, cmd, cmdArgs) => {
	console.error(`\n> ${label}`);
	const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
	return r.status ?? 1;
};
if (run('tsc -p .', process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']) !== 0) process.exit(1);
if (run('node scripts/build.mjs', process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);

mkdirSync(outDir, { recursive: true });
const failed = [];
for (const bench of selected) {
	const module = path.join(root, bench.module);
	if (!existsSync(module)) {
		console.error(`${bench.name}: ${bench.module} is missing after the build`);
		failed.push(bench.name);
		continue;
	}
	const started = Date.now();
	const status = run(`${bench.name}: ${bench.description}`, process.execPath, [module, `--out-dir=${outDir}`, ...flags]);
	console.error(`${bench.name}: ${status === 0 ? 'done' : `exit ${status}`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	if (status !== 0) failed.push(bench.name);
}
if (failed.length) {
	console.error(`\nbenchmarks with errors: ${failed.join(', ')}`);
	process.exit(1);
}
