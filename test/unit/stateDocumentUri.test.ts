// The live pairing state's documents (core/src/openclaw/stateDocumentUri.ts): one pair per gateway, told apart by
// path as the files are, the gateway's version carried along; the server takes them as paired / pending.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseStateDocumentUri, stateDatabaseDocumentUri, stateDocumentUri, storeVersionOf } from '../../core/src/openclaw/stateDocumentUri';
import { LATEST_VERSION } from '../../core/src/scopes/scopeCatalog';
import { fileKindOfUri } from '../../server/src/fileKind';

describe('pairing-state document URIs', () => {
	test('one per gateway and kind, with the version; parsed back', () => {
		const paired = stateDocumentUri('ws://127.0.0.1:18789', 'paired', '2026.9.6');
		assert.equal(paired, 'openclaw-pairing-state://127.0.0.1:18789/devices/paired.json?openclaw=2026.9.6');
		assert.deepEqual(parseStateDocumentUri(paired), { kind: 'paired', serverVersion: '2026.9.6', database: undefined, authority: '127.0.0.1:18789' });
		const pending = stateDocumentUri('wss://gw.example.com/', 'pending', undefined);
		assert.equal(pending, 'openclaw-pairing-state://gw.example.com/devices/pending.json');
		assert.deepEqual(parseStateDocumentUri(pending), { kind: 'pending', serverVersion: undefined, database: undefined, authority: 'gw.example.com' });
		// The authority names the gateway: several gateways, several pairs of documents.
		assert.equal(parseStateDocumentUri(stateDocumentUri('ws://[::1]:28789', 'paired', undefined))?.authority, '[::1]:28789');
		const ref = parseStateDocumentUri(pending);
		assert.ok(ref);
		assert.equal(storeVersionOf(ref), undefined, "a gateway that did not say its version: the JSON era's default");
	});

	test("a state database's documents: the file in the query (any path), judged as the SQLite era", () => {
		const file = '/home/u/.openclaw state/state/openclaw.sqlite';
		const uri = stateDatabaseDocumentUri(file, 'paired');
		const ref = parseStateDocumentUri(uri);
		assert.deepEqual(ref, { kind: 'paired', serverVersion: undefined, database: file, authority: undefined });
		assert.equal(storeVersionOf(ref), LATEST_VERSION);
		assert.equal(fileKindOfUri(uri, []), 'paired');
		// As VS Code's Uri.toString() hands it on to the language server: the query's "=" and "/" encoded.
		const asVsCode = uri.replace(/\?(.*)$/, (_m, q: string) => `?${encodeURIComponent(decodeURIComponent(q))}`);
		assert.notEqual(asVsCode, uri);
		assert.deepEqual(parseStateDocumentUri(asVsCode), ref);
		const live = stateDocumentUri('ws://127.0.0.1:1', 'paired', '2026.9.6').replace('openclaw=', 'openclaw%3D');
		assert.equal(parseStateDocumentUri(live)?.serverVersion, '2026.9.6');
	});

	test('the language server checks them as paired.json / pending.json; other URIs are not state documents', () => {
		assert.equal(fileKindOfUri(stateDocumentUri('ws://127.0.0.1:1', 'paired', '2026.6.6'), []), 'paired');
		assert.equal(fileKindOfUri(stateDocumentUri('ws://127.0.0.1:1', 'pending', undefined), []), 'pending');
		for (const other of ['openclaw-pairing-state://h/devices/other.json', 'untitled:Untitled-1', 'file:///tmp/paired.json', 'not a uri'])
			assert.equal(parseStateDocumentUri(other), undefined, other);
		assert.equal(fileKindOfUri('openclaw-pairing-state://h/identity/device.json', []), undefined);
	});
});
