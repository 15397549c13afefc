// The targets (issue 14) and the Markdown report of the LSP latency bench (bench/lspLatency.ts measures).
import { EDIT_KINDS, KIND_LABELS } from './editKinds';
import type { LspLatencyResult, SizeRun } from './lspLatency';
import { formatBytes, formatMs, markdownTable } from './stats';

interface Target {
	name: string;
	measured: string;
	pass: boolean;
}

const MIB = 1024 * 1024;
const n = (devices: number) => devices.toLocaleString('en-US');

export function targets(sizes: SizeRun[], result: { nodeBaselineMiB?: number | undefined }): Target[] {
	const out: Target[] = [];
	for (const s of sizes) {
		const scratch = s.fromScratch.medianMs;
		const ours = s.servers.ours;
		const push = s.servers['json-push'];
		const pull = s.servers['json-pull'];
		const oursPull = s.servers['ours-pull'];
		for (const kind of EDIT_KINDS) {
			const mine = ours?.kinds[kind]?.summary.medianMs;
			if (mine === undefined) continue;
			out.push({
				name: `${n(s.devices)} devices, ${kind}: ours ≤ 0.25× from scratch`,
				measured: `${(mine / scratch).toFixed(2)}×`,
				pass: mine <= 0.25 * scratch,
			});
			const theirs = push?.kinds[kind]?.summary.medianMs;
			if (theirs !== undefined)
				out.push({
					name: `${n(s.devices)} devices, ${kind}: ≥ 10× the JSON server (push, as published)`,
					measured: `${(theirs / mine).toFixed(1)}×`,
					pass: theirs >= 10 * mine,
				});
			const compute = pull?.kinds[kind]?.summary.medianMs;
			const minePull = oursPull?.kinds[kind]?.summary.medianMs;
			if (compute !== undefined && minePull !== undefined) {
				out.push({
					name: `${n(s.devices)} devices, ${kind}: ≥ 3× the JSON server's compute (both pull)`,
					measured: `${(compute / minePull).toFixed(1)}×`,
					pass: compute >= 3 * minePull,
				});
			}
		}
		if (ours)
			out.push({
				name: `${n(s.devices)} devices: first diagnostics on open ≤ 1× from scratch`,
				measured: `${(ours.openMs / scratch).toFixed(2)}×`,
				pass: ours.openMs <= scratch,
			});
	}
	const largest = sizes[sizes.length - 1];
	const ours = largest?.servers.ours;
	if (largest && ours?.peakRssMiB !== undefined && result.nodeBaselineMiB !== undefined) {
		const limit = (4 * largest.bytes) / MIB + result.nodeBaselineMiB;
		const floor = largest.transportFloor.peakRssMiB;
		out.push({
			name: `${n(largest.devices)} devices: peak RSS < 4× file size + Node baseline (${Math.round(limit)} MiB)`,
			measured: `${ours.peakRssMiB} MiB${floor === undefined ? '' : ` (the text over LSP alone, nothing validated: ${floor} MiB)`}`,
			pass: ours.peakRssMiB < limit,
		});
	}
	for (const r of largest?.requests ?? []) {
		out.push({
			name: `${n(largest.devices)} devices: ${r.request} ≤ 20 ms p50`,
			measured: `${formatMs(r.summary.medianMs)} ms`,
			pass: r.summary.medianMs <= 20,
		});
	}
	return out;
}

