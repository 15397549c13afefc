import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { modify } from 'jsonc-parser';
import { withoutLongStrings } from '../../server/src/service/parser/longStrings';

const LONG = 'x'.repeat(5000);

/** A record as the gateway writes it, with long strings where a user could put them: values, array items, a key. */
function record(): string {
	return JSON.stringify(
		{
			deviceId: 'ab',
			displayName: `host ${LONG}`,
			quoted: `say \\"${LONG}\\" and \\\\`,
			[`k${LONG}`]: 1,
			scopes: ['operator.read', LONG],
			approvedScopes: ['operator.read'],
			tokens: { operator: { token: LONG, scopes: ['operator.read'] } },
			notes: [{ text: LONG }, `"${LONG}`],
		},
		null,
		2,
	);
}

test('edits through the slim text land exactly where the same edits on the whole text land', () => {
	const text = record();
	const slim = withoutLongStrings(text, 1024);
	assert.ok(slim.text.length < text.length / 5, 'the long values are gone');
	assert.ok(slim.text.includes(`"k${LONG}"`), 'a long key is kept');
	const options = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };
	const changes: [(string | number)[], unknown][] = [
		[['scopes'], ['operator.read', LONG, 'operator.admin']],
		[['approvedScopes'], ['operator.read', 'operator.admin']],
		[
			['tokens', 'operator', 'scopes'],
			['operator.read', 'operator.admin'],
		],
		[['notes'], undefined],
		[['displayName'], 'short'],
		[['newField'], 1],
		[['tokens'], undefined],
	];
	for (const [path, value] of changes) {
		const expected = modify(text, path, value, options);
		const mapped = modify(slim.text, path, value, options).map((e) => {
			const offset = slim.toOriginal(e.offset);
			return { offset, length: slim.toOriginal(e.offset + e.length) - offset, content: e.content };
		});
		assert.deepEqual(mapped, expected, JSON.stringify(path));
	}
});

test('text without long strings is handed back as it is', () => {
	const text = '{"a": "b", "c": ["d"]}';
	const slim = withoutLongStrings(text, 1024);
	assert.equal(slim.text, text);
	assert.equal(slim.toOriginal(7), 7);
});
