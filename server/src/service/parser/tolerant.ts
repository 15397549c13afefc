import { MAX_DEPTH, nestingBeyond } from './depthGuard';
import { commonPrefix, commonSuffix } from './diff';
import { PreviousParse, regionAround, shiftEntry } from './incremental';
import { Resynced, scanDocument } from './scanner';
import { DuplicateKey, Span, SyntaxProblem, TopLevelEntry } from './spans';

export interface BrokenParse {
	syntaxErrors: SyntaxProblem[];
	duplicateKeys: DuplicateKey[];
	entries: TopLevelEntry[];
	rootSpan: Span | undefined;
}

/**
 * Error-tolerant reuse while the syntax is broken: the edit is diffed against the last valid parse, and the scan
 * starts at the region's known start (see regionAround) in the state a full scan has there (inside the root, its
 * earlier keys seen, no error yet). It stops at the first top-level key past the edit that is an old entry's key at
 * the shifted place: from there the text and the scanner's state are those of the valid old scan, so no further error
 * can come, and the old entries, shifted, are the rest. Without such a point (an unclosed brace swallows the rest)
 * the scan runs to the end, which is still only the text after the region.
 * Returns undefined when the text scans clean (the caller's full parse then decides) or could be too deep.
 */
export function reparseBroken(prev: PreviousParse, text: string): BrokenParse | undefined {
	if (prev.syntaxErrors.length > 0 || prev.tooDeep || !prev.rootSpan) return undefined;
	if (prev.duplicateKeys.some((d) => d.parentPath.length === 0)) return undefined;
	const old = prev.text;
	const prefix = commonPrefix(old, text);
	const suffix = commonSuffix(old, text, prefix);
	const oldEnd = old.length - suffix;
	const newEnd = text.length - suffix;
	const delta = text.length - old.length;
	const rootSpan = prev.rootSpan;
	if (!(prefix > rootSpan.offset && oldEnd < rootSpan.offset + rootSpan.length)) return undefined;
	// The depth guard runs on the whole text, as the full parse's does (an unclosed bracket deepens all that follows).
	if (nestingBeyond(text, MAX_DEPTH) >= 0) return undefined;
	const { first, start } = regionAround(prev, prefix, oldEnd);
	const entries = prev.entries;
	const base = start - 1; // virtual offset + base = document offset
	const rootKeys = new Set(entries.slice(0, first).map((e) => e.key));
	const syntaxErrors: SyntaxProblem[] = [];
	const dups: DuplicateKey[] = [];
	const found: TopLevelEntry[] = [];
	let resyncAt = -1;
	let scannedRoot: Span | undefined;
	try {
		scannedRoot = scanDocument(`{${text.slice(start)}`, syntaxErrors, dups, found, {
			rootKeys,
			stopAt: (offset) => {
				const at = offset + base;
				if (at < newEnd) return false;
				const index = keyAt(entries, at - delta);
				if (index >= 0) resyncAt = index;
				return index >= 0;
			},
		}).rootSpan;
	} catch (error) {
		if (!(error instanceof Resynced)) return undefined; // RangeError: let the full parse report it
	}
	if (syntaxErrors.length === 0) return undefined;
	const head = entries.slice(0, first);
	const scanned = found.map((e) => shiftEntry(e, base));
	const duplicateKeys = [...prev.duplicateKeys.filter((d) => d.offset < start), ...dups.map((d) => ({ ...d, offset: d.offset + base }))];
	const errors = syntaxErrors.map((e) => ({ ...e, offset: e.offset + base }));
	if (resyncAt < 0) {
		const root =
			scannedRoot &&
			(scannedRoot.offset === 0
				? { offset: rootSpan.offset, length: scannedRoot.length + base - rootSpan.offset }
				: { offset: scannedRoot.offset + base, length: scannedRoot.length });
		return { syntaxErrors: errors, duplicateKeys, entries: [...head, ...scanned], rootSpan: root };
	}
	const tail = entries.slice(resyncAt).map((e) => shiftEntry(e, delta));
	// The old tail had no duplicate among itself; it may repeat a key the edited part now has.
	for (const e of tail) {
		if (rootKeys.has(e.key)) duplicateKeys.push({ key: e.key, offset: e.keySpan.offset, length: e.keySpan.length, parentPath: [] });
		else rootKeys.add(e.key);
	}
	const tailFrom = entries[resyncAt].keySpan.offset;
	for (const d of prev.duplicateKeys) if (d.offset >= tailFrom) duplicateKeys.push({ ...d, offset: d.offset + delta });
	return {
		syntaxErrors: errors,
		duplicateKeys: duplicateKeys.sort((a, b) => a.offset - b.offset),
		entries: [...head, ...scanned, ...tail],
		rootSpan: { offset: rootSpan.offset, length: rootSpan.length + delta },
	};
}

/** Index of the entry whose key starts exactly at `offset` (entries are in document order), or -1. */
function keyAt(entries: readonly TopLevelEntry[], offset: number): number {
	let lo = 0;
	let hi = entries.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const at = entries[mid].keySpan.offset;
		if (at === offset) return mid;
		if (at < offset) lo = mid + 1;
		else hi = mid - 1;
	}
	return -1;
}
