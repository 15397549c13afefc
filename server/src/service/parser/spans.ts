export type JsonPath = (string | number)[];

/** A span of text: where a key or a value sits in the document. */
export interface Span {
	offset: number;
	length: number;
}

/** One top-level property (a device record in paired.json) and where its parts sit. */
export interface TopLevelEntry {
	key: string;
	keySpan: Span;
	valueSpan: Span;
}

export interface SyntaxProblem extends Span {
	message: string;
}

export interface DuplicateKey extends Span {
	key: string;
	/** Path of the object holding the duplicate. */
	parentPath: JsonPath;
}

export function shift(span: Span, delta: number): Span {
	return { offset: span.offset + delta, length: span.length };
}

/**
 * Index of the entry holding `offset` (entries are in document order): from its key through its value's last
 * character inclusive (`'key'`, for the cursor), or within its value only (`'value'`, for edits).
 */
export function findEntry(entries: readonly TopLevelEntry[], offset: number, from: 'key' | 'value'): number {
	let lo = 0;
	let hi = entries.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const e = entries[mid];
		const start = from === 'key' ? e.keySpan.offset : e.valueSpan.offset;
		const end = e.valueSpan.offset + e.valueSpan.length - (from === 'key' ? 0 : 1);
		if (offset < start) hi = mid - 1;
		else if (offset > end) lo = mid + 1;
		else return mid;
	}
	return -1;
}
