import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Code } from '../../server/src/service/diagnosticCodes';

test('each diagnostic code key is its value in PascalCase (users see the value; the key names the same thing)', () => {
	for (const [key, value] of Object.entries(Code)) assert.equal(key.toLowerCase(), value.replace(/-/g, ''), `${key}: '${value}'`);
});

test('the codes users see do not change', () => {
	assert.equal(Code.ScopeNewerThanStore, 'scope-newer-than-store');
	assert.equal(Code.UpgradeImportSkipsRecord, 'upgrade-import-skips-record');
	assert.equal(Code.ScopesApprovedDrift, 'scopes-approved-drift');
	assert.equal(Code.RoleWithoutActiveToken, 'role-without-active-token');
});
