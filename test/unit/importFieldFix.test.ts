// The quick fixes on upgrade-import-drops-field: keep the value in the type its SQLite column takes when that loses
// nothing, else remove it (the 2026.9 import drops it anyway); after the fix the lint has nothing left to say.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apply, device, fixesFor, keyed, storeFile, validate } from '../support/languageService';

const CODE = 'upgrade-import-drops-field';

describe('upgrade-import-drops-field quick fixes', () => {
	test('a whole-number string in lastSeenAtMs: store it as the number (preferred), or remove it', () => {
		const text = storeFile(keyed(device({ lastSeenAtMs: '1796307421175' })));
		const fix = fixesFor(text, CODE);
		assert.deepEqual(
			fix.actions.map((a) => a.title),
			['Store "lastSeenAtMs" as the number 1796307421175', 'Remove "lastSeenAtMs" (the upgrade drops it)'],
		);
		assert.equal(fix.actions[0].isPreferred, true);
		const fixed = apply(fix, fix.actions[0]);
		const record = Object.values(JSON.parse(fixed) as Record<string, { lastSeenAtMs: unknown }>)[0];
		assert.equal(record.lastSeenAtMs, 1796307421175);
		assert.ok(!validate(fixed).some((d) => d.code === CODE), 'nothing left to drop');
		const removed = apply(fix, fix.actions[1]);
		assert.ok(!('lastSeenAtMs' in Object.values(JSON.parse(removed) as Record<string, object>)[0]));
		assert.ok(!validate(removed).some((d) => d.code === CODE));
	});

	test('a number in displayName: store it as text; a fraction in lastSeenAtMs can only be removed', () => {
		const named = fixesFor(storeFile(keyed(device({ displayName: 42 }))), CODE);
		assert.equal(named.actions[0].title, 'Store "displayName" as the text "42"');
		const fixed = apply(named, named.actions[0]);
		assert.equal(Object.values(JSON.parse(fixed) as Record<string, { displayName: unknown }>)[0].displayName, '42');
		assert.ok(!validate(fixed).some((d) => d.code === CODE));
		const fraction = fixesFor(storeFile(keyed(device({ lastSeenAtMs: 1.5 }))), CODE);
		assert.deepEqual(
			fraction.actions.map((a) => a.title),
			['Remove "lastSeenAtMs" (the upgrade drops it)'],
		);
	});
});
