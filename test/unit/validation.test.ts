import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { NOW, newDeviceKey, pairedDevice, pairedFile } from '../support/fixtures';
import { assertRange, messageOf, only, validate } from '../support/languageService';

test('a file exactly as the gateway writes it has no diagnostics', () => {
	assert.deepEqual(
		validate(
			pairedFile(
				pairedDevice(),
				pairedDevice({
					clientId: 'gateway-client',
					clientMode: 'ui',
					scopes: ['operator.read', 'operator.pairing'],
					approvedScopes: ['operator.read', 'operator.pairing'],
					tokens: { operator: { token: 'x'.repeat(43), role: 'operator', scopes: ['operator.pairing', 'operator.read'], createdAtMs: NOW } },
				}),
			),
		),
		[],
	);
});

test('syntax errors are reported where they are, and rules stay quiet on a file the gateway cannot load', () => {
	const text = '{\n  "a": 1,\n}';
	const diags = validate(text);
	assert.equal(diags.length, 1);
	assert.equal(diags[0].code, 'json-syntax');
	assertRange(text, diags[0], '}');
});

test('comments are errors: the gateway reads the file with JSON.parse', () => {
	const diags = validate('{ // hi\n}');
	assert.match(messageOf(only(diags, 'json-syntax')), /^Comments are not allowed/);
});

test('a root that is not an object says the gateway would treat it as empty', () => {
	const text = '[]';
	const d = only(validate(text), 'schema');
	assert.match(messageOf(d), /treats anything else .* as an empty store/);
	assertRange(text, d, '[]');
});

test('duplicate keys point at the second key', () => {
	const r = pairedDevice();
	const inner = JSON.stringify(r, null, 2).replace(/\n/g, '\n  ');
	const text = `{\n  "${r.deviceId}": ${inner},\n  "${r.deviceId}": ${inner}\n}`;
	const d = only(validate(text), 'duplicate-key');
	assertRange(text, d, { needle: `"${r.deviceId}"`, occurrence: 3 });
});

test('missing operator.admin on a remote CLI device is an error on approvedScopes with the scopes to add', () => {
	const text = pairedFile(
		pairedDevice({ remoteIp: '203.0.113.7', scopes: ['operator.pairing', 'operator.read'], approvedScopes: ['operator.pairing', 'operator.read'], tokens: {} }),
	);
	const d = only(validate(text), 'missing-scope');
	assert.equal(d.severity, 1);
	assertRange(text, d, '"approvedScopes"');
	assert.deepEqual((d.data as { missing: string[] }).missing, ['operator.admin']);
	assert.match(messageOf(d), /pairing required/);
});

test('on loopback with the shared token the JSON-era gateway still refuses a CLI without admin (measured): an error naming what fails', () => {
	const local = pairedFile(pairedDevice({ scopes: ['operator.pairing'], approvedScopes: ['operator.pairing'] }));
	const d = only(validate(local), 'missing-scope');
	assert.equal(d.severity, 1);
	assert.match(
		messageOf(d),
		/On this machine with the shared gateway token, the gateway \(OpenClaw 2026\.6\.6, 2026\.7\.35\) answers "pairing required: device is asking for more scopes than currently approved"/,
	);
	assert.match(messageOf(d), /so approving a node or an admin-scope request \(openclaw devices approve\) and every admin command fail\.$/);
	const ui = pairedFile(pairedDevice({ clientId: 'openclaw-control-ui', clientMode: 'webchat', scopes: ['operator.read'], approvedScopes: ['operator.read'] }));
	assert.equal(only(validate(ui), 'missing-scope').severity, 1);
});

test('a TUI whose token lacks admin is flagged on the token scopes even if the baseline has it', () => {
	const rec = pairedDevice({ clientId: 'openclaw-tui', clientMode: 'ui' });
	(rec.tokens as { operator: { scopes: string[] } }).operator.scopes = ['operator.read'];
	const text = pairedFile(rec);
	const d = only(validate(text), 'missing-scope');
	assertRange(text, d, { needle: '"scopes"', occurrence: 2 });
});

