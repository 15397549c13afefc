import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { commonPrefix, commonSuffix } from './service/parser/diff';

/**
 * The server's open documents: vscode-languageserver-textdocument's FullTextDocument, line for line (same updates, same
 * clamping, same line breaks: \r\n, \r and \n), except how line starts are found (and a range past the last line,
 * which it clamps where the library corrupts its line index). The library walks every character
 * in JS, which on a 10,000-device paired.json (11.5 MiB) costs ~60 ms after each full-text change or paste; text
 * without a \r is searched with the native indexOf instead (~3× faster). test/unit/textDocument.test.ts replays random
 * edits on both and compares every position.
 */
export class LineIndexedDocument implements TextDocument {
	private lineOffsets: number[] | undefined;
	/** The text and line starts before a full-text change, while the new starts are not yet built from them. */
	private rebuildFrom: { text: string; starts: number[] } | undefined;

	constructor(
		readonly uri: string,
		readonly languageId: string,
		public version: number,
		private content: string,
	) {}

	getText(range?: Range): string {
		if (!range) return this.content;
		return this.content.substring(this.offsetAt(range.start), this.offsetAt(range.end));
	}

	get lineCount(): number {
		return this.getLineOffsets().length;
	}

	update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
		for (const change of changes) {
			if ('range' in change && change.range !== undefined) {
				const range = wellFormed(change.range);
				const startOffset = this.offsetAt(range.start);
				const endOffset = this.offsetAt(range.end);
				const before = this.content;
				const starts = this.getLineOffsets(); // of `before` (offsetAt built them)
				this.content = before.substring(0, startOffset) + change.text + before.substring(endOffset, before.length);
				if (change.text.length > REBUILD_ABOVE_CHARS) {
					// A paste of a whole file: the old line starts hold outside what changed (see rebuiltLineStarts).
					this.lineOffsets = undefined;
					this.rebuildFrom = { text: before, starts };
					continue;
				}
				const insertedEnd = startOffset + change.text.length;
				const crlfAtStart = this.content.charCodeAt(startOffset - 1) === CR && this.content.charCodeAt(startOffset) === LF;
				const crlfAtEnd = this.content.charCodeAt(insertedEnd - 1) === CR && this.content.charCodeAt(insertedEnd) === LF;
				if (crlfAtStart || crlfAtEnd) {
					this.lineOffsets = undefined;
					continue;
				}
				let lineOffsets = starts;
				// Clamped as offsetAt clamps (the library does not, and a line past the end leaves holes in its index).
				const lastLine = lineOffsets.length - 1;
				const startLine = Math.min(Math.max(range.start.line, 0), lastLine);
				const endLine = Math.min(Math.max(range.end.line, 0), lastLine);
				const added = lineStarts(change.text, false, startOffset);
				if (endLine - startLine === added.length) {
					for (let i = 0; i < added.length; i++) lineOffsets[i + startLine + 1] = added[i];
				} else if (added.length < 10_000) {
					lineOffsets.splice(startLine + 1, endLine - startLine, ...added);
				} else {
					this.lineOffsets = lineOffsets = lineOffsets.slice(0, startLine + 1).concat(added, lineOffsets.slice(endLine + 1));
				}
				const diff = change.text.length - (endOffset - startOffset);
				if (diff !== 0) for (let i = startLine + 1 + added.length; i < lineOffsets.length; i++) lineOffsets[i] += diff;
			} else {
				// A full-text resync: the old line starts hold outside what changed. They are rebuilt from them when
				// a position is first asked for (most checks of a clean file ask for none); one rebuild, not a chain.
				const before = this.content;
				const starts = this.lineOffsets;
				this.content = change.text;
				this.lineOffsets = undefined;
				this.rebuildFrom = starts && { text: before, starts };
			}
		}
		this.version = version;
	}

	positionAt(offset: number): Position {
		offset = Math.max(Math.min(offset, this.content.length), 0);
		const lineOffsets = this.getLineOffsets();
		let low = 0;
		let high = lineOffsets.length;
		if (high === 0) return { line: 0, character: offset };
		while (low < high) {
			const mid = Math.floor((low + high) / 2);
			if (lineOffsets[mid] > offset) high = mid;
			else low = mid + 1;
		}
		const line = low - 1;
		offset = this.beforeEol(offset, lineOffsets[line]);
		return { line, character: offset - lineOffsets[line] };
	}

	offsetAt(position: Position): number {
		const lineOffsets = this.getLineOffsets();
		if (position.line >= lineOffsets.length) return this.content.length;
		if (position.line < 0) return 0;
		const lineOffset = lineOffsets[position.line];
		if (position.character <= 0) return lineOffset;
		const nextLineOffset = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1] : this.content.length;
		return this.beforeEol(Math.min(lineOffset + position.character, nextLineOffset), lineOffset);
	}

	getLineRange(line: number): Range {
		const lineOffsets = this.getLineOffsets();
		if (line >= lineOffsets.length) {
			const last = lineOffsets.length - 1;
			return { start: { line: last, character: 0 }, end: { line: last, character: this.content.length - lineOffsets[last] } };
		}
		if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
		const start = lineOffsets[line];
		const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.content.length;
		return { start: { line, character: 0 }, end: { line, character: this.beforeEol(next, start) - start } };
	}

	getEOLCharacters(line: number): string {
		const lineOffsets = this.getLineOffsets();
		if (line >= lineOffsets.length || line < 0) return '';
		const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.content.length;
		return this.content.substring(this.beforeEol(next, lineOffsets[line]), next);
	}

	private getLineOffsets(): number[] {
		if (this.lineOffsets === undefined) {
			const from = this.rebuildFrom;
			this.rebuildFrom = undefined;
			this.lineOffsets = from ? rebuiltLineStarts(from.text, from.starts, this.content) : lineStarts(this.content, true);
		}
		return this.lineOffsets;
	}

	private beforeEol(offset: number, lineOffset: number): number {
		while (offset > lineOffset && isEol(this.content.charCodeAt(offset - 1))) offset--;
		return offset;
	}
}

