import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PairingLanguageService } from '../../server/src/service/languageService';
import { NOW, pairedDevice, pairedFile } from '../support/fixtures';

const URI = 'file:///home/u/.openclaw/devices/paired.json';
const settings = { requiredScopes: ['operator.approvals'], now: () => NOW };

/** Fixes of every family: record edits (grant, drop or approve a token scope, scopes drift), a removal, a rename. */
function fixture(): string {
	const scopes = ['operator.read'];
	return pairedFile(
		pairedDevice({ clientId: 'gateway-client', scopes, approvedScopes: scopes, displayName: `host ${'x'.repeat(200_000)}` }),
		pairedDevice({ scopes: ['operator.read'], approvedScopes: ['operator.read', 'operator.pairing'] }),
		pairedDevice({ requestId: 'r1', ts: NOW, approvedAtMs: undefined }),
		pairedDevice({ scopes: ['operator.raed'] }),
	);
}

test('deferred code actions resolve to exactly the edits computed up front', () => {
	const service = new PairingLanguageService();
	const document = TextDocument.create(URI, 'json', 1, fixture());
	const diagnostics = service.validate(document, 'paired', settings);
	const eager = service.codeActions(document, 'paired', diagnostics);
	const lazy = service.codeActions(document, 'paired', diagnostics, true);
	assert.deepEqual(
		lazy.map((a) => a.title),
		eager.map((a) => a.title),
	);
	assert.ok(lazy.filter((a) => !a.edit).length >= 4, `record edits and the removal are deferred (${lazy.filter((a) => !a.edit).length} of ${lazy.length})`);
	assert.ok(
		lazy.some((a) => a.edit),
		'cheap edits (a typo) still come at once',
	);
	const resolved = lazy.map((a) => service.resolveCodeAction(document, 'paired', JSON.parse(JSON.stringify(a)) as typeof a));
	assert.deepEqual(
		resolved.map((a) => a.edit),
		eager.map((a) => a.edit),
	);
});

test('an action deferred on an older version resolves to no edit', () => {
	const service = new PairingLanguageService();
	const text = fixture();
	const document = TextDocument.create(URI, 'json', 1, text);
	const lazy = service.codeActions(document, 'paired', service.validate(document, 'paired', settings), true).find((a) => !a.edit);
	assert.ok(lazy);
	const edited = TextDocument.update(document, [{ text: `${text}\n` }], 2);
	assert.equal(service.resolveCodeAction(edited, 'paired', lazy).edit, undefined);
});
