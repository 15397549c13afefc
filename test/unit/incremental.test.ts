import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import { RecordFindingsCache, validateDocument } from '../../server/src/service/validation';
import { NOW, pairedDevice, pairedFile } from '../support/fixtures';
import { rng } from '../support/mutate';

const settings = { requiredScopes: ['operator.read'], now: () => NOW };

/** Edits like a person makes them: inside one record, across records, in keys, breaking and repairing syntax. */
function edit(text: string, r: () => number): string {
	const at = Math.floor(r() * text.length);
	const choices = [
		() => text.replace('"operator.read"', r() < 0.5 ? '"operator.raed"' : '"operator.read"'),
		() => text.slice(0, at) + text.slice(at + 1),
		() => text.slice(0, at) + ['"', ',', '}', 'x', '1', ' ', '\n'][Math.floor(r() * 7)] + text.slice(at),
		() => text.replace(/"clientId": "[^"]*"/, `"clientId": "${r() < 0.5 ? 'cli' : 'gateway-client'}"`),
		() => text.replace(/"approvedAtMs": \d+/, `"approvedAtMs": ${Math.floor(r() * 2e12)}`),
		() => text.replace(/"(scopes|roles)": \[/, '"$1": ["operator.admin", '),
	];
	return choices[Math.floor(r() * choices.length)]();
}

test('incremental parse + per-record cache give exactly what a full parse and full validation give', () => {
	const r = rng(7);
	let text = pairedFile(
		...Array.from({ length: 30 }, (_, i) =>
			pairedDevice(i % 3 === 0 ? { remoteIp: '203.0.113.7', scopes: ['operator.read'], approvedScopes: ['operator.read'] } : {}),
		),
	);
	let doc = new ParsedDocument(text);
	const cache = new RecordFindingsCache();
	let reused = 0;
	let broken: string | undefined;
	for (let i = 0; i < 1500; i++) {
		// A breaking edit is undone on the next step, as a person typing through a syntax error would.
		if (broken !== undefined) {
			text = broken;
			broken = undefined;
		} else {
			const next = edit(text, r);
			if (new ParsedDocument(next).syntaxErrors.length > 0) broken = text;
			text = next;
		}
		doc = new ParsedDocument(text, doc);
		if (doc.incremental) reused++;
		const full = new ParsedDocument(text);
		assert.deepEqual(doc.value, full.value, `value at step ${i}`);
		assert.deepEqual(doc.entries, full.entries, `entries at step ${i}`);
		assert.deepEqual(
			[...doc.duplicateKeys].sort((a, b) => a.offset - b.offset),
			full.duplicateKeys,
			`duplicates at step ${i}`,
		);
		assert.deepEqual(validateDocument(doc, 'paired', settings, cache), validateDocument(full, 'paired', settings), `findings at step ${i}`);
	}
	assert.ok(reused > 300, `the incremental path was taken (${reused} of 1500)`);
});

test('an edit inside one record keeps every other record object (the cache key)', () => {
	const text = pairedFile(pairedDevice(), pairedDevice(), pairedDevice());
	const doc = new ParsedDocument(text);
	const keys = doc.entries.map((e) => e.key);
	const edited = text.replace('"platform": "linux"', '"platform": "darwin"');
	const next = new ParsedDocument(edited, doc);
	assert.equal(next.incremental, true);
	const before = doc.value as Record<string, unknown>;
	const after = next.value as Record<string, unknown>;
	assert.notEqual(after[keys[0]], before[keys[0]]);
	assert.equal(after[keys[1]], before[keys[1]]);
	assert.equal(after[keys[2]], before[keys[2]]);
	assert.deepEqual(Object.keys(after), keys);
});
