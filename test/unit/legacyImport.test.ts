// The pre-upgrade prediction, case by case: each expectation here was measured on OpenClaw's own import code (the
// property test test/gateway/importOracle.test.ts runs the 2026.8.1 and 2026.9.6 dists on generated files).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ImportTarget, predictImport, predictRecord, RecordPrediction } from '../../core/src/openclaw/legacyImport';

const base = { publicKey: 'pk', createdAtMs: 1, approvedAtMs: 2 };

function dropped(p: RecordPrediction): string[] {
	assert.equal(p.fate, 'imported', JSON.stringify(p));
	return p.fate === 'imported' ? p.fieldsDropped.map((f) => `${f.field}:${f.reason}`) : [];
}

test('9.x: a record without a usable publicKey/createdAtMs/approvedAtMs is skipped, naming each reason', () => {
	const p = predictRecord({ publicKey: ' ', createdAtMs: '5', approvedAtMs: 1.5 }, '9.x');
	assert.equal(p.fate, 'skipped');
	assert.deepEqual(p.fate === 'skipped' && p.problems.map((x) => x.field), ['publicKey', 'createdAtMs', 'approvedAtMs']);
	assert.equal(predictRecord({ createdAtMs: 1, approvedAtMs: 2 }, '9.x').fate, 'skipped');
	assert.equal(predictRecord('a string', '9.x').fate, 'skipped');
	assert.equal(predictRecord({ ...base, createdAtMs: 2 ** 53 }, '9.x').fate, 'skipped');
});

test('9.x: wrong-typed optional fields are dropped, JSON fields of any type kept, unknown approvedVia read as absent', () => {
	const record = { ...base, displayName: 5, lastSeenAtMs: 1.5, platform: true, roles: 'operator', tokens: 7, approvedVia: 'by-hand', extra: 1, clientId: null };
	assert.deepEqual(dropped(predictRecord(record, '9.x')).sort(), [
		'approvedVia:unknown-approval-kind',
		'clientId:null',
		'displayName:wrong-type',
		'extra:no-column',
		'lastSeenAtMs:wrong-type',
		'platform:wrong-type',
	]);
	assert.deepEqual(dropped(predictRecord({ ...base, displayName: '', approvedVia: 'owner', lastSeenAtMs: -5 }, '9.x')), []);
});

test('8.x: numbers and booleans are stored (as text, as integers); numeric strings in integer fields become numbers', () => {
	const p = predictRecord({ ...base, publicKey: 5, displayName: true, createdAtMs: ' 5 ', approvedAtMs: '1e3', lastSeenAtMs: false }, '8.x');
	assert.deepEqual(dropped(p), []);
	// approvedVia 5 is stored as "5.0", which the reader does not know: absent, as in 9.x.
	assert.deepEqual(dropped(predictRecord({ ...base, approvedVia: 5 }, '8.x')), ['approvedVia:unknown-approval-kind']);
});

test('8.x: what SQLite cannot store fails the record, so the whole import', () => {
	for (const bad of [
		{ displayName: [] },
		{ lastSeenAtMs: 1.5 },
		{ createdAtMs: '0x10' },
		{ approvedAtMs: null },
		{ publicKey: undefined },
		{ createdAtMs: 1e21 },
	]) {
		const p = predictRecord({ ...base, ...bad }, '8.x');
		assert.equal(p.fate, 'fails', JSON.stringify(bad));
	}
	assert.equal(predictRecord(null, '8.x').fate, 'fails');
	assert.equal(predictRecord([base], '8.x').fate, 'fails');
});

test('8.x: whole numbers at or beyond 2^53 are stored, and then every read of the table throws', () => {
	const p = predictRecord({ ...base, lastSeenAtMs: 2 ** 53 }, '8.x');
	assert.equal(p.fate, 'imported');
	assert.deepEqual(p.fate === 'imported' && p.unreadable.map((u) => u.field), ['lastSeenAtMs']);
	assert.equal(predictImport({ a: { ...base, createdAtMs: '9007199254740993' } }, '8.x').outcome, 'unreadable');
});

test('9.x: a desktop.stream approval with malformed commands fails the whole import', () => {
	const surface = { commands: ['desktop.stream', 5], createdAtMs: 1, approvedAtMs: 2 };
	assert.equal(predictRecord({ ...base, nodeSurface: surface }, '9.x').fate, 'fails');
	const ok = { ...surface, commands: ['desktop.stream'] };
	assert.equal(predictRecord({ ...base, nodeSurface: ok }, '9.x').fate, 'imported');
	assert.equal(predictRecord({ ...base, nodeSurface: ok, tokens: { node: null } }, '9.x').fate, 'fails');
	assert.equal(predictRecord({ ...base, nodeSurface: surface }, '8.x').fate, 'imported');
});

test('keys: blank ones are ignored, trimmed duplicates and Object.prototype names count as taken, existing rows win', () => {
	for (const target of ['8.x', '9.x'] as ImportTarget[]) {
		const value = JSON.parse(
			`{"  ":${JSON.stringify(base)},"__proto__":${JSON.stringify(base)},"constructor":${JSON.stringify(base)},"a":${JSON.stringify(base)}," a":${JSON.stringify(base)},"b":${JSON.stringify(base)}}`,
		);
		const p = predictImport(value, target, { existingDeviceIds: ['b'] });
		assert.deepEqual(
			p.records.map((r) => [r.key, r.prediction.fate === 'ignored' ? r.prediction.why : r.prediction.fate]),
			[
				['  ', 'blank-key'],
				['__proto__', 'existing'],
				['constructor', 'existing'],
				['a', 'imported'],
				[' a', 'duplicate'],
				['b', 'existing'],
			],
		);
		assert.deepEqual([...p.imported], [['a', 'a']]);
		assert.equal(p.outcome, 'imports');
	}
});

test('the file as a whole: all-or-nothing in 8.x, record by record in 9.x; odd top levels import nothing', () => {
	const file = { a: base, b: { ...base, displayName: {} } };
	assert.deepEqual([predictImport(file, '8.x').outcome, predictImport(file, '8.x').archived, predictImport(file, '8.x').imported.size], ['fails', false, 0]);
	assert.deepEqual([predictImport(file, '9.x').outcome, predictImport(file, '9.x').imported.size], ['imports', 2]);
	// A shadowed record is never inserted, so its bad value cannot fail 8.x.
	assert.equal(predictImport({ a: base, ' a': { displayName: [] } }, '8.x').outcome, 'imports');
	for (const target of ['8.x', '9.x'] as ImportTarget[]) {
		assert.deepEqual([predictImport([base], target).outcome, predictImport([base], target).archived], ['nothing', true]);
		assert.deepEqual([predictImport(5, target).outcome, predictImport({}, target).archived], ['nothing', true]);
		assert.deepEqual([predictImport(null, target).outcome, predictImport(null, target).archived], ['nothing', false]);
	}
});