function sizeTable(s: SizeRun): string {
	const rows = EDIT_KINDS.flatMap((kind) => {
		const cell = (id: keyof SizeRun['servers']) => s.servers[id]?.kinds[kind]?.summary;
		const ours = cell('ours');
		if (!ours) return [];
		const [oursPull, push, pull] = [cell('ours-pull'), cell('json-push'), cell('json-pull')];
		const ms = (x: { medianMs: number } | undefined) => (x ? formatMs(x.medianMs) : '');
		const unexpected = Object.values(s.servers).reduce((sum, r) => sum + (r?.kinds[kind]?.unexpected.length ?? 0), 0);
		return [
			[
				KIND_LABELS[kind],
				`**${formatMs(ours.medianMs)}** / ${formatMs(ours.p95Ms)}`,
				ms(oursPull),
				`${(ours.medianMs / s.fromScratch.medianMs).toFixed(2)}×`,
				ms(push),
				push ? `${(push.medianMs / ours.medianMs).toFixed(1)}×` : '',
				ms(pull),
				pull && oursPull ? `${(pull.medianMs / oursPull.medianMs).toFixed(1)}×` : '',
				unexpected === 0 ? 'yes' : `**NO** (${unexpected})`,
			],
		];
	});
	return markdownTable(
		[
			'edit',
			'ours push median / p95 ms',
			'ours pull ms',
			'ours / from scratch',
			'JSON push ms',
			'JSON push / ours',
			'JSON pull ms',
			'JSON pull / ours pull',
			'diagnostics checked',
		],
		rows,
		['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
	);
}

function serverFacts(s: SizeRun): string {
	return Object.values(s.servers)
		.map(
			(r) =>
				r &&
				`${r.label}: didOpen ${formatMs(r.openMs)} ms, peak RSS ${r.peakRssMiB ?? '?'} MiB (${r.startRssMiB ?? '?'} MiB after initialize), CPU ${r.cpuMsPerChange ?? '?'} ms per change`,
		)
		.filter(Boolean)
		.map((l) => `- ${l}`)
		.join('\n');
}

export function markdown(result: LspLatencyResult): string {
	const { machine, sizes, jsonServer, loadAverage } = result;
	const busy = Math.max(loadAverage.start[0], loadAverage.end[0]) > machine.cores * 0.75;
	const perSize = sizes
		.map(
			(s) => `### ${n(s.devices)} devices (${formatBytes(s.bytes)}, ${n(s.lines)} lines)

From scratch (jsonc-parser \`parseTree\` + \`JSON.parse\` + compiled ajv, this process): median **${formatMs(s.fromScratch.medianMs)} ms** (n=${s.fromScratch.n}).
The whole text over LSP with nothing validated (the floor under a full-text resync or a paste, \`bench/transportFloor.ts\`): median **${formatMs(s.transportFloor.wall.medianMs)} ms** (${(s.transportFloor.wall.medianMs / s.fromScratch.medianMs).toFixed(2)}× from scratch). Of that, the client's \`JSON.stringify\` + UTF-8 encoding of the message takes ${formatMs(s.transportFloor.clientEncode.medianMs)} ms and any server's UTF-8 decoding + \`JSON.parse\` of it ${formatMs(s.transportFloor.serverDecode.medianMs)} ms (medians, this process); that server's peak RSS is ${s.transportFloor.peakRssMiB ?? '?'} MiB (${s.transportFloor.startRssMiB ?? '?'} MiB after initialize).

${sizeTable(s)}

${serverFacts(s)}
${s.requests ? `\nRequests on this file with a 1 MiB string in the middle record (ours, n=${s.requests[0]?.summary.n ?? 0} each): ${s.requests.map((r) => `${r.request} ${formatMs(r.summary.medianMs)} ms (p95 ${formatMs(r.summary.p95Ms)})`).join('; ')}.\n` : ''}`,
		)
		.join('\n');
	const targetTable = markdownTable(
		['target', 'measured', 'result'],
		result.targets.map((t) => [t.name, t.measured, t.pass ? 'PASS' : '**MISS**']),
		['l', 'r', 'l'],
	);
	const problems = sizes.flatMap((s) =>
		Object.values(s.servers).flatMap((r) =>
			Object.entries(r?.kinds ?? {}).flatMap(([kind, k]) =>
				r && k.unexpected.length ? [`- ${n(s.devices)} devices, ${r.id}, ${kind}: ${k.unexpected.slice(0, 3).join('; ')}`] : [],
			),
		),
	);
	const schemaLines = sizes.flatMap((s) =>
		Object.values(s.servers).map(
			(r) =>
				r &&
				`${n(s.devices)} devices, ${r.id}: broken publicKey ${r.schemaCheck.brokenPublicKeyReported ? 'reported' : '**NOT reported**'}, ${r.schemaCheck.clearedAfterRevert ? 'cleared' : '**not cleared**'} after the revert`,
		),
	);
	return `# LSP latency: every kind of edit → diagnostics

Generated by \`npm run bench\` on ${result.date} (${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform}),
commit ${result.ourServer.git}. Load average (1 min) ${loadAverage.start[0]} at the start, ${loadAverage.end[0]} at the end${busy ? ': **the machine was busy with other work, so every figure is inflated and noisier than on an idle machine**' : ''}. Raw samples: \`lsp-latency.json\`.

**What is measured.** Each server runs as its own process over stdio, driven by a minimal LSP client
(\`test/support/lspClient.ts\`). Per file size all servers are opened on the same generated paired.json (the gateway's
own format, \`bench/pairedFile.ts\`), and for each kind of edit (\`bench/editKinds.ts\`) the measured changes alternate
original → variant → original and go round-robin between the servers, one at a time. A sample is the wall time from
sending \`didChange\` to the diagnostics of that version: our push server's \`publishDiagnostics\` with that version, the
JSON server's first publish after the change, or in pull mode the answer to the \`textDocument/diagnostic\` request sent
right after it. Our server gets ${result.config.warmupChanges} unmeasured changes of each kind first. Medians; "from
scratch" is one parse + validation of the same file in the bench process, the yardstick of the first target.

${perSize}
## Targets

${targetTable}

## Notes

- **The JSON server waits ${jsonServer.pushDelayMs} ms on purpose** in push mode (\`validationDelayMs\`, see
  \`${jsonServer.pushDelaySource}\`); a user of a push client sees it, so the push ratio includes it. The pull columns
  have no delay on either side: that ratio compares compute (parse + validation + the round trip).
- **Different work.** The JSON server validates the schema only. Ours runs the schema (ajv) plus its rules (sha256 of
  every publicKey, the scope catalog, tokens, timestamps) and must report exactly what a full check reports: checked
  on every sample (\`unknown-scope\` on the typo, \`json-syntax\` on the broken text, nothing on the others).
- Schema check in the warm-up (a broken \`publicKey\` in the middle record):
${schemaLines.map((l) => `  - ${l}`).join('\n')}
${problems.length ? `\n## Unexpected diagnostics\n\n${problems.join('\n')}\n` : ''}`;
}
