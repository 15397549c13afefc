// Fuzzing the pure language service and the CLI with documents mutated from files the real gateway wrote.
// FUZZ_DOCS sets the count (default 100,000). Figures go to bench-results/fuzz-language-service.json.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileKind } from '../../core/src/openclaw/fileKind';
import { PairingLanguageService } from '../../server/src/service/languageService';
import { writeFigures } from '../support/figures';
import { mutate, rng } from '../support/mutate';

const ROOT = path.resolve(__dirname, '../../..');
const DOCS = Number(process.env.FUZZ_DOCS ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const CLI_SAMPLE = Number(process.env.FUZZ_CLI_DOCS ?? 3_000);

function seeds(): { kind: FileKind; text: string }[] {
	const dir = path.join(ROOT, 'test/fixtures/real');
	return fs.readdirSync(dir).map((f) => ({
		kind: (f.includes('paired') ? 'paired' : f.includes('pending') ? 'pending' : f.includes('device-auth') ? 'device-auth' : 'device') as FileKind,
		text: fs.readFileSync(path.join(dir, f), 'utf8'),
	}));
}

test(`language service: ${DOCS} mutated documents, no crash, every request answered within 1 s`, () => {
	const service = new PairingLanguageService();
	const r = rng(SEED);
	const pool = seeds();
	const kinds: Record<string, number> = {};
	let slowest = 0;
	let slowestCpu = 0;
	let diagnostics = 0;
	let fixes = 0;
	const started = Date.now();
	for (let i = 0; i < DOCS; i++) {
		const seed = pool[Math.floor(r() * pool.length)];
		const { kind, text } = mutate(seed.text, r);
		kinds[kind] = (kinds[kind] ?? 0) + 1;
		const doc = TextDocument.create(`file:///fuzz/.openclaw/devices/${i}.json`, 'json', 1, text);
		// Each request the editor would send is bounded on its own, by CPU time (not wall time: other processes on a
		// 2-core CI machine must not fail this test). Code actions are asked per diagnostic, as the lightbulb does.
		const timed = <T>(what: string, fn: () => T): T => {
			const t0 = performance.now();
			const cpu0 = process.cpuUsage();
			let result: T;
			try {
				result = fn();
			} catch (error) {
				assert.fail(`seed ${SEED} doc ${i} (${kind}) ${what} crashed: ${error instanceof Error ? error.stack : String(error)}`);
			}
			const ms = performance.now() - t0;
			const cpu = process.cpuUsage(cpu0);
			const cpuMs = (cpu.user + cpu.system) / 1000;
			slowest = Math.max(slowest, ms);
			slowestCpu = Math.max(slowestCpu, cpuMs);
			assert.ok(cpuMs < 1000, `seed ${SEED} doc ${i} (${kind}) ${what} took ${cpuMs.toFixed(0)} ms of CPU (${ms.toFixed(0)} ms wall)`);
			return result;
		};
		const diags = timed('validate', () => service.validate(doc, seed.kind, { requiredScopes: ['operator.read'], now: () => 1795543900000 }));
		diagnostics += diags.length;
		for (const d of diags) fixes += timed(`codeAction ${String(d.code)}`, () => service.codeActions(doc, seed.kind, [d])).length;
		const at = doc.positionAt(Math.floor(r() * (text.length + 1)));
		timed('completion', () => service.completion(doc, seed.kind, at));
		timed('hover', () => service.hover(doc, seed.kind, at));
		service.forget(doc.uri);
	}
	writeFigures('fuzz-language-service.json', {
		documents: DOCS,
		seed: SEED,
		crashes: 0,
		slowestWallMs: Math.round(slowest * 10) / 10,
		slowestCpuMs: Math.round(slowestCpu * 10) / 10,
		totalSeconds: (Date.now() - started) / 1000,
		diagnostics,
		quickFixes: fixes,
		mutations: kinds,
	});
});

test(`CLI: ${CLI_SAMPLE} mutated files checked in batches, never a stack trace, exit 0/1 (2 only for unreadable input)`, () => {
	const r = rng(SEED + 1);
	const pool = seeds().filter((s) => s.kind === 'paired');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-cli-'));
	const exits: Record<string, number> = {};
	try {
		for (let batch = 0; batch * 500 < CLI_SAMPLE; batch++) {
			const files: string[] = [];
			for (let i = 0; i < 500 && batch * 500 + i < CLI_SAMPLE; i++) {
				const file = path.join(dir, `${batch}-${i}.json`);
				fs.writeFileSync(file, mutate(pool[Math.floor(r() * pool.length)].text, r).text);
				files.push(file);
			}
			const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'check', '--kind', 'paired', '--json', ...files], {
				encoding: 'utf8',
				maxBuffer: 1 << 28,
			});
			exits[String(run.status)] = (exits[String(run.status)] ?? 0) + 1;
			assert.ok(run.status === 0 || run.status === 1 || run.status === 2, `exit ${run.status}: ${run.stderr.slice(0, 500)}`);
			assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
			const report = JSON.parse(run.stdout) as { files: { problem?: string }[] };
			assert.equal(report.files.length, files.length, 'every file reported');
			if (run.status === 2)
				assert.ok(
					report.files.some((f) => f.problem),
					'exit 2 only with an unreadable file',
				);
		}
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	writeFigures('fuzz-cli.json', { files: CLI_SAMPLE, seed: SEED + 1, crashes: 0, exitCodes: exits });
});
