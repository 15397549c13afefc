import { commonPrefix, commonSuffix } from './diff';
import { PreviousParse, regionAround, shiftEntry } from './incremental';
import { Resynced, scanDocument } from './scanner';
import { DuplicateKey, Span, SyntaxProblem, TopLevelEntry } from './spans';

/** What walking an edit found: the new entries, where each came from, and what the scanned stretches hold. */
export interface Walked {
	entries: TopLevelEntry[];
	/** Per entry: the previous entry it is (same key and text), or -1 when it is new or changed. */
	carried: number[];
	syntaxErrors: SyntaxProblem[];
	duplicateKeys: DuplicateKey[];
	rootSpan: Span | undefined;
	/** The scanned stretches (document offsets), from a known start to their last entry's end: parse these. */
	segments: Span[];
}

/** The first stretch of text a walk scans for a resync (grown ×8 while none is found). */
const SCAN_WINDOW_CHARS = 16 * 1024;

/**
 * The text between an edit's first and last change may hold thousands of records that did not change but moved (a
 * paste of a whole file that differs in two places). Walk it: scan from a known start (regionAround) until a top-level
 * key where an old record's text (through the next key) appears unchanged; from there old records are taken while
 * their text matches at the same shift (native compares), and scanning resumes from the last matching record when one
 * does not. At a top-level key the scanner's state is the same in a full scan (inside the root, reading a property),
 * so each scanned stretch gives the tokens, errors and duplicates a full scan gives there, and a matched record is
 * what it was. Past the edit, old records match at the edit's shift without a compare.
 */
export function walkEdit(prev: PreviousParse, text: string, diff?: { prefix: number; suffix: number }): Walked | undefined {
	const old = prev.text;
	const entries = prev.entries;
	const rootSpan = prev.rootSpan as Span;
	// The caller's diff of the same two texts, when it has one (a compare of megabytes is not free).
	const prefix = diff?.prefix ?? commonPrefix(old, text);
	const oldEnd = old.length - (diff?.suffix ?? commonSuffix(old, text, prefix));
	const delta = text.length - old.length;
	const { first, start } = regionAround(prev, prefix, oldEnd);
	const nextStart = (j: number) => (j + 1 < entries.length ? entries[j + 1].keySpan.offset : old.length);
	/** Old entry j (through the next key, or to the end of the text) sits unchanged at `at`. */
	const matches = (j: number, at: number): boolean => {
		const from = entries[j].keySpan.offset;
		if (from > oldEnd && at - from === delta) return true; // inside the common suffix
		const length = nextStart(j) - from;
		if (j + 1 === entries.length && at + length !== text.length) return false;
		return old.substr(from, length) === text.substr(at, length);
	};
	const out: Walked = { entries: entries.slice(0, first), carried: [], syntaxErrors: [], duplicateKeys: [], rootSpan: undefined, segments: [] };
	out.carried = out.entries.map((_, i) => i);
	out.duplicateKeys = prev.duplicateKeys.filter((d) => d.offset < start);
	const rootKeys = new Set(out.entries.map((e) => e.key));
	let pos = start;
	let consumed = first - 1; // the last old entry taken over or passed
	for (;;) {
		let resync: { j: number; at: number } | undefined;
		const base = pos - 1;
		let found: TopLevelEntry[];
		let dups: DuplicateKey[];
		let errors: SyntaxProblem[];
		let scannedRoot: Span | undefined;
		// The scan stops at the first record it meets unchanged, mostly within a record or two: scan a window of the
		// rest, not all of it (the scanner would copy megabytes to read a few hundred characters). A resync decided
		// inside the window is the one a scan of the whole rest makes there (matches() reads the real text, and
		// every token before it is the same); without one the window grows until it holds the rest.
		for (let window = SCAN_WINDOW_CHARS; ; window *= 8) {
			const whole = pos + window >= text.length;
			found = [];
			dups = [];
			errors = [];
			resync = undefined;
			// The root's keys as the scan adds to them, so that a retry can take its additions back.
			const added: string[] = [];
			const keys = { has: (k: string) => rootKeys.has(k), add: (k: string) => (rootKeys.add(k), added.push(k)) };
			try {
				scannedRoot = scanDocument(`{${whole ? text.slice(pos) : text.slice(pos, pos + window)}`, errors, dups, found, {
					rootKeys: keys,
					stopAt: (offset, key) => {
						const at = offset + base;
						const j = prev.indexOfKey(key); // an entry before `first` is ≤ consumed, so refused below
						if (at <= pos || j === undefined || j <= consumed || !matches(j, at)) return false;
						resync = { j, at };
						return true;
					},
				}).rootSpan;
			} catch (error) {
				if (!(error instanceof Resynced)) return undefined; // RangeError: the full parse reports it
			}
			if (resync || whole) break;
			for (const k of added) rootKeys.delete(k);
		}
		const scanned = found.map((e) => shiftEntry(e, base));
		out.entries.push(...scanned);
		out.carried.push(...scanned.map(() => -1));
		out.duplicateKeys.push(...dups.map((d) => ({ ...d, offset: d.offset + base })));
		out.syntaxErrors.push(...errors.map((e) => ({ ...e, offset: e.offset + base })));
		const last = scanned[scanned.length - 1];
		out.segments.push({ offset: pos, length: last ? last.valueSpan.offset + last.valueSpan.length - pos : 0 });
		const at = resync as { j: number; at: number } | undefined;
		if (!at) {
			out.rootSpan =
				scannedRoot &&
				(scannedRoot.offset === 0 ? { offset: rootSpan.offset, length: scannedRoot.length + base - rootSpan.offset } : shiftSpan(scannedRoot, base));
			return out;
		}
		// Take old entries over while they match at this shift.
		const shift = at.at - entries[at.j].keySpan.offset;
		let j = at.j;
		let added: boolean | undefined;
		for (;;) {
			const e = shiftEntry(entries[j], shift);
			added = !rootKeys.has(e.key);
			if (added) rootKeys.add(e.key);
			else out.duplicateKeys.push({ key: e.key, offset: e.keySpan.offset, length: e.keySpan.length, parentPath: [] });
			out.entries.push(e);
			out.carried.push(j);
			const from = entries[j].keySpan.offset;
			const to = nextStart(j);
			for (const d of prev.duplicateKeys) if (d.offset > from && d.offset < to) out.duplicateKeys.push({ ...d, offset: d.offset + shift });
			consumed = j;
			if (j + 1 === entries.length) {
				out.rootSpan = { offset: rootSpan.offset, length: rootSpan.length + delta };
				return out;
			}
			if (!matches(j + 1, entries[j + 1].keySpan.offset + shift)) break;
			j++;
		}
		// Resume at the last matching entry's key (a known state); it is scanned again, so it is taken back.
		out.entries.pop();
		out.carried.pop();
		if (added) rootKeys.delete(entries[j].key);
		const from = entries[j].keySpan.offset + shift;
		out.duplicateKeys = out.duplicateKeys.filter((d) => d.offset < from);
		pos = from;
	}
}

function shiftSpan(span: Span, delta: number): Span {
	return { offset: span.offset + delta, length: span.length };
}
