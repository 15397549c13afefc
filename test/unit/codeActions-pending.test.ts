import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { apply, assertFixed, assertRange, device, diagnose, editsOf, fixesFor, Indent, keyed, pendingRequest, storeFile } from '../support/languageService';
import { rangeOf } from '../support/text';

describe('key-requestid-mismatch (pending.json)', () => {
	test('the key is renamed to the requestId', () => {
		const other = pendingRequest();
		const target = pendingRequest({ requestId: '0d4f5b7e-2c61-4f0e-9a7b-3f1e8c2d4a90' });
		const text = storeFile([
			[String(other.requestId), other],
			['bbbb', target],
		]);
		const fix = fixesFor(text, 'key-requestid-mismatch', { kind: 'pending' });
		assertRange(text, fix.diagnostic, '"bbbb"');
		assert.equal(fix.actions.length, 1);
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, '"bbbb"'), newText: '"0d4f5b7e-2c61-4f0e-9a7b-3f1e8c2d4a90"' }]);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), {
			code: 'key-requestid-mismatch',
			untouched: [String(other.requestId)],
			settings: { kind: 'pending' },
		});
		assert.deepEqual(parsed['0d4f5b7e-2c61-4f0e-9a7b-3f1e8c2d4a90'], target);
	});

	test('no fix when a request already has that key', () => {
		const existing = pendingRequest({ requestId: 'aaaa' });
		const text = storeFile([
			['aaaa', existing],
			['bbbb', pendingRequest({ requestId: 'aaaa' })],
		]);
		assert.deepEqual(fixesFor(text, 'key-requestid-mismatch', { kind: 'pending' }).actions, []);
	});
});

describe('pending-in-paired', () => {
	function pendingIn(position: 'first' | 'middle' | 'last' | 'only', indent: Indent = 2, eol = '\n'): void {
		const [a, c] = [device(), device()];
		const req = pendingRequest();
		const reqEntry: [string, unknown] = [String(req.deviceId), req];
		const others = keyed(a, c);
		const entries =
			position === 'first'
				? [reqEntry, ...others]
				: position === 'middle'
					? [others[0], reqEntry, others[1]]
					: position === 'last'
						? [...others, reqEntry]
						: [reqEntry];
		const text = storeFile(entries, indent, eol);
		const fix = fixesFor(text, 'pending-in-paired');
		assert.equal(fix.actions.length, 1);
		assert.equal(fix.actions[0].isPreferred, true);
		const after = apply(fix, fix.actions[0]);
		if (position === 'only') {
			assert.deepEqual(JSON.parse(after), {});
			assert.deepEqual(diagnose(after).diagnostics, []);
			return;
		}
		const kept = [String(a.deviceId), String(c.deviceId)];
		const parsed = assertFixed(text, after, { code: 'pending-in-paired', untouched: kept, indent, eol });
		assert.deepEqual(Object.keys(parsed), kept);
	}

	for (const position of ['first', 'middle', 'last', 'only'] as const) {
		test(`the request is removed (${position} record)`, () => pendingIn(position));
	}

	test('removing the only record leaves "{}", as the gateway writes an empty store', () => {
		const req = pendingRequest();
		const text = storeFile([[String(req.deviceId), req]]);
		const fix = fixesFor(text, 'pending-in-paired');
		assert.equal(apply(fix, fix.actions[0]), JSON.stringify({}, null, 2));
	});

	test('removal keeps a tab-indented CRLF file as it was', () => pendingIn('middle', '\t', '\r\n'));
});
