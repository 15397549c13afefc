// The live pairing state's documents (core/src/openclaw/stateDocumentUri.ts): one pair per gateway, told apart by
// path as the files are, the gateway's version carried along; the server takes them as paired / pending.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseStateDocumentUri, stateDocumentUri } from '../../core/src/openclaw/stateDocumentUri';
import { fileKindOfUri } from '../../server/src/fileKind';

describe('pairing-state document URIs', () => {
	test('one per gateway and kind, with the version; parsed back', () => {
		const paired = stateDocumentUri('ws://127.0.0.1:18789', 'paired', '2026.9.6');
		assert.equal(paired, 'openclaw-pairing-state://127.0.0.1:18789/devices/paired.json?openclaw=2026.9.6');
		assert.deepEqual(parseStateDocumentUri(paired), { kind: 'paired', serverVersion: '2026.9.6' });
		const pending = stateDocumentUri('wss://gw.example.com/', 'pending', undefined);
		assert.equal(pending, 'openclaw-pairing-state://gw.example.com/devices/pending.json');
		assert.deepEqual(parseStateDocumentUri(pending), { kind: 'pending', serverVersion: undefined });
	});

	test('the language server checks them as paired.json / pending.json; other URIs are not state documents', () => {
		assert.equal(fileKindOfUri(stateDocumentUri('ws://127.0.0.1:1', 'paired', '2026.6.6'), []), 'paired');
		assert.equal(fileKindOfUri(stateDocumentUri('ws://127.0.0.1:1', 'pending', undefined), []), 'pending');
		for (const other of ['openclaw-pairing-state://h/devices/other.json', 'untitled:Untitled-1', 'file:///tmp/paired.json', 'not a uri'])
			assert.equal(parseStateDocumentUri(other), undefined, other);
		assert.equal(fileKindOfUri('openclaw-pairing-state://h/identity/device.json', []), undefined);
	});
});
