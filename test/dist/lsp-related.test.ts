// pending.json judged beside its store's paired.json by the language server, as `check --state-dir` does: what each
// request is (here a scope upgrade) needs the paired record. The paired.json is read from disk when it is not open, and
// from the open document when it is; a change to the open paired document re-checks the pending one.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { newDeviceKey, pairedDevice } from '../support/fixtures';
import { pendingRequest } from '../support/languageService';
import { LspClient } from '../support/lspClient';

describe('dist/server.js: pending.json beside paired.json', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lsp-related-'));
	const devices = path.join(dir, '.openclaw', 'devices');
	const pairedUri = pathToFileURL(path.join(devices, 'paired.json')).href;
	const pendingUri = pathToFileURL(path.join(devices, 'pending.json')).href;
	const key = newDeviceKey();
	const approved = ['operator.read'];
	const paired = (scopes: string[]) => `${JSON.stringify({ [key.deviceId]: pairedDevice({ scopes, approvedScopes: scopes }, key) }, null, 2)}\n`;
	const request = pendingRequest({ scopes: ['operator.read', 'operator.write'], ts: Date.now() - 1000 }, key);
	const pendingText = `${JSON.stringify({ [request.requestId as string]: request }, null, 2)}\n`;
	let client: LspClient;

	before(async () => {
		fs.mkdirSync(devices, { recursive: true });
		fs.writeFileSync(path.join(devices, 'paired.json'), paired(approved));
		client = new LspClient({ transport: 'stdio', configuration: { openclawPairing: { stateDir: '', requiredScopes: [] } } });
		await client.initialize();
	});
	after(async () => {
		await client.shutdown();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	const codes = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.map((d) => String(d.code));

	test('the paired.json on disk says the request is a scope upgrade', async () => {
		const published = client.waitForDiagnostics(pendingUri, (p) => p.version === 1);
		await client.open(pendingUri, pendingText, 1);
		assert.ok(codes(await published).includes('pending-scope-upgrade'), codes(await published).join(', '));
	});

	test('the open paired document wins over the file, and its change re-checks pending.json', async () => {
		// Opened already approving what the request asks: no upgrade left to approve.
		const recheck = client.waitForDiagnostics(pendingUri, (p) => p.version === 1 && !codes(p).includes('pending-scope-upgrade'));
		await client.open(pairedUri, paired(['operator.read', 'operator.write']), 1);
		assert.ok(!codes(await recheck).includes('pending-scope-upgrade'));
		const again = client.waitForDiagnostics(pendingUri, (p) => p.version === 1 && codes(p).includes('pending-scope-upgrade'));
		await client.change(pairedUri, 2, [{ text: paired(approved) }]);
		assert.ok(codes(await again).includes('pending-scope-upgrade'));
	});
});
