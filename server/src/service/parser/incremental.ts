import { MAX_DEPTH, nestingBeyond } from './depthGuard';
import { commonPrefix, commonSuffix } from './diff';
import { walkEdit } from './walk';
import { DuplicateKey, shift, Span, SyntaxProblem, TopLevelEntry } from './spans';

/** What the incremental path needs of an earlier, valid parse (a ParsedDocument without syntax errors). */
export interface PreviousParse {
	readonly text: string;
	readonly value: unknown;
	readonly syntaxErrors: readonly SyntaxProblem[];
	readonly duplicateKeys: readonly DuplicateKey[];
	readonly entries: readonly TopLevelEntry[];
	readonly rootSpan: Span | undefined;
	readonly tooDeep: boolean;
	/** Index of the last entry named `key` (what a Map of the entries by key would give), or undefined. */
	indexOfKey(key: string): number | undefined;
}

export interface Reparsed {
	value: Record<string, unknown>;
	duplicateKeys: DuplicateKey[];
	entries: TopLevelEntry[];
	rootSpan: Span;
	/** For each new entry, the index of the previous entry it is (same key and value text), or -1 when rescanned. */
	carried: number[];
}

/** JSON.parse accepts only these four between tokens; anything else goes to the full parse, which decides. */
const JSON_WHITESPACE = /^[ \t\n\r]*$/;

/**
 * Reuse after any edit: find the one edited region (common prefix and suffix), rescan and JSON.parse only the
 * top-level properties around it, and keep every other record (its value object and spans, shifted). The rescanned
 * region runs from the key of the last untouched record before the edit to the value end of the first untouched one
 * after it: both ends are points where the scanner's state is known (expecting a property, after a value), so a clean
 * scan of the region means the whole text scans clean, with the same tokens a full scan finds.
 * Returns undefined when that cannot be shown (a syntax error, a top-level duplicate, an edit to the root's braces);
 * the caller then parses everything, which is always exact.
 */
export function reparse(prev: PreviousParse, text: string): Reparsed | BrokenReparse | undefined {
	if (prev.syntaxErrors.length > 0 || prev.tooDeep || !prev.rootSpan) return undefined;
	const root = prev.value;
	if (typeof root !== 'object' || root === null || Array.isArray(root)) return undefined;
	if (prev.duplicateKeys.some((d) => d.parentPath.length === 0)) return undefined;
	const old = prev.text;
	const prefix = commonPrefix(old, text);
	const suffix = commonSuffix(old, text, prefix);
	const oldEnd = old.length - suffix;
	const delta = text.length - old.length;
	const rootStart = prev.rootSpan.offset;
	const rootEnd = rootStart + prev.rootSpan.length;
	const unchanged = (): Reparsed => ({
		value: root as Record<string, unknown>,
		duplicateKeys: [...prev.duplicateKeys],
		entries: [...prev.entries],
		rootSpan: prev.rootSpan as Span,
		carried: prev.entries.map((_, i) => i),
	});
	// Outside the root object: only whitespace may change there.
	if (prefix >= rootEnd) return JSON_WHITESPACE.test(text.slice(rootEnd)) ? unchanged() : undefined;
	if (oldEnd <= rootStart) {
		if (!JSON_WHITESPACE.test(text.slice(0, rootStart + delta))) return undefined;
		return {
			value: root as Record<string, unknown>,
			duplicateKeys: prev.duplicateKeys.map((d) => ({ ...d, offset: d.offset + delta })),
			entries: prev.entries.map((e) => shiftEntry(e, delta)),
			rootSpan: shift(prev.rootSpan, delta),
			carried: prev.entries.map((_, i) => i),
		};
	}
	if (!(prefix > rootStart && oldEnd < rootEnd)) return undefined; // a brace of the root itself changed
	return reparseInside(prev, root as Record<string, unknown>, text, { prefix, suffix });
}

/**
 * The old entries a region rescan covers for an edit of old[prefix, oldEnd): from the last untouched entry before it
 * (`before`, or the root's `{` when none) to the first untouched one after it (`after`, or the root's `}`). Untouched:
 * at least one unchanged character between the entry and the edit (a number could grow otherwise).
 */
