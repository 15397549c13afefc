import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { MAX_DEPTH, nestingBeyond } from '../../server/src/service/parser/depthGuard';
import { scanDocument } from '../../server/src/service/parser/scanner';
import type { DuplicateKey, TopLevelEntry } from '../../server/src/service/parser/spans';
import { scanValid } from '../../server/src/service/parser/validScan';
import { mutate, Rng, rng } from '../support/mutate';
import { pairedDevice, pairedFile } from '../support/fixtures';

const KEYS = ['a', 'b', 'scopes', 'tokens', 'k\\"q', 'é', '\\u0062', 'x y', '', '\\\\', 'a\\nb', '__proto__', '1', '0'];

/** Random valid JSON with repeated keys (some spelled with escapes that decode to another key) at every depth. */
function randomJson(r: Rng, depth: number): string {
	const ws = () => [' ', '', '\n  ', '\t', '\r\n'][Math.floor(r() * 5)];
	const roll = r();
	if (depth > 4 || roll < 0.35) {
		return ['0', '-1.5e3', 'true', 'false', 'null', '"s"', '"a\\"}]"', '"{["', '12345678901234567890', '"\\u00e9\\\\"'][Math.floor(r() * 10)];
	}
	const count = Math.floor(r() * 5);
	const items: string[] = [];
	if (roll < 0.6) {
		for (let i = 0; i < count; i++) items.push(ws() + randomJson(r, depth + 1) + ws());
		return `[${items.join(',')}]`;
	}
	for (let i = 0; i < count; i++) items.push(`${ws()}"${KEYS[Math.floor(r() * KEYS.length)]}"${ws()}:${ws()}${randomJson(r, depth + 1)}${ws()}`);
	return `{${items.join(',')}}`;
}

function viaScanner(text: string) {
	const errors: { message: string }[] = [];
	const duplicates: DuplicateKey[] = [];
	const entries: TopLevelEntry[] = [];
	const { rootSpan } = scanDocument(text, errors as never, duplicates, entries);
	assert.deepEqual(errors, [], 'the scanner accepts what JSON.parse accepts');
	return { rootSpan, duplicates, entries };
}

function viaValidScan(text: string) {
	const duplicates: DuplicateKey[] = [];
	const entries: TopLevelEntry[] = [];
	const { rootSpan, deepAt } = scanValid(text, duplicates, entries, MAX_DEPTH);
	assert.equal(deepAt, -1);
	return { rootSpan, duplicates, entries };
}

test('on valid JSON the one-pass scan finds exactly what the jsonc scanner finds', () => {
	const r = rng(7);
	let compared = 0;
	for (let i = 0; i < 3000; i++) {
		const text = `${[' ', '', '\n'][i % 3]}${randomJson(r, 0)}${i % 2 ? '\n' : ''}`;
		JSON.parse(text);
		assert.deepEqual(viaValidScan(text), viaScanner(text), text);
		compared++;
	}
	assert.equal(compared, 3000);
});

test('a paired file and every mutation of it that JSON.parse still accepts scan the same both ways', () => {
	const seed = pairedFile(pairedDevice({}), pairedDevice({ tokens: { operator: { token: 't', role: 'operator', scopes: ['operator.read'] } } }));
	const r = rng(3);
	let valid = 0;
	for (let i = 0; i < 4000; i++) {
		const { text } = mutate(seed, r);
		try {
			JSON.parse(text);
		} catch {
			continue;
		}
		valid++;
		const deepAt = nestingBeyond(text, MAX_DEPTH);
		if (deepAt >= 0) assert.equal(scanValid(text, [], [], MAX_DEPTH).deepAt, deepAt);
		else assert.deepEqual(viaValidScan(text), viaScanner(text), text);
	}
	assert.ok(valid > 200, `only ${valid} mutations stayed valid`);
});

test('the scan stops at the bracket nestingBeyond names when nesting passes the limit', () => {
	for (const text of [`${'['.repeat(MAX_DEPTH + 5)}${']'.repeat(MAX_DEPTH + 5)}`, `{"a": "[[[", "b": ${'{"c":'.repeat(MAX_DEPTH)}1${'}'.repeat(MAX_DEPTH)}}`]) {
		JSON.parse(text);
		const { deepAt } = scanValid(text, [], [], MAX_DEPTH);
		assert.equal(deepAt, nestingBeyond(text, MAX_DEPTH));
		assert.ok(deepAt > 0);
	}
	const shallow = `${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`;
	assert.equal(scanValid(shallow, [], [], MAX_DEPTH).deepAt, -1);
});
