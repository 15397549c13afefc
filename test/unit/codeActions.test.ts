import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { newDeviceKey, NOW } from '../support/fixtures';
import {
	apply,
	assertFixed,
	device,
	diagnose,
	editsOf,
	fixesFor,
	keyed,
	operatorToken,
	pendingRequest,
	SECRETS,
	secretToken,
	service,
	storeFile,
	tokenOf,
	withChanges,
} from '../support/languageService';
import { rangeOf } from '../support/text';

describe('unknown-scope', () => {
	test('a typo is replaced in place by the scope it meant, with exactly one edit', () => {
		const target = device({ clientId: 'gateway-client', approvedScopes: ['operator.pairing', 'operator.admni', 'operator.read'] });
		const text = storeFile(keyed(device(), target, device()));
		const fix = fixesFor(text, 'unknown-scope');
		assert.equal(fix.actions.length, 1);
		assert.equal(fix.actions[0].title, 'Change to "operator.admin"');
		assert.equal(fix.actions[0].isPreferred, true);
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, '"operator.admni"'), newText: '"operator.admin"' }]);
		const ids = Object.keys(JSON.parse(text) as object);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'unknown-scope', untouched: [ids[0], ids[2]] });
		assert.deepEqual(parsed[String(target.deviceId)], withChanges(target, { approvedScopes: ['operator.pairing', 'operator.admin', 'operator.read'] }));
	});

	test('a typo in a token’s scopes', () => {
		const target = device({ tokens: { operator: operatorToken(['operator.admin', 'operator.pairing', 'operator.red', 'operator.write']) } });
		const text = storeFile(keyed(target));
		const fix = fixesFor(text, 'unknown-scope');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'unknown-scope', untouched: [] });
		assert.deepEqual(tokenOf(parsed[String(target.deviceId)]).scopes, ['operator.admin', 'operator.pairing', 'operator.read', 'operator.write']);
	});

	test('a typo in pending.json and in identity/device-auth.json', () => {
		const req = pendingRequest({ scopes: ['operator.paring'] });
		const pending = storeFile([[String(req.requestId), req]]);
		const fix = fixesFor(pending, 'unknown-scope', { kind: 'pending' });
		const parsed = assertFixed(pending, apply(fix, fix.actions[0]), { code: 'unknown-scope', untouched: [], settings: { kind: 'pending' } });
		assert.deepEqual(parsed[String(req.requestId)].scopes, ['operator.pairing']);

		const key = newDeviceKey();
		const auth = JSON.stringify(
			{ version: 1, deviceId: key.deviceId, tokens: { operator: { token: secretToken(), role: 'operator', scopes: ['operator.admni'], updatedAtMs: NOW } } },
			null,
			2,
		);
		const authFix = fixesFor(auth, 'unknown-scope', { kind: 'device-auth' });
		const fixedAuth = JSON.parse(apply(authFix, authFix.actions[0])) as { tokens: { operator: { scopes: string[] } } };
		assert.deepEqual(fixedAuth.tokens.operator.scopes, ['operator.admin']);
	});

	test('no fix when nothing is close enough to guess', () => {
		const text = storeFile(keyed(device({ clientId: 'gateway-client', approvedScopes: ['operator.admin', 'operator.pairing', 'operator.read', 'banana'] })));
		assert.deepEqual(fixesFor(text, 'unknown-scope').actions, []);
	});
});

describe('what is never fixed', () => {
	test('diagnostics from another source, duplicate keys and migrated stores get no actions', () => {
		const text = storeFile(keyed(device({ clientId: 'gateway-client', approvedScopes: ['operator.admni', 'operator.pairing', 'operator.read'] })));
		const { document, diagnostics } = diagnose(text);
		const typo = diagnostics.find((d) => d.code === 'unknown-scope');
		assert.ok(typo);
		assert.deepEqual(service.codeActions(document, 'paired', [{ ...typo, source: 'json' }]), []);
		assert.deepEqual(service.codeActions(document, 'paired', [{ ...typo, data: undefined }]), []);
		assert.deepEqual(service.codeActions(document, 'migrated', [typo]), []);

		const r = device();
		const inner = JSON.stringify(r, null, 2).replace(/\n/g, '\n  ');
		const dupText = `{\n  "${String(r.deviceId)}": ${inner},\n  "${String(r.deviceId)}": ${inner}\n}`;
		const dup = fixesFor(dupText, 'duplicate-key');
		assert.deepEqual(dup.actions, []);
	});

	test('several diagnostics in one request each get their own fixes', () => {
		const target = device({
			clientId: 'gateway-client',
			scopes: ['operator.admin'],
			approvedScopes: ['operator.admni', 'operator.pairing', 'operator.read'],
			tokens: { operator: operatorToken(['operator.pairing'], 'node') },
		});
		const text = storeFile(keyed(target));
		const { document, diagnostics } = diagnose(text);
		const actions = service.codeActions(document, 'paired', diagnostics);
		const titles = actions.map((a) => a.title);
		assert.ok(titles.includes('Change to "operator.admin"'), JSON.stringify(titles));
		assert.ok(titles.includes('Set role to "operator"'), JSON.stringify(titles));
		assert.ok(
			titles.some((t) => /Set "scopes" to "approvedScopes"/.test(t)),
			JSON.stringify(titles),
		);
		for (const action of actions) {
			for (const edit of action.edit?.changes?.[document.uri] ?? []) for (const secret of SECRETS) assert.ok(!edit.newText.includes(secret));
		}
	});
});
