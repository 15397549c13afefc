// The pre-upgrade lint on a JSON-era paired.json: which release each finding predicts for, where it points, and
// silence on a store judged as the SQLite era.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { validateDocument } from '../../server/src/service/validation';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import { NOW, pairedDevice, pairedFile } from '../support/fixtures';
import { assertRange, messageOf, only, validate } from '../support/languageService';

test('a wrong-typed optional field: upgrade-import-drops-field on the field name, for 2026.9, saying what 2026.8 does', () => {
	const rec = pairedDevice({ displayName: 5, lastSeenAtMs: '1795543899000' });
	const text = pairedFile(rec);
	const diags = validate(text).filter((d) => d.code === 'upgrade-import-drops-field');
	assert.equal(diags.length, 2, JSON.stringify(diags.map(messageOf)));
	const name = diags.find((d) => messageOf(d).includes('"displayName"'));
	assert.ok(name);
	assertRange(text, name, '"displayName"');
	assert.match(messageOf(name), /^Upgrading to OpenClaw 2026\.9 will drop "displayName" from "cli" \(it is a number, not text\).*2026\.8\.x would keep it\.$/);
	const seen = diags.find((d) => messageOf(d).includes('"lastSeenAtMs"'));
	assert.ok(seen);
	assertRange(text, seen, '"lastSeenAtMs"');
	assert.match(messageOf(seen), /it is text, not a whole number/);
	assert.equal(seen.severity, 2);
});

test('a field 2026.9 drops and 2026.8 cannot store: the message says 2026.8 would import no device at all', () => {
	const text = pairedFile(pairedDevice({ platform: ['linux'] }));
	const d = only(validate(text), 'upgrade-import-drops-field');
	assert.match(messageOf(d), /2026\.8\.x would import no device at all: platform: an array cannot be stored\.$/);
});

test('an approvedVia the gateway does not know is dropped by both releases', () => {
	const text = pairedFile(pairedDevice({ approvedVia: 'by-hand' }));
	const d = only(validate(text), 'upgrade-import-drops-field');
	assert.match(messageOf(d), /"approvedVia".*none of owner, silent.*2026\.8\.x drops it too\.$/);
});

test('a skipped record names 2026.9 and contrasts 2026.8 (imports it, or fails every read beyond 2^53)', () => {
	const rec = pairedDevice({ createdAtMs: String(NOW) });
	const d = only(validate(pairedFile(rec)), 'upgrade-import-skips-record');
	assert.match(messageOf(d), /^Upgrading to OpenClaw 2026\.9 will drop .* \(createdAtMs is not a whole number\).*2026\.8\.x would import it\.$/);
	const big = only(validate(pairedFile(pairedDevice({ approvedAtMs: 2 ** 53 }))), 'upgrade-import-skips-record');
	assert.match(messageOf(big), /2026\.8\.x would import it and then fail every pairing read \(approvedAtMs is beyond 2\^53\)/);
	const none = only(validate(pairedFile(pairedDevice({ publicKey: null }))), 'upgrade-import-skips-record');
	assert.match(messageOf(none), /publicKey is null.*2026\.8\.x would import no device at all \(publicKey is null\)/);
});

test('a record that is not an object: 2026.9 skips it, 2026.8 imports nothing', () => {
	const key = 'a'.repeat(64);
	const text = JSON.stringify({ [key]: 'oops', [pairedDevice().deviceId as string]: pairedDevice() }, null, 2);
	const d = only(validate(text), 'upgrade-import-skips-record');
	assertRange(text, d, `"${key}"`);
	assert.match(messageOf(d), /the record is text, not an object.*2026\.8\.x would import no device at all/);
});

test('a desktop.stream approval 2026.9 cannot narrow is an error: that import would bring in no device', () => {
	const nodeSurface = { commands: ['desktop.stream', 5], createdAtMs: NOW, approvedAtMs: NOW };
	const d = only(validate(pairedFile(pairedDevice({ nodeSurface }))), 'upgrade-import-skips-record');
	assert.equal(d.severity, 1);
	assert.match(messageOf(d), /^Upgrading to OpenClaw 2026\.9 will import no device at all: .*2026\.8\.x would import it\.$/);
});

test('null and unknown fields are not reported (nothing is lost), nor a clean record', () => {
	const codes = validate(pairedFile(pairedDevice({ displayName: null, lastSeenAtMs: null }))).map((d) => d.code);
	assert.ok(!codes.includes('upgrade-import-drops-field') && !codes.includes('upgrade-import-skips-record'), JSON.stringify(codes));
});

test('a store judged as the SQLite era gets no pre-upgrade findings', () => {
	const doc = new ParsedDocument(pairedFile(pairedDevice({ displayName: 5 }), pairedDevice({ createdAtMs: '1' })));
	const sqlite = validateDocument(doc, 'paired', { requiredScopes: [], now: () => NOW, storeVersion: '2026.9.6' });
	assert.deepEqual(
		sqlite.map((f) => f.code).filter((c) => c.startsWith('upgrade-import')),
		[],
	);
	const json = validateDocument(doc, 'paired', { requiredScopes: [], now: () => NOW });
	assert.deepEqual(
		json
			.map((f) => f.code)
			.filter((c) => c.startsWith('upgrade-import'))
			.sort(),
		['upgrade-import-drops-field', 'upgrade-import-skips-record'],
	);
});
