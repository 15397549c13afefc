// Code actions, hover and completion over LSP on the largest file, also on a record holding a megabyte string with a
// quick fix to compute: what a user waits for after a click or a keystroke (issue 14: ≤ 20 ms p50).
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { GeneratedPairedFile, LineIndex } from './pairedFile';
import { ourServerPull } from './servers';
import { summarize, Summary } from './stats';

export interface RequestRun {
	request: string;
	summary: Summary;
	/** What the answer held (checked: non-empty). */
	answered: string;
}

const URI = 'file:///tmp/bench/.openclaw/devices/paired.json';

/** The middle record made heavy: a 1 MiB displayName, and no operator.admin, so a missing-scope fix must be built. */
export function withMegabyteRecord(file: GeneratedPairedFile): string {
	const key = file.keys[Math.floor(file.keys.length / 2)];
	const map = JSON.parse(file.text) as Record<string, Record<string, unknown>>;
	const record = map[key];
	const scopes = ['operator.pairing', 'operator.read'];
	record.displayName = `openclaw-cli ${'x'.repeat(1 << 20)}`;
	record.clientId = 'cli';
	record.scopes = [...scopes];
	record.approvedScopes = [...scopes];
	(record.tokens as { operator: { scopes: string[] } }).operator.scopes = [...scopes];
	return JSON.stringify(map, null, 2);
}

export async function measureRequests(file: GeneratedPairedFile, iterations: number): Promise<RequestRun[]> {
	const text = withMegabyteRecord(file);
	const lines = new LineIndex(text);
	const key = file.keys[Math.floor(file.keys.length / 2)];
	const recordAt = text.indexOf(`"${key}": {`);
	const scopeAt = text.indexOf('"operator.read"', text.indexOf('"scopes": [', recordAt)) + 3;
	const server = ourServerPull();
	await server.start();
	try {
		const opened = await server.open(URI, text, 1);
		const missing = opened.diagnostics.filter((d: Diagnostic) => d.code === 'missing-scope');
		if (missing.length === 0) throw new Error('request bench: no missing-scope diagnostic on the heavy record');
		const position = lines.positionAt(scopeAt);
		const requests: [string, string, unknown, (r: unknown) => string][] = [
			['hover on a scope', 'textDocument/hover', { textDocument: { uri: URI }, position }, (r) => (r ? 'a hover' : '')],
			[
				'completion in a scope list',
				'textDocument/completion',
				{ textDocument: { uri: URI }, position },
				(r) => (Array.isArray(r) && r.length ? `${r.length} items` : ''),
			],
			[
				'code actions for missing-scope (1 MiB record)',
				'textDocument/codeAction',
				{ textDocument: { uri: URI }, range: missing[0].range, context: { diagnostics: missing } },
				(r) => ((r as CodeAction[]).length ? `${(r as CodeAction[]).length} actions` : ''),
			],
		];
		const out: RequestRun[] = [];
		for (const [name, method, params, check] of requests) {
			const samples: number[] = [];
			let answered = '';
			for (let i = 0; i < iterations + 2; i++) {
				const { latencyMs, result } = await server.timedRequest(method, params);
				answered = check(result);
				if (!answered) throw new Error(`request bench: ${name} gave nothing`);
				if (i >= 2) samples.push(latencyMs);
			}
			out.push({ request: name, summary: summarize(samples), answered });
		}
		const actions = (await server.timedRequest<CodeAction[]>('textDocument/codeAction', requests[2][2])).result;
		const lazy = actions.find((a) => !a.edit);
		if (lazy) {
			const samples: number[] = [];
			for (let i = 0; i < iterations + 2; i++) {
				const { latencyMs, result } = await server.timedRequest<CodeAction>('codeAction/resolve', lazy);
				if (!result.edit) throw new Error('request bench: codeAction/resolve gave no edit');
				if (i >= 2) samples.push(latencyMs);
			}
			out.push({ request: 'codeAction/resolve: the edit of that fix', summary: summarize(samples), answered: 'an edit' });
		}
		return out;
	} finally {
		await server.stop();
	}
}
