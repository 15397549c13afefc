import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { newDeviceKey, NOW, PairedRecord } from '../support/fixtures';
import {
	apply,
	assertFixed,
	assertRange,
	device,
	diagnose,
	editsOf,
	fixesFor,
	keyed,
	operatorToken,
	secretToken,
	storeFile,
	tokenOf,
	withChanges,
} from '../support/languageService';
import { rangeOf } from '../support/text';

describe('token-scope-beyond-approved', () => {
	function overreachingToken(): PairedRecord {
		return device({
			clientId: 'gateway-client',
			scopes: ['operator.pairing', 'operator.read'],
			approvedScopes: ['operator.pairing', 'operator.read'],
			tokens: { operator: operatorToken(['operator.pairing', 'operator.approvals', 'operator.read']) },
		});
	}

	test('the diagnostic sits on the scope, and two fixes are offered: remove (preferred) or approve', () => {
		const target = overreachingToken();
		const text = storeFile(keyed(device(), target));
		const fix = fixesFor(text, 'token-scope-beyond-approved');
		assertRange(text, fix.diagnostic, '"operator.approvals"');
		assert.deepEqual(
			fix.actions.map((a) => [a.title, a.isPreferred === true]),
			[
				['Remove "operator.approvals" from the operator token', true],
				['Approve "operator.approvals" for this device (approvedScopes and scopes)', false],
			],
		);
	});

	test('remove: the token loses that scope, keeping the others in order', () => {
		const [a, target] = [device(), overreachingToken()];
		const text = storeFile(keyed(a, target));
		const fix = fixesFor(text, 'token-scope-beyond-approved');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'token-scope-beyond-approved', untouched: [String(a.deviceId)] });
		assert.deepEqual(
			parsed[String(target.deviceId)],
			withChanges(target, { tokens: { operator: { ...tokenOf(target), scopes: ['operator.pairing', 'operator.read'] } } }),
		);
	});

	test('approve: approvedScopes and scopes gain it at the end, the token is untouched', () => {
		const [a, target] = [device(), overreachingToken()];
		const text = storeFile(keyed(a, target));
		const fix = fixesFor(text, 'token-scope-beyond-approved');
		const after = apply(fix, fix.actions[1]);
		const parsed = assertFixed(text, after, { code: 'token-scope-beyond-approved', untouched: [String(a.deviceId)] });
		assert.deepEqual(
			parsed[String(target.deviceId)],
			withChanges(target, {
				scopes: ['operator.pairing', 'operator.read', 'operator.approvals'],
				approvedScopes: ['operator.pairing', 'operator.read', 'operator.approvals'],
			}),
		);
	});

	test('a tab-indented file stays tab-indented with either fix', () => {
		const [a, target] = [device(), overreachingToken()];
		const text = storeFile(keyed(a, target), '\t');
		const fix = fixesFor(text, 'token-scope-beyond-approved');
		for (const action of fix.actions)
			assertFixed(text, apply(fix, action), { code: 'token-scope-beyond-approved', untouched: [String(a.deviceId)], indent: '\t' });
	});
});

describe('scopes-approved-drift', () => {
	test('scopes is set to approvedScopes, in approvedScopes’ order', () => {
		const [a, target] = [device(), device({ scopes: ['operator.admin'], approvedScopes: ['operator.pairing', 'operator.admin', 'operator.read'] })];
		const text = storeFile(keyed(a, target));
		const fix = fixesFor(text, 'scopes-approved-drift');
		assertRange(text, fix.diagnostic, { needle: '"scopes"', occurrence: 3 });
		assert.equal(fix.actions.length, 1);
		assert.match(fix.actions[0].title, /approvedScopes/);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'scopes-approved-drift', untouched: [String(a.deviceId)] });
		assert.deepEqual(parsed[String(target.deviceId)], withChanges(target, { scopes: ['operator.pairing', 'operator.admin', 'operator.read'] }));
	});

	test('works in a CRLF file', () => {
		const target = device({ scopes: ['operator.admin', 'operator.approvals'], approvedScopes: ['operator.admin'] });
		const text = storeFile(keyed(device(), target), 2, '\r\n');
		const fix = fixesFor(text, 'scopes-approved-drift');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), {
			code: 'scopes-approved-drift',
			untouched: [String(Object.keys(JSON.parse(text))[0])],
			eol: '\r\n',
		});
		assert.deepEqual(parsed[String(target.deviceId)].scopes, ['operator.admin']);
	});
});

describe('token-role-mismatch', () => {
	test('paired.json: the token’s role becomes its key, one edit on the role value', () => {
		const [a, target] = [
			device(),
			device({ tokens: { operator: operatorToken(['operator.admin', 'operator.pairing', 'operator.read', 'operator.write'], 'node') } }),
		];
		const text = storeFile(keyed(a, target));
		const fix = fixesFor(text, 'token-role-mismatch');
		assert.equal(fix.actions.length, 1);
		assert.equal(fix.actions[0].title, 'Set role to "operator"');
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, '"node"'), newText: '"operator"' }]);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'token-role-mismatch', untouched: [String(a.deviceId)] });
		assert.deepEqual(parsed[String(target.deviceId)], withChanges(target, { tokens: { operator: { ...tokenOf(target), role: 'operator' } } }));
	});

	test('identity/device-auth.json', () => {
		const key = newDeviceKey();
		const text = JSON.stringify(
			{ version: 1, deviceId: key.deviceId, tokens: { operator: { token: secretToken(), role: 'node', scopes: ['operator.read'], updatedAtMs: NOW } } },
			null,
			2,
		);
		const fix = fixesFor(text, 'token-role-mismatch', { kind: 'device-auth' });
		const after = apply(fix, fix.actions[0]);
		assert.equal(after, text.replace('"node"', '"operator"'));
		assert.ok(!diagnose(after, { kind: 'device-auth' }).diagnostics.some((d) => d.code === 'token-role-mismatch'));
	});
});