test('requiredScopes setting applies to every operator device', () => {
	const rec = pairedDevice({
		clientId: 'gateway-client',
		scopes: ['operator.read'],
		approvedScopes: ['operator.read'],
		tokens: { operator: { token: 't', role: 'operator', scopes: ['operator.read'], createdAtMs: NOW } },
	});
	assert.equal(validate(pairedFile(rec)).length, 0);
	const d = only(validate(pairedFile(rec), 'paired', ['operator.pairing']), 'missing-scope');
	assert.equal(d.severity, 2);
	assert.deepEqual((d.data as { missing: string[] }).missing, ['operator.pairing']);
});

test('implications: write satisfies read, admin satisfies everything operator', () => {
	const rec = pairedDevice({
		clientId: 'gateway-client',
		scopes: ['operator.write'],
		approvedScopes: ['operator.write'],
		tokens: { operator: { token: 't', role: 'operator', scopes: ['operator.read', 'operator.write'], createdAtMs: NOW } },
	});
	assert.deepEqual(validate(pairedFile(rec), 'paired', ['operator.read']), []);
	const admin = pairedDevice({ clientId: 'gateway-client' });
	assert.deepEqual(validate(pairedFile(admin), 'paired', ['operator.approvals', 'operator.talk.secrets']), []);
});

test('a typo gets "did you mean" at the exact string', () => {
	const text = pairedFile(pairedDevice({ scopes: ['operator.admni'], approvedScopes: ['operator.admin'] }));
	const d = only(validate(text), 'unknown-scope');
	assertRange(text, d, '"operator.admni"');
	assert.equal((d.data as { replacement: string }).replacement, 'operator.admin');
	assert.match(messageOf(d), /Did you mean "operator.admin"/);
});

test('scopes newer than the JSON store are warnings, not errors', () => {
	const text = pairedFile(pairedDevice({ scopes: ['operator.admin', 'operator.questions'], approvedScopes: ['operator.admin', 'operator.questions'] }));
	const hits = validate(text).filter((d) => d.code === 'scope-newer-than-store');
	assert.equal(hits.length, 2);
	assert.equal(hits[0].severity, 2);
});

test('operator scopes on a node-only device are a role mismatch', () => {
	const text = pairedFile(
		pairedDevice({
			clientId: 'node-host',
			clientMode: 'node',
			role: 'node',
			roles: ['node'],
			scopes: ['operator.read'],
			approvedScopes: ['operator.read'],
			tokens: { node: { token: 't', role: 'node', scopes: [], createdAtMs: NOW } },
		}),
	);
	const hits = validate(text).filter((d) => d.code === 'scope-role-mismatch');
	assert.equal(hits.length, 2);
	assertRange(text, hits[0], { needle: '"operator.read"', occurrence: 1 });
});

test('map key and deviceId must agree; deviceId must be sha256(publicKey)', () => {
	const key = newDeviceKey();
	const other = newDeviceKey();
	const rec = pairedDevice({}, key);
	const text = JSON.stringify({ [other.deviceId]: rec }, null, 2);
	const d = only(validate(text), 'key-deviceid-mismatch');
	assertRange(text, d, `"${other.deviceId}"`);
	assert.equal((d.data as { expected: string }).expected, key.deviceId);

	const wrongId = pairedDevice({ deviceId: other.deviceId }, key);
	const text2 = JSON.stringify({ [other.deviceId]: wrongId }, null, 2);
	const d2 = only(validate(text2), 'deviceid-publickey-mismatch');
	assertRange(text2, d2, { needle: `"${other.deviceId}"`, occurrence: 2 });
	assert.equal((d2.data as { expected: string }).expected, key.deviceId);
});

test('token scopes beyond the approved baseline are the stale-token loop; implied scopes are fine', () => {
	const rec = pairedDevice({ clientId: 'gateway-client', scopes: ['operator.pairing'], approvedScopes: ['operator.pairing'] });
	(rec.tokens as { operator: { scopes: string[] } }).operator.scopes = ['operator.pairing', 'operator.read'];
	const text = pairedFile(rec);
	const d = only(validate(text), 'token-scope-beyond-approved');
	assertRange(text, d, '"operator.read"');
	// The capture's real shape: admin device, token with write → no diagnostic (admin implies write).
	assert.deepEqual(validate(pairedFile(pairedDevice())), []);
});