export function regionAround(prev: PreviousParse, prefix: number, oldEnd: number) {
	const entries = prev.entries;
	const rootSpan = prev.rootSpan as Span;
	const end = (e: TopLevelEntry) => e.valueSpan.offset + e.valueSpan.length;
	let before = -1;
	while (before + 1 < entries.length && end(entries[before + 1]) < prefix) before++;
	let after = entries.length;
	while (after - 1 > before && entries[after - 1].keySpan.offset > oldEnd) after--;
	return {
		before,
		after,
		/** Old entries first..last (inclusive) are rescanned. */
		first: Math.max(before, 0),
		last: Math.min(after, entries.length - 1),
		start: before >= 0 ? entries[before].keySpan.offset : rootSpan.offset + 1,
		oldStop: after < entries.length ? end(entries[after]) : rootSpan.offset + rootSpan.length - 1,
	};
}

/** A reparse that found syntax errors: no value (the gateway loads nothing), only what the scanner reports. */
export interface BrokenReparse {
	syntaxErrors: SyntaxProblem[];
	duplicateKeys: DuplicateKey[];
	entries: TopLevelEntry[];
	rootSpan: Span | undefined;
}

function reparseInside(
	prev: PreviousParse,
	root: Record<string, unknown>,
	text: string,
	diff: { prefix: number; suffix: number },
): Reparsed | BrokenReparse | undefined {
	const walked = walkEdit(prev, text, diff);
	if (!walked) return undefined;
	const duplicateKeys = walked.duplicateKeys.sort((a, b) => a.offset - b.offset);
	if (walked.syntaxErrors.length > 0) {
		// The depth guard runs on the whole text, as the full parse's does (an unclosed bracket deepens all that follows).
		if (nestingBeyond(text, MAX_DEPTH) >= 0) return undefined;
		return { syntaxErrors: walked.syntaxErrors, duplicateKeys, entries: walked.entries, rootSpan: walked.rootSpan };
	}
	const rootSpan = walked.rootSpan;
	if (!rootSpan || !JSON_WHITESPACE.test(text.slice(0, rootSpan.offset)) || !JSON_WHITESPACE.test(text.slice(rootSpan.offset + rootSpan.length)))
		return undefined;
	// Top-level duplicates (and __proto__, which a plain assignment would not store as JSON.parse does) → full parse.
	const keys = new Set<string>();
	for (const e of walked.entries) {
		if (keys.has(e.key) || e.key === '__proto__') return undefined;
		keys.add(e.key);
	}
	const values: Record<string, unknown> = {};
	for (const segment of walked.segments) {
		// Each scanned stretch as an object of its own: `{` + properties + `}` (its depth counts from the root's).
		const wrapped = `{${text.substr(segment.offset, segment.length)}}`;
		if (nestingBeyond(wrapped, MAX_DEPTH) >= 0) return undefined;
		try {
			Object.assign(values, JSON.parse(wrapped));
		} catch {
			return undefined; // e.g. whitespace the scanner accepts and JSON.parse does not
		}
	}
	// A rescanned record whose text did not change (the stretches' known starts) stays the previous record.
	const carried = walked.carried.map((c, i) => (c >= 0 ? c : sameEntry(prev, text, prev.indexOfKey(walked.entries[i].key), walked.entries[i])));
	const value: Record<string, unknown> = {};
	// Assigned in document order, as JSON.parse does, so the key order (integer-like keys first) is the same.
	walked.entries.forEach((e, i) => (value[e.key] = carried[i] >= 0 ? root[e.key] : values[e.key]));
	return { value, duplicateKeys, entries: walked.entries, rootSpan, carried };
}

/** `index` when the previous entry there has the same key and value text as `e`, else -1. */
function sameEntry(prev: PreviousParse, text: string, index: number | undefined, e: TopLevelEntry): number {
	const old = index === undefined ? undefined : prev.entries[index];
	if (!old || index === undefined || old.valueSpan.length !== e.valueSpan.length) return -1;
	return prev.text.substr(old.valueSpan.offset, old.valueSpan.length) === text.substr(e.valueSpan.offset, e.valueSpan.length) ? index : -1;
}

export function shiftEntry(e: TopLevelEntry, delta: number): TopLevelEntry {
	return { key: e.key, keySpan: shift(e.keySpan, delta), valueSpan: shift(e.valueSpan, delta) };
}
