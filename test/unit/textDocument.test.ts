import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LineIndexedDocument, lineStarts, rebuiltLineStarts } from '../../server/src/textDocument';
import { rng } from '../support/mutate';

const PIECES = ['\n', '\r\n', '\r', 'a', '{"k": 1}', '  ', '\n\n', 'é', '"x\r\ny"', ''];

function sameEverywhere(ours: LineIndexedDocument, theirs: TextDocument, step: string): void {
	assert.equal(ours.getText(), theirs.getText(), `text at ${step}`);
	assert.equal(ours.lineCount, theirs.lineCount, `lineCount at ${step}`);
	const text = theirs.getText();
	for (let offset = -1; offset <= text.length + 1; offset++)
		assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `positionAt(${offset}) at ${step}`);
	for (let line = -1; line <= theirs.lineCount; line++) {
		assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `getLineRange(${line}) at ${step}`);
		assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `getEOLCharacters(${line}) at ${step}`);
		for (const character of [-1, 0, 1, 3, 50])
			assert.equal(ours.offsetAt({ line, character }), theirs.offsetAt({ line, character }), `offsetAt(${line}:${character}) at ${step}`);
	}
}

test('random range and full-text edits leave the same text and positions as the library document', () => {
	const r = rng(5);
	let pieces = PIECES;
	const piece = () => Array.from({ length: Math.floor(r() * 4) }, () => pieces[Math.floor(r() * pieces.length)]).join('');
	for (let run = 0; run < 40; run++) {
		// Half the runs without any \r: the native line search; the others mix all three line breaks.
		pieces = run % 2 ? PIECES : PIECES.filter((p) => !p.includes('\r'));
		const initial = Array.from({ length: 12 }, piece).join('');
		const ours = new LineIndexedDocument('file:///a.json', 'json', 1, initial);
		let theirs = TextDocument.create('file:///a.json', 'json', 1, initial);
		for (let step = 2; step < 40; step++) {
			// Each change's lines exist when it applies (the library's index breaks on a line past the end, see below).
			let scratch = TextDocument.create('file:///s.json', 'json', 0, theirs.getText());
			const position = () => ({ line: Math.floor(r() * (scratch.lineCount + 1)) - 1, character: Math.floor(r() * 6) - 1 });
			const changes: TextDocumentContentChangeEvent[] = [];
			if (r() < 0.15) changes.push({ text: Array.from({ length: 8 }, piece).join('') });
			else
				for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
					const change = { range: { start: position(), end: position() }, text: piece() };
					changes.push(change);
					scratch = TextDocument.create('file:///s.json', 'json', 0, TextDocument.update(scratch, [change], 1).getText());
				}
			ours.update(changes, step);
			theirs = TextDocument.update(theirs, changes, step);
			assert.equal(ours.version, step);
			sameEverywhere(ours, theirs, `run ${run} step ${step}`);
		}
	}
});

test('line starts from the native search equal the character walk (no \\r) and every break counts once (with \\r)', () => {
	assert.deepEqual(lineStarts('a\nb\n\nc', true), [0, 2, 4, 5]);
	assert.deepEqual(lineStarts('a\r\nb\rc\n', true), [0, 3, 5, 7]);
	assert.deepEqual(lineStarts('x\ny', false, 10), [12]);
	assert.deepEqual(lineStarts('', true), [0]);
});

test('line starts rebuilt from the old ones by a diff equal a fresh search, whatever changed and whichever breaks', () => {
	const r = rng(9);
	const piece = () => PIECES[Math.floor(r() * PIECES.length)];
	for (let i = 0; i < 5000; i++) {
		const old = Array.from({ length: Math.floor(r() * 12) }, piece).join('');
		const at = Math.floor(r() * (old.length + 1));
		const cut = Math.floor(r() * 4);
		const text = old.slice(0, at) + Array.from({ length: Math.floor(r() * 3) }, piece).join('') + old.slice(at + cut);
		assert.deepEqual(rebuiltLineStarts(old, lineStarts(old, true), text), lineStarts(text, true), JSON.stringify({ old, text }));
	}
});

test('a paste of a whole file (a range edit over 64 KiB) leaves the same positions as the library document', () => {
	const r = rng(13);
	const big = (breaks: string[]) => Array.from({ length: 9000 }, (_, i) => `"k${i}": ${i}${breaks[i % breaks.length]}`).join('');
	for (const breaks of [['\n'], ['\r\n', '\n', '\r']]) {
		const initial = big(breaks);
		const ours = new LineIndexedDocument('file:///a.json', 'json', 1, initial);
		let theirs = TextDocument.create('file:///a.json', 'json', 1, initial);
		for (let step = 2; step < 8; step++) {
			const current = theirs.getText();
			const at = Math.floor(r() * current.length);
			const pasted = current.slice(0, at) + ['x', '\n', '\r', '', '\r\n'][step % 5] + current.slice(at + (step % 3));
			const changes = [{ range: { start: { line: 0, character: 0 }, end: theirs.positionAt(current.length) }, text: pasted }];
			ours.update(changes, step);
			theirs = TextDocument.update(theirs, changes, step);
			assert.equal(ours.getText(), theirs.getText());
			assert.equal(ours.lineCount, theirs.lineCount);
			for (let offset = 0; offset <= pasted.length; offset += 1 + Math.floor(r() * 40))
				assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `positionAt(${offset}) at step ${step}`);
		}
	}
});

test('a range on a line past the end is the end of the document (the library would leave holes in its line index)', () => {
	const doc = new LineIndexedDocument('file:///a.json', 'json', 1, 'a\nb\n');
	doc.update([{ range: { start: { line: 7, character: 0 }, end: { line: 9, character: 2 } }, text: 'c\nd' }], 2);
	assert.equal(doc.getText(), 'a\nb\nc\nd');
	const fresh = new LineIndexedDocument('file:///a.json', 'json', 2, 'a\nb\nc\nd');
	assert.equal(doc.lineCount, fresh.lineCount);
	for (let offset = 0; offset <= 7; offset++) assert.deepEqual(doc.positionAt(offset), fresh.positionAt(offset));
});
