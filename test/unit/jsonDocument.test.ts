import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { ParsedDocument, Span } from '../../server/src/service/parser/jsonDocument';
import { pairedDevice, pairedFile } from '../support/fixtures';

/** The span of the `occurrence`-th `needle` in `text`. */
function spanOf(text: string, needle: string, occurrence = 1): Span {
	let at = -1;
	for (let i = 0; i < occurrence; i++) {
		at = text.indexOf(needle, at + 1);
		if (at < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
	}
	return { offset: at, length: needle.length };
}

function textAt(text: string, span: Span): string {
	return text.slice(span.offset, span.offset + span.length);
}

const SAMPLE = '{\n  "a": {"x": 1, "y": {"z": [10, "s", {"w": true}]}},\n  "b": [1, 2],\n  "c": "str",\n  "d": null\n}';

describe('entries and spans', () => {
	test('every top-level property with the exact key and value spans, in document order', () => {
		const doc = new ParsedDocument(SAMPLE);
		assert.deepEqual(doc.syntaxErrors, []);
		assert.deepEqual(
			doc.entries.map((e) => [e.key, textAt(SAMPLE, e.keySpan), textAt(SAMPLE, e.valueSpan)]),
			[
				['a', '"a"', '{"x": 1, "y": {"z": [10, "s", {"w": true}]}}'],
				['b', '"b"', '[1, 2]'],
				['c', '"c"', '"str"'],
				['d', '"d"', 'null'],
			],
		);
		assert.deepEqual(doc.entry('b')?.keySpan, spanOf(SAMPLE, '"b"'));
		assert.equal(doc.entry('missing'), undefined);
		assert.deepEqual(doc.rootSpan, { offset: 0, length: SAMPLE.length });
		assert.deepEqual(doc.value, { a: { x: 1, y: { z: [10, 's', { w: true }] } }, b: [1, 2], c: 'str', d: null });
	});

	test('a key with escapes is stored decoded, its span covers the raw text', () => {
		const text = '{"a\\"b\\u0041": 1}';
		const doc = new ParsedDocument(text);
		assert.equal(doc.entries[0].key, 'a"bA');
		assert.equal(textAt(text, doc.entries[0].keySpan), '"a\\"b\\u0041"');
		assert.deepEqual(doc.entry('a"bA'), doc.entries[0]);
	});

	test('a non-object root has no entries but a root span', () => {
		for (const text of ['[1, {"a": 2}]', '  42  ', '"s"', 'null']) {
			const doc = new ParsedDocument(text);
			assert.deepEqual(doc.entries, [], text);
			assert.deepEqual(doc.rootSpan, spanOf(text, text.trim()), text);
		}
	});

	test('entries of a real paired.json are its device records', () => {
		const a = pairedDevice();
		const b = pairedDevice();
		const text = pairedFile(a, b);
		const doc = new ParsedDocument(text);
		assert.deepEqual(
			doc.entries.map((e) => e.key),
			[a.deviceId, b.deviceId],
		);
		const second = doc.entries[1];
		assert.deepEqual(JSON.parse(textAt(text, second.valueSpan)), b);
	});
});

describe('entryAt', () => {
	const doc = new ParsedDocument(SAMPLE);
	const a = doc.entry('a')!;
	const b = doc.entry('b')!;

	test('finds the entry from its key’s first character to its value’s last', () => {
		assert.equal(doc.entryAt(a.keySpan.offset), a);
		assert.equal(doc.entryAt(a.keySpan.offset + 1), a);
		assert.equal(doc.entryAt(SAMPLE.indexOf('"w"')), a);
		assert.equal(doc.entryAt(a.valueSpan.offset + a.valueSpan.length), a, 'the end of the value belongs to it');
		assert.equal(doc.entryAt(b.valueSpan.offset + 2), b);
		assert.equal(doc.entryAt(doc.entry('d')!.valueSpan.offset), doc.entry('d'));
	});

	test('outside every entry: before the first, between entries, after the last', () => {
		assert.equal(doc.entryAt(0), undefined);
		assert.equal(doc.entryAt(a.keySpan.offset - 1), undefined);
		assert.equal(doc.entryAt(b.keySpan.offset - 1), undefined, 'the indentation before "b"');
		assert.equal(doc.entryAt(SAMPLE.length - 1), undefined);
		assert.equal(doc.entryAt(SAMPLE.length + 10), undefined);
	});

	test('binary search agrees with a linear scan on a large file', () => {
		const records = Array.from({ length: 300 }, () => pairedDevice());
		const text = pairedFile(...records);
		const big = new ParsedDocument(text);
		for (let offset = 0; offset < text.length; offset += 97) {
			const linear = big.entries.find((e) => offset >= e.keySpan.offset && offset <= e.valueSpan.offset + e.valueSpan.length);
			assert.equal(big.entryAt(offset), linear, `offset ${offset}`);
		}
	});
});

describe('locate', () => {
	const doc = new ParsedDocument(SAMPLE);

	test('values and keys at nested paths', () => {
		assert.deepEqual(doc.locate(['a', 'x']), spanOf(SAMPLE, '1'));
		assert.deepEqual(doc.locate(['a', 'x'], 'key'), spanOf(SAMPLE, '"x"'));
		assert.deepEqual(doc.locate(['a', 'y', 'z']), spanOf(SAMPLE, '[10, "s", {"w": true}]'));
		assert.deepEqual(doc.locate(['a', 'y', 'z'], 'key'), spanOf(SAMPLE, '"z"'));
		assert.deepEqual(doc.locate(['a', 'y', 'z', 1]), spanOf(SAMPLE, '"s"'));
		assert.deepEqual(doc.locate(['a', 'y', 'z', 2, 'w']), spanOf(SAMPLE, 'true'));
		assert.deepEqual(doc.locate(['a', 'y', 'z', 2, 'w'], 'key'), spanOf(SAMPLE, '"w"'));
		assert.deepEqual(doc.locate(['b', 1]), spanOf(SAMPLE, '2'));
	});

	test('an array element has no key: target key gives the element', () => {
		assert.deepEqual(doc.locate(['b', 1], 'key'), spanOf(SAMPLE, '2'));
	});

	test('top-level paths use the entry spans', () => {
		assert.deepEqual(doc.locate(['c']), spanOf(SAMPLE, '"str"'));
		assert.deepEqual(doc.locate(['c'], 'key'), spanOf(SAMPLE, '"c"'));
		assert.deepEqual(doc.locate([]), { offset: 0, length: SAMPLE.length });
	});

	test('a missing path falls back to the nearest existing ancestor', () => {
		assert.deepEqual(doc.locate(['a', 'y', 'nope', 3]), spanOf(SAMPLE, '{"z": [10, "s", {"w": true}]}'));
		assert.deepEqual(doc.locate(['a', 'y', 'z', 9]), spanOf(SAMPLE, '[10, "s", {"w": true}]'));
		assert.deepEqual(doc.locate(['b', 5], 'key'), spanOf(SAMPLE, '[1, 2]'));
		assert.deepEqual(doc.locate(['nope', 'x']), { offset: 0, length: SAMPLE.length }, 'an unknown record falls back to the root');
	});

	test('paths into a non-object root go through the whole tree', () => {
		const text = '[1, {"a": [true, "x"]}]';
		const arr = new ParsedDocument(text);
		assert.deepEqual(arr.locate([1, 'a', 1]), spanOf(text, '"x"'));
		assert.deepEqual(arr.locate([1, 'a'], 'key'), spanOf(text, '"a"'));
		assert.deepEqual(arr.locate([7]), spanOf(text, text));
	});

	test('in a duplicated record, paths resolve into the last one (the one JSON.parse keeps)', () => {
		const text = '{"k": {"v": 1}, "k": {"v": 2}}';
		const dup = new ParsedDocument(text);
		assert.deepEqual(dup.value, { k: { v: 2 } });
		assert.deepEqual(dup.locate(['k', 'v']), spanOf(text, '2'));
		assert.equal(dup.entries.length, 2);
		assert.equal(dup.entry('k'), dup.entries[1]);
	});
});

describe('duplicate keys', () => {
	test('found at every depth, at the repeated key, with the path of the object holding them', () => {
		const text = '{"a": {"t": {"k": 1, "k": 2}}, "b": [1, {"z": 1, "z": 2}, [{"q": 0, "q": 0}]], "a": 3}';
		const doc = new ParsedDocument(text);
		assert.deepEqual(doc.duplicateKeys, [
			{ key: 'k', ...spanOf(text, '"k"', 2), parentPath: ['a', 't'] },
			{ key: 'z', ...spanOf(text, '"z"', 2), parentPath: ['b', 1] },
			{ key: 'q', ...spanOf(text, '"q"', 2), parentPath: ['b', 2, 0] },
			{ key: 'a', ...spanOf(text, '"a"', 2), parentPath: [] },
		]);
		assert.deepEqual(doc.syntaxErrors, []);
	});

	test('the same key in sibling objects is not a duplicate', () => {
		const doc = new ParsedDocument('{"a": {"k": 1}, "b": {"k": 2}, "c": [{"k": 1}, {"k": 2}]}');
		assert.deepEqual(doc.duplicateKeys, []);
	});

	test('a third occurrence is reported too, and keys equal after unescaping count as duplicates', () => {
		const text = '{"x": 1, "x": 2, "x": 3, "\\u0079": 4, "y": 5}';
		const doc = new ParsedDocument(text);
		assert.deepEqual(
			doc.duplicateKeys.map((d) => [d.key, textAt(text, d)]),
			[
				['x', '"x"'],
				['x', '"x"'],
				['y', '"y"'],
			],
		);
		assert.deepEqual(doc.duplicateKeys[0], { key: 'x', ...spanOf(text, '"x"', 2), parentPath: [] });
		assert.deepEqual(doc.duplicateKeys[1], { key: 'x', ...spanOf(text, '"x"', 3), parentPath: [] });
	});

	test('a duplicate device record in paired.json', () => {
		const r = pairedDevice();
		const inner = JSON.stringify(r, null, 2).replace(/\n/g, '\n  ');
		const text = `{\n  "${String(r.deviceId)}": ${inner},\n  "${String(r.deviceId)}": ${inner}\n}`;
		const doc = new ParsedDocument(text);
		// Inside each record "scopes" etc. are not duplicates: only the record key repeats.
		assert.deepEqual(doc.duplicateKeys, [{ key: r.deviceId, ...spanOf(text, `"${String(r.deviceId)}"`, 3), parentPath: [] }]);
	});
});

describe('syntax errors', () => {
	function errors(text: string): { at: string; offset: number; message: string }[] {
		return new ParsedDocument(text).syntaxErrors.map((e) => ({ at: textAt(text, e), offset: e.offset, message: e.message }));
	}

	test('one error per mistake, at the mistake', () => {
		const cases: [string, number, RegExp][] = [
			['{"a": 1 "b": 2}', '{"a": 1 '.length, /comma is expected/],
			['{"a": 1,}', '{"a": 1,'.length, /property name/],
			['{"a": [1, 2,]}', '{"a": [1, 2,'.length, /value is expected/],
			['{"a": 1', '{"a": 1'.length, /closing brace/],
			['{"a": [1', '{"a": [1'.length, /closing bracket/],
			['{"a" 1}', '{"a" '.length, /colon/],
			['{"a": }', '{"a": '.length, /value is expected/],
			['{"a": 1}}', '{"a": 1}'.length, /after the end/],
			['{"a": "\\x"}', '{"a": '.length, /escape/],
			['{"a": "\\u12"}', '{"a": '.length, /unicode escape/],
			['{"a": "x\ty"}', '{"a": '.length, /control characters/],
			['{"a":1,,"b":2}', '{"a":1,'.length, /property name/],
		];
		for (const [text, offset, message] of cases) {
			const found = errors(text);
			assert.equal(found.length, 1, `${text}: ${JSON.stringify(found)}`);
			assert.equal(found[0].offset, offset, text);
			assert.match(found[0].message, message, text);
			assert.match(found[0].message, /OpenClaw cannot load the file/, text);
		}
	});

	test('an invalid literal or an unquoted key is one mistake, not a cascade', () => {
		const cases: [string, string][] = [
			['{"a": tru}', 'tru'],
			['{"a": undefined}', 'undefined'],
			['{"a": NaN}', 'NaN'],
			['{"a": +1}', '+1'],
			['{"a": 01}', '1'],
			['{a: 1}', 'a'],
			["{'a': 1}", "'a'"],
			['{"a": 1}\n# note', '#'],
		];
		for (const [text, at] of cases) {
			const found = errors(text);
			assert.equal(found.length, 1, `${text}: ${JSON.stringify(found.map((f) => f.message))}`);
			assert.equal(found[0].at, at, text);
		}
	});

	test('two mistakes far apart are two errors', () => {
		const text = '{\n  "a": 1,\n  "b": 2\n  "c": 3,\n}';
		const found = errors(text);
		assert.deepEqual(
			found.map((e) => e.offset),
			[text.indexOf('"c"'), text.lastIndexOf('}')],
		);
	});

	test('trailing commas and comments are errors: the gateway reads the file with JSON.parse', () => {
		const trailing = errors('{\n  "a": [\n    "x",\n  ],\n}');
		assert.equal(trailing.length, 2);
		for (const text of ['// header\n{}', '{"a": /* note */ 1}', '{"a": 1 // trailing\n}', '{"a": 1}\n// footer\n']) {
			const found = errors(text);
			assert.equal(found.length, 1, text);
			assert.match(found[0].message, /^Comments are not allowed/, text);
			assert.ok(found[0].at.startsWith('/'), text);
		}
		assert.equal(errors('/* a */ /* b */ {}').length, 2, 'two comments, two mistakes');
	});

	test('the rules get no value when the gateway could not load the file', () => {
		for (const text of ['{"a": 1,}', '{"a": 1} // c', '{"a": 1', '']) {
			const doc = new ParsedDocument(text);
			assert.ok(doc.syntaxErrors.length > 0, text);
			assert.equal(doc.value, undefined, text);
		}
	});

	test('an empty or blank document is an error, not a crash', () => {
		for (const text of ['', '   \n\t ']) {
			const doc = new ParsedDocument(text);
			assert.equal(doc.syntaxErrors.length, 1);
			assert.match(doc.syntaxErrors[0].message, /value is expected/);
			assert.equal(doc.rootSpan, undefined);
			assert.deepEqual(doc.locate([]), { offset: 0, length: Math.min(text.length, 1) });
		}
	});

	test('a byte-order mark is an error (JSON.parse rejects it) and spans still point at the real text', () => {
		const text = '\uFEFF{"a": 1}';
		const doc = new ParsedDocument(text);
		assert.equal(doc.syntaxErrors.length, 1);
		assert.equal(doc.syntaxErrors[0].offset, 0);
		assert.deepEqual(doc.entry('a')?.keySpan, spanOf(text, '"a"'));
		assert.throws(() => JSON.parse(text));
	});
});

describe('pathological input', () => {
	test('100,000 levels of nesting give an error, not a crash', () => {
		for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
			const doc = new ParsedDocument(text);
			assert.equal(doc.syntaxErrors.length, 1);
			assert.match(doc.syntaxErrors[0].message, /nested more than \d+ levels deep/);
			assert.deepEqual(doc.entries, []);
			assert.deepEqual(doc.duplicateKeys, []);
			assert.equal(doc.value, undefined);
			assert.equal(doc.entryAt(5), undefined);
		}
	});

	test('moderate nesting inside a record still parses and locates', () => {
		// Far deeper than any pairing file (5 levels), still under the 256-level cut-off.
		const depth = 200;
		const text = `{"r": {"deep": ${'['.repeat(depth)}"x"${']'.repeat(depth)}}}`;
		const doc = new ParsedDocument(text);
		assert.deepEqual(doc.syntaxErrors, []);
		const path: (string | number)[] = ['r', 'deep', ...Array.from({ length: depth }, () => 0)];
		assert.deepEqual(doc.locate(path), spanOf(text, '"x"'));
	});

	test('lone surrogates, raw or escaped, and other odd unicode parse like JSON.parse does', () => {
		const cases = [
			'{"a": "\uD800"}',
			'{"a": "\\uD800"}',
			'{"\uDC00": "x"}',
			'{"\\uDFFF\\uD800": 1}',
			'{"a": "line\u2028sep\u2029"}',
			'{"a": "\\u0000"}',
			'{"😀": "e\u0301", "\u202Ertl": 1}',
			'{"a": "\uFFFF\uFFFE"}',
		];
		for (const text of cases) {
			const doc = new ParsedDocument(text);
			assert.deepEqual(doc.syntaxErrors, [], JSON.stringify(text));
			assert.deepEqual(doc.value, JSON.parse(text), JSON.stringify(text));
			assert.equal(doc.entries.length, Object.keys(JSON.parse(text) as object).length);
			for (const e of doc.entries) assert.deepEqual(doc.locate([e.key], 'key'), e.keySpan);
		}
	});

	test('a raw control character or a lone backslash is a syntax error, not a crash', () => {
		for (const text of ['{"a": "\u0001"}', '{"a": "\\"}', '{"\u0000": 1}', '\u0000']) {
			const doc = new ParsedDocument(text);
			assert.ok(doc.syntaxErrors.length >= 1, JSON.stringify(text));
			assert.equal(doc.value, undefined);
		}
	});
});
