// The floor under a full-text edit over LSP: the whole text serialized by the client, piped, and parsed by the server,
// with no validation (a document that is not a pairing file), then one trivial request. No server can answer a
// full-text resync or a paste faster than this, so the report shows it beside those rows, with its parts: what the
// client spends encoding the message and what any server spends decoding it (both measured here, in this process, on
// the same message), and the memory the server needs for the text alone.
import { performance } from 'node:perf_hooks';
import { LspClient } from '../test/support/lspClient';
import { peakRssMiB } from './servers';
import { summarize, Summary } from './stats';

export interface TransportFloor {
	/** didChange with the whole text → the answer to a trivial request (wall time over stdio). */
	wall: Summary;
	/** JSON.stringify of the didChange message + its UTF-8 encoding: what vscode-jsonrpc's writer does in the client. */
	clientEncode: Summary;
	/** UTF-8 decoding + JSON.parse of those bytes: what vscode-jsonrpc's reader does in any server. */
	serverDecode: Summary;
	/** That server's peak RSS over the run and after initialize (MiB): the text and the transport, no validation. */
	peakRssMiB: number | undefined;
	startRssMiB: number | undefined;
}

export async function transportFloor(text: string, iterations: number): Promise<TransportFloor> {
	const client = new LspClient({ transport: 'stdio' });
	const uri = 'file:///tmp/bench/not-pairing/other.json';
	try {
		await client.initialize();
		const startRssMiB = peakRssMiB(client.pid, 'VmRSS');
		await client.open(uri, text, 1);
		const samples: number[] = [];
		for (let i = 0; i < iterations + 2; i++) {
			const sent = performance.now();
			await client.change(uri, i + 2, [{ text: i % 2 === 0 ? `${text}\n` : text }]);
			await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
			if (i >= 2) samples.push(performance.now() - sent);
		}
		return { wall: summarize(samples), ...codecCosts(uri, text, iterations), peakRssMiB: peakRssMiB(client.pid), startRssMiB };
	} finally {
		await client.shutdown();
	}
}

function codecCosts(uri: string, text: string, iterations: number): Pick<TransportFloor, 'clientEncode' | 'serverDecode'> {
	const encode: number[] = [];
	const decode: number[] = [];
	for (let i = 0; i < iterations + 1; i++) {
		const message = { jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: i }, contentChanges: [{ text }] } };
		const a = performance.now();
		const bytes = Buffer.from(JSON.stringify(message, undefined, 0), 'utf8');
		const b = performance.now();
		const decoded = JSON.parse(bytes.toString('utf8')) as typeof message;
		const c = performance.now();
		if (decoded.params.contentChanges[0].text.length !== text.length) throw new Error('transport floor: the message did not survive its round trip');
		if (i === 0) continue; // the first of each warms up
		encode.push(b - a);
		decode.push(c - b);
	}
	return { clientEncode: summarize(encode), serverDecode: summarize(decode) };
}