test('scopes vs approvedScopes drift, empty baseline, role without token, token under a wrong key', () => {
	const drift = pairedFile(pairedDevice({ scopes: ['operator.admin'], approvedScopes: ['operator.admin', 'operator.approvals'] }));
	only(validate(drift), 'scopes-approved-drift');
	const empty = pairedFile(
		pairedDevice({
			clientId: 'gateway-client',
			scopes: [],
			approvedScopes: [],
			tokens: { operator: { token: 't', role: 'operator', scopes: [], createdAtMs: NOW } },
		}),
	);
	only(validate(empty), 'empty-operator-baseline');
	const noToken = pairedFile(pairedDevice({ tokens: {} }));
	only(validate(noToken), 'role-without-active-token');
	const wrongRole = pairedFile(pairedDevice({ tokens: { operator: { token: 't', role: 'node', scopes: ['operator.admin'], createdAtMs: NOW } } }));
	only(validate(wrongRole), 'token-role-mismatch');
});

test('timestamps in seconds or in the future are warnings; strings are schema errors with a plain message', () => {
	const secs = pairedFile(pairedDevice({ createdAtMs: 1795543000, approvedAtMs: 1795543000 }));
	assert.equal(validate(secs).filter((d) => d.code === 'bad-timestamp').length, 2);
	const text = pairedFile(pairedDevice({ approvedAtMs: '1795543000000' }));
	const d = validate(text).find((x) => x.code === 'schema');
	assert.ok(d);
	assert.match(messageOf(d), /"approvedAtMs" must be a whole number of milliseconds/);
	assertRange(text, d, '"1795543000000"');
	only(validate(text), 'upgrade-import-skips-record');
});

test('pre-upgrade lint: a record without publicKey will be dropped by the SQLite import', () => {
	const rec = pairedDevice();
	delete rec.publicKey;
	const text = pairedFile(rec);
	const d = only(validate(text), 'upgrade-import-skips-record');
	assert.match(messageOf(d), /no publicKey/);
	const schema = validate(text).find((x) => x.code === 'schema');
	assert.ok(schema && /Missing "publicKey"/.test(messageOf(schema)));
});

test('a pending request mixed into paired.json is an error (openclaw#134340)', () => {
	const key = newDeviceKey();
	const pending = {
		requestId: '0d4f5b7e-2c61-4f0e-9a7b-3f1e8c2d4a90',
		deviceId: key.deviceId,
		publicKey: key.publicKey,
		role: 'operator',
		scopes: ['operator.read'],
		ts: NOW,
	};
	const text = pairedFile(pairedDevice(), pending);
	const d = only(validate(text), 'pending-in-paired');
	assertRange(text, d, `"${key.deviceId}"`);
});

test('pending.json: expired requests and key/requestId mismatch', () => {
	const key = newDeviceKey();
	const req = {
		requestId: 'aaaa',
		deviceId: key.deviceId,
		publicKey: key.publicKey,
		role: 'operator',
		roles: ['operator'],
		scopes: ['operator.read'],
		ts: NOW - 600_000,
	};
	const text = JSON.stringify({ bbbb: req }, null, 2);
	const diags = validate(text, 'pending');
	only(diags, 'pending-expired');
	only(diags, 'key-requestid-mismatch');
	assert.deepEqual(validate(JSON.stringify({ aaaa: { ...req, ts: NOW - 1000 } }, null, 2), 'pending'), []);
});

test('secrets never appear in any diagnostic message', () => {
	const secret = 'SUPERSECRETTOKENVALUE-0123456789abcdefghijk';
	const rec = pairedDevice({ clientId: 'cli', scopes: ['operator.read'], approvedScopes: ['operator.rread'] });
	(rec.tokens as { operator: { token: string } }).operator.token = secret;
	const diags = validate(pairedFile(rec));
	assert.ok(diags.length > 0);
	for (const d of diags) assert.ok(!messageOf(d).includes(secret) && !JSON.stringify(d.data).includes(secret));
});

test('migrated stores get one information message', () => {
	const diags = validate('{}', 'migrated');
	assert.equal(diags.length, 1);
	assert.equal(diags[0].code, 'state-migrated');
	assert.equal(diags[0].severity, 3);
});

test('a pathologically nested document is a clear message, not a crash', () => {
	const deep = '['.repeat(200_000) + ']'.repeat(200_000);
	const diags = validate(deep);
	assert.ok(diags.some((d) => d.code === 'json-syntax' || d.code === 'schema'));
});
