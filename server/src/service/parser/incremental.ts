import { MAX_DEPTH, nestingBeyond } from './depthGuard';
import { commonPrefix, commonSuffix } from './diff';
import { scanDocument } from './scanner';
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
export function reparse(prev: PreviousParse, text: string): Reparsed | undefined {
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
	return reparseRegion(prev, root as Record<string, unknown>, text, prefix, oldEnd, delta);
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

function reparseRegion(prev: PreviousParse, root: Record<string, unknown>, text: string, prefix: number, oldEnd: number, delta: number): Reparsed | undefined {
	const entries = prev.entries;
	const rootSpan = prev.rootSpan as Span;
	const { before, after, first, last, start, oldStop } = regionAround(prev, prefix, oldEnd);
	const stop = oldStop + delta;
	if (stop < start) return undefined;
	// The region as an object of its own: `{` + properties + `}`; its offsets are the document's minus (start - 1).
	const wrapped = `{${text.slice(start, stop)}}`;
	if (nestingBeyond(wrapped, MAX_DEPTH) >= 0) return undefined;
	const errors: SyntaxProblem[] = [];
	const dups: DuplicateKey[] = [];
	const found: TopLevelEntry[] = [];
	let scanned: Span | undefined;
	try {
		scanned = scanDocument(wrapped, errors, dups, found).rootSpan;
	} catch {
		return undefined;
	}
	if (errors.length > 0 || !scanned || scanned.offset !== 0 || scanned.length !== wrapped.length) return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(wrapped);
	} catch {
		return undefined;
	}
	const base = start - 1;
	const keptBefore = entries.slice(0, first);
	const keptAfter = entries.slice(last + 1).map((e) => shiftEntry(e, delta));
	const region = found.map((e) => shiftEntry(e, base));
	const all = [...keptBefore, ...region, ...keptAfter];
	// Top-level duplicates (and __proto__, which a plain assignment would not store as JSON.parse does) → full parse.
	const keys = new Set<string>();
	for (const e of all) {
		if (keys.has(e.key) || e.key === '__proto__') return undefined;
		keys.add(e.key);
	}
	const regionValues = parsed as Record<string, unknown>;
	// The region's two neighbours are rescanned only as its known ends: unchanged, they stay the previous records.
	const regionCarried = region.map((e, i) =>
		i === 0 && before >= 0 ? sameEntry(prev, text, before, e) : i === region.length - 1 && after < entries.length ? sameEntry(prev, text, after, e) : -1,
	);
	const value: Record<string, unknown> = {};
	// Assigned in document order, as JSON.parse does, so the key order (integer-like keys first) is the same.
	for (const e of keptBefore) value[e.key] = root[e.key];
	region.forEach((e, i) => (value[e.key] = regionCarried[i] >= 0 ? root[e.key] : regionValues[e.key]));
	for (const e of keptAfter) value[e.key] = root[e.key];
	const duplicateKeys = [
		...prev.duplicateKeys.filter((d) => d.offset < start),
		...dups.map((d) => ({ ...d, offset: d.offset + base })),
		...prev.duplicateKeys.filter((d) => d.offset >= oldStop).map((d) => ({ ...d, offset: d.offset + delta })),
	];
	const carried = [...keptBefore.map((_, i) => i), ...regionCarried, ...keptAfter.map((_, i) => last + 1 + i)];
	return { value, duplicateKeys, entries: all, rootSpan: { offset: rootSpan.offset, length: rootSpan.length + delta }, carried };
}

/** `index` when the previous entry there has the same key and value text as `e`, else -1. */
function sameEntry(prev: PreviousParse, text: string, index: number, e: TopLevelEntry): number {
	const old = prev.entries[index];
	if (old.key !== e.key || old.valueSpan.length !== e.valueSpan.length) return -1;
	return prev.text.substr(old.valueSpan.offset, old.valueSpan.length) === text.substr(e.valueSpan.offset, e.valueSpan.length) ? index : -1;
}

export function shiftEntry(e: TopLevelEntry, delta: number): TopLevelEntry {
	return { key: e.key, keySpan: shift(e.keySpan, delta), valueSpan: shift(e.valueSpan, delta) };
}