/** TextDocuments' configuration for LineIndexedDocument (what the library's TextDocument namespace is to it). */
export const LINE_INDEXED_DOCUMENTS = {
	create: (uri: string, languageId: string, version: number, content: string): LineIndexedDocument =>
		new LineIndexedDocument(uri, languageId, version, content),
	update: (document: LineIndexedDocument, changes: TextDocumentContentChangeEvent[], version: number): LineIndexedDocument => {
		document.update(changes, version);
		return document;
	},
};

/** Inserted text above this (a paste, not typing) rebuilds line starts from the old ones by a diff. */
const REBUILD_ABOVE_CHARS = 64 * 1024;
const CR = 13;
const LF = 10;

function isEol(c: number): boolean {
	return c === CR || c === LF;
}

/** Where each line starts (after \r\n, \r or \n), offset by `textOffset`; with `isAtLineStart`, 0 first. */
export function lineStarts(text: string, isAtLineStart: boolean, textOffset = 0): number[] {
	const result: number[] = isAtLineStart ? [textOffset] : [];
	if (text.indexOf('\r') < 0) {
		for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) result.push(i + 1 + textOffset);
		return result;
	}
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (isEol(c)) {
			if (c === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
			result.push(textOffset + i + 1);
		}
	}
	return result;
}

/**
 * The line starts of `text` from those of `old` (`oldStarts`): a position o is a line start when text[o - 1] is \n, or
 * a \r not followed by \n, so it depends on text[o - 1] and text[o] only. Starts inside the common prefix (o < p)
 * and suffix (o > text.length - s) are the old ones, the latter shifted; only the changed middle is searched.
 */
export function rebuiltLineStarts(old: string, oldStarts: readonly number[], text: string): number[] {
	const p = commonPrefix(old, text);
	const s = commonSuffix(old, text, p);
	const delta = text.length - old.length;
	const middleEnd = text.length - s; // the last start the middle can hold
	// The kept starts are copied whole (native slices: a per-element loop over 430,000 lines cost ~20 ms).
	const keep = Math.max(firstAtLeast(oldStarts, p), 1); // starts before p, and 0 always
	const tailFrom = Math.max(firstAtLeast(oldStarts, middleEnd - delta + 1), keep); // they sit past middleEnd once moved
	// The breaks in text[from, middleEnd), found by lineStarts with one more character so that a \r at the end sees
	// what follows it; a start past middleEnd that this finds is the tail's.
	const from = Math.max(p - 1, 0);
	const middle = lineStarts(text.substring(from, middleEnd + 1), false, from);
	if (middle.length > 0 && middle[middle.length - 1] > middleEnd) middle.pop();
	const tail = oldStarts.slice(tailFrom);
	if (delta !== 0) for (let i = 0; i < tail.length; i++) tail[i] += delta;
	return oldStarts.slice(0, keep).concat(middle, tail);
}

/** Index of the first of the sorted `starts` that is at least `offset` (starts.length when none is). */
function firstAtLeast(starts: readonly number[], offset: number): number {
	let low = 0;
	let high = starts.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (starts[mid] < offset) low = mid + 1;
		else high = mid;
	}
	return low;
}

function wellFormed(range: Range): Range {
	const { start, end } = range;
	if (start.line > end.line || (start.line === end.line && start.character > end.character)) return { start: end, end: start };
	return range;
}
