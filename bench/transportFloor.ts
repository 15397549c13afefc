// The floor under a full-text edit over LSP: the whole text serialized by the client, piped, and parsed by the server,
// with no validation (a document that is not a pairing file), then one trivial request. No server can answer a
// full-text resync or a paste faster than this, so the report shows it beside those rows.
import { performance } from 'node:perf_hooks';
import { LspClient } from '../test/support/lspClient';
import { summarize, Summary } from './stats';

export async function transportFloor(text: string, iterations: number): Promise<Summary> {
	const client = new LspClient({ transport: 'stdio' });
	const uri = 'file:///tmp/bench/not-pairing/other.json';
	try {
		await client.initialize();
		await client.open(uri, text, 1);
		const samples: number[] = [];
		for (let i = 0; i < iterations + 2; i++) {
			const sent = performance.now();
			await client.change(uri, i + 2, [{ text: i % 2 === 0 ? `${text}\n` : text }]);
			await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
			if (i >= 2) samples.push(performance.now() - sent);
		}
		return summarize(samples);
	} finally {
		await client.shutdown();
	}
}
