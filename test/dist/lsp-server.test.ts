import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CompletionItem, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { NOW, pairedDevice, pairedFile } from '../support/fixtures';
import { LspClient } from '../support/lspClient';
import { applyTextEdits, rangeOf } from '../support/text';

const PAIRED = 'file:///home/u/.openclaw/devices/paired.json';

for (const transport of ['stdio', 'ipc'] as const) {
	describe(`dist/server.js over ${transport}`, () => {
		let client: LspClient;
		before(async () => {
			client = new LspClient({ transport, configuration: { openclawPairing: { stateDir: '', requiredScopes: [] } } });
			const init = (await client.initialize()) as { capabilities: Record<string, unknown> };
			assert.ok(init.capabilities.codeActionProvider && init.capabilities.hoverProvider && init.capabilities.completionProvider);
		});
		after(() => client.shutdown());

		test('diagnose → quick fix → clean, over the wire', async () => {
			const text = pairedFile(pairedDevice({ scopes: ['operator.pairing', 'operator.read'], approvedScopes: ['operator.pairing', 'operator.read'], lastSeenAtMs: NOW, createdAtMs: NOW, approvedAtMs: NOW }));
			const first = client.waitForDiagnostics(PAIRED, (p) => p.version === 1);
			await client.open(PAIRED, text, 1);
			const published = await first;
			const missing = published.diagnostics.filter((d) => d.code === 'missing-scope');
			assert.equal(missing.length, 1);
			assert.deepEqual(missing[0].range, rangeOf(text, '"approvedScopes"'));

			const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: PAIRED }, range: missing[0].range, context: { diagnostics: missing } });
			const fix = actions.find((a) => a.isPreferred);
			assert.ok(fix?.edit?.changes, 'a preferred quick fix with edits');
			const edits = fix.edit.changes[PAIRED] as TextEdit[];
			const fixed = applyTextEdits(text, edits);
			const record = Object.values(JSON.parse(fixed) as Record<string, { approvedScopes: string[]; scopes: string[]; tokens: { operator: { scopes: string[] } } }>)[0];
			assert.ok(record.approvedScopes.includes('operator.admin') && record.scopes.includes('operator.admin') && record.tokens.operator.scopes.includes('operator.admin'));

			// Send the fix as incremental changes, the way VS Code does, and see the diagnostic go.
			const second = client.waitForDiagnostics(PAIRED, (p) => p.version === 2);
			await client.change(PAIRED, 2, [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character).map((e) => ({ range: e.range, text: e.newText })));
			assert.deepEqual((await second).diagnostics, []);
		});

		test('completion lists scopes with descriptions inside a scope array; hover explains a scope', async () => {
			const uri = 'file:///home/u/.openclaw-work/devices/paired.json';
			const text = pairedFile(pairedDevice({ scopes: ['operator.admin', 'op'] }));
			const ready = client.waitForDiagnostics(uri);
			await client.open(uri, text, 1);
			await ready;
			const at = rangeOf(text, '"op"').start;
			const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: at.line, character: at.character + 2 } });
			const admin = items.find((i) => i.label === 'operator.admin');
			assert.ok(admin && admin.detail && /Everything/.test(admin.detail));
			assert.ok(items.length >= 6);
			const adminAt = rangeOf(text, '"operator.admin"').start;
			const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: adminAt.line, character: adminAt.character + 3 } });
			assert.match((hover.contents as MarkupContent).value, /operator\.admin.*admin/s);
			const tokenAt = rangeOf(text, '"Q2hhbmdl').start;
			const secret = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: tokenAt.line, character: tokenAt.character + 3 } });
			const value = (secret.contents as MarkupContent).value;
			assert.match(value, /Secret/);
			assert.ok(!value.includes('Q2hhbmdl'));
		});

		test('other JSON files get nothing; garbage gets diagnostics and the server lives on', async () => {
			const other = 'file:///home/u/project/package.json';
			const garbage = 'file:///home/u/.openclaw/devices/pending.json';
			let otherPublished = false;
			const watcher = client.waitForDiagnostics(other, () => (otherPublished = true), 60_000).catch(() => undefined);
			await client.open(other, '{"name": 1', 1);
			const g = client.waitForDiagnostics(garbage);
			await client.open(garbage, '\u0000\u0001{{{["', 1);
			const published = await g;
			assert.ok(published.diagnostics.length > 0);
			assert.equal(otherPublished, false, 'no diagnostics for a file that is not a pairing file');
			assert.equal(client.exited, false);
			void watcher;
		});
	});
}

test('the requiredScopes setting reaches the server through workspace/configuration', async () => {
	const client = new LspClient({ transport: 'stdio', configuration: { openclawPairing: { stateDir: '', requiredScopes: ['operator.approvals'] } } });
	try {
		await client.initialize();
		const text = pairedFile(pairedDevice({ clientId: 'gateway-client', scopes: ['operator.read'], approvedScopes: ['operator.read'], tokens: { operator: { token: 't', role: 'operator', scopes: ['operator.read'], createdAtMs: NOW } }, createdAtMs: NOW, approvedAtMs: NOW, lastSeenAtMs: NOW }));
		const p = client.waitForDiagnostics(PAIRED, (d) => d.diagnostics.some((x) => x.code === 'missing-scope'));
		await client.open(PAIRED, text, 1);
		const published = await p;
		assert.deepEqual((published.diagnostics.find((x) => x.code === 'missing-scope')?.data as { missing: string[] }).missing, ['operator.approvals']);
	} finally {
		await client.shutdown();
	}
});

test('a client that pulls (LSP 3.17 textDocument/diagnostic) gets the same diagnostics on request, and no push', async () => {
	const client = new LspClient({ transport: 'stdio' });
	try {
		const init = await client.request<{ capabilities: { diagnosticProvider?: { interFileDependencies: boolean } } }>('initialize', {
			processId: process.pid,
			rootUri: null,
			capabilities: { textDocument: { publishDiagnostics: {}, diagnostic: { dynamicRegistration: false } } },
		});
		assert.equal(init.capabilities.diagnosticProvider?.interFileDependencies, false);
		await client.connection.sendNotification('initialized', {});
		const text = pairedFile(pairedDevice({ scopes: ['operator.raed'], createdAtMs: NOW, approvedAtMs: NOW, lastSeenAtMs: NOW }));
		await client.open(PAIRED, text, 1);
		const pull = () => client.request<{ kind: string; items: { code?: unknown; range: unknown }[] }>('textDocument/diagnostic', { textDocument: { uri: PAIRED } });
		const first = await pull();
		assert.equal(first.kind, 'full');
		const typo = first.items.find((d) => d.code === 'unknown-scope');
		assert.deepEqual(typo?.range, rangeOf(text, '"operator.raed"'));
		await client.change(PAIRED, 2, [{ range: rangeOf(text, '"operator.raed"'), text: '"operator.read"' }]);
		const second = await pull();
		assert.ok(!second.items.some((d) => d.code === 'unknown-scope'));
		assert.equal(client.latest.has(PAIRED), false, 'nothing pushed to a pulling client');
	} finally {
		await client.shutdown();
	}
});
