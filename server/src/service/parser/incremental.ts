import { MAX_DEPTH, nestingBeyond } from './depthGuard';
import { scanDocument } from './scanner';
import { DuplicateKey, findEntry, shift, Span, SyntaxProblem, TopLevelEntry } from './spans';

/** What the incremental path needs of the previous version's parse (a ParsedDocument). */
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
	value: unknown;
	duplicateKeys: DuplicateKey[];
	entries: TopLevelEntry[];
	rootSpan: Span;
}

/**
 * The incremental path: find the one edited region (common prefix and suffix, compared natively), and when it lies
 * strictly inside one record's value, rescan and JSON.parse only that record. Anything else (an edit across records,
 * in a key, a syntax error, top-level duplicate keys) returns undefined and the caller parses everything.
 */
export function reparseOneRecord(prev: PreviousParse, text: string): Reparsed | undefined {
	if (prev.syntaxErrors.length > 0 || prev.tooDeep || !prev.rootSpan || prev.entries.length === 0) return undefined;
	const root = prev.value;
	if (typeof root !== 'object' || root === null || Array.isArray(root)) return undefined;
	if (prev.duplicateKeys.some((d) => d.parentPath.length === 0)) return undefined;
	const old = prev.text;
	const prefix = commonPrefix(old, text);
	const suffix = commonSuffix(old, text, prefix);
	const oldEnd = old.length - suffix;
	const delta = text.length - old.length;
	const index = findEntry(prev.entries, prefix, 'value');
	if (index < 0) return undefined;
	const target = prev.entries[index];
	const start = target.valueSpan.offset;
	const end = start + target.valueSpan.length;
	// Strictly inside: the record's own first and last characters ({ and }) are untouched.
	if (!(prefix > start && oldEnd < end)) return undefined;
	const slice = text.substr(start, target.valueSpan.length + delta);
	const errors: SyntaxProblem[] = [];
	const dups: DuplicateKey[] = [];
	let scanned: Span | undefined;
	try {
		if (nestingBeyond(slice, MAX_DEPTH - 1) >= 0) return undefined;
		scanned = scanDocument(slice, errors, dups, []).rootSpan;
	} catch {
		return undefined;
	}
	if (errors.length > 0 || !scanned || scanned.offset !== 0 || scanned.length !== slice.length) return undefined;
	let recordValue: unknown;
	try {
		recordValue = JSON.parse(slice);
	} catch {
		return undefined;
	}
	const entries = prev.entries.map((e, i) =>
		i < index
			? e
			: i === index
				? { key: e.key, keySpan: e.keySpan, valueSpan: { offset: start, length: slice.length } }
				: { key: e.key, keySpan: shift(e.keySpan, delta), valueSpan: shift(e.valueSpan, delta) },
	);
	const duplicateKeys = [
		...prev.duplicateKeys.filter((d) => d.offset < start),
		...dups.map((d) => ({ ...d, offset: d.offset + start, parentPath: [target.key, ...d.parentPath] })),
		...prev.duplicateKeys.filter((d) => d.offset >= end).map((d) => ({ ...d, offset: d.offset + delta })),
	];
	// Spread keeps key order; every other record keeps its object identity.
	const value = { ...(root as Record<string, unknown>), [target.key]: recordValue };
	return { value, duplicateKeys, entries, rootSpan: { offset: prev.rootSpan.offset, length: prev.rootSpan.length + delta } };
}

/** Length of the common prefix, by binary search over native substring comparisons (megabytes in a few ms). */
function commonPrefix(a: string, b: string): number {
	let lo = 0;
	let hi = Math.min(a.length, b.length);
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** Length of the common suffix that does not overlap the common prefix. */
function commonSuffix(a: string, b: string, prefix: number): number {
	let lo = 0;
	let hi = Math.min(a.length, b.length) - prefix;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}
