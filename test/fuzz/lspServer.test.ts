// The LSP server over stdio under random interleaved didChange / codeAction / hover / completion with fuzzed documents:
// it must answer every request and never die. FUZZ_LSP_OPS sets the count (default 3,000).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LspClient } from '../support/lspClient';
import { mutate, rng } from '../support/mutate';
import { writeFigures } from '../support/figures';

const ROOT = path.resolve(__dirname, '../../..');
const OPS = Number(process.env.FUZZ_LSP_OPS ?? 3_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261126) + 2;
const URI = 'file:///fuzz/.openclaw/devices/paired.json';

test(`LSP server: ${OPS} random interleaved operations on fuzzed documents; it never dies`, async () => {
	const dir = path.join(ROOT, 'test/fixtures/real');
	const pool = fs
		.readdirSync(dir)
		.filter((f) => f.includes('paired'))
		.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
	const r = rng(SEED);
	const client = new LspClient({ transport: 'stdio' });
	const counts: Record<string, number> = {};
	let text = pool[0];
	let version = 1;
	let lastDiagnostics: Diagnostic[] = [];
	try {
		await client.initialize();
		await client.open(URI, text, version);
		for (let i = 0; i < OPS; i++) {
			const op = ['change', 'change', 'codeAction', 'hover', 'completion'][Math.floor(r() * 5)];
			counts[op] = (counts[op] ?? 0) + 1;
			const lines = text.split('\n');
			const line = Math.floor(r() * (lines.length + 2));
			const position = { line, character: Math.floor(r() * ((lines[line]?.length ?? 0) + 3)) };
			if (op === 'change') {
				text = mutate(pool[Math.floor(r() * pool.length)], r).text;
				// Alternate a full replacement and an incremental edit at a random (possibly out-of-range) spot.
				await client.change(URI, ++version, r() < 0.5 ? [{ text }] : [{ range: { start: position, end: position }, text: '"x",' }]);
			} else if (op === 'codeAction') {
				const published = client.latest.get(URI);
				lastDiagnostics = published?.diagnostics ?? lastDiagnostics;
				await client.request('textDocument/codeAction', {
					textDocument: { uri: URI },
					range: { start: position, end: position },
					context: { diagnostics: r() < 0.2 ? [{ ...lastDiagnostics[0], data: { path: 'garbage' } }].filter((d) => d.range) : lastDiagnostics },
				});
			} else {
				await client.request(op === 'hover' ? 'textDocument/hover' : 'textDocument/completion', { textDocument: { uri: URI }, position });
			}
			assert.equal(client.exited, false, `server died at op ${i} (${op}); stderr: ${client.stderr.slice(-1000)}`);
		}
		// Still healthy: a clean document gets a clean, current answer.
		const final = ++version;
		const done = client.waitForDiagnostics(URI, (p) => p.version === final, 60_000);
		await client.change(URI, final, [{ text: pool[0] }]);
		assert.deepEqual(
			(await done).diagnostics.filter((d) => d.severity === 1),
			[],
		);
	} finally {
		await client.shutdown();
	}
	writeFigures('fuzz-lsp.json', { operations: OPS, seed: SEED, serverDeaths: 0, operationsByKind: counts });
});
