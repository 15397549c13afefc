import type { DuplicateKey, JsonPath, Span, TopLevelEntry } from './spans';

/** One open object or array: how the scan got into it, and what it holds so far. */
interface Frame {
	isArray: boolean;
	/** The key (object parent) or index (array parent) this value sits under; unused for the root. */
	segment: string | number;
	/** Elements begun so far (arrays): the index the next child gets is `elements - 1` once it starts. */
	elements: number;
	keys: Set<string> | undefined;
	pendingKey: string;
}

export interface ValidScan {
	rootSpan: Span | undefined;
	/** Offset of the first bracket that nests deeper than `maxDepth` (as nestingBeyond finds it), or -1; at one, the scan stops. */
	deepAt: number;
}

/**
 * What scanDocument finds (top-level entries, duplicate keys at any depth, the root's span) and where nesting passes
 * `maxDepth`, for text JSON.parse has accepted: one charCode pass, no tokens, no error recovery. jsonc-parser's
 * visitor finds the same in about eight times as long (it tokenizes for errors and positions valid text does not have),
 * which is most of a from-scratch check; on text JSON.parse refuses, scanDocument decides (it reports the errors).
 * Duplicates and entries are exactly scanDocument's: the same keys (decoded), spans (the key token with its quotes;
 * a value from its first to its last character) and parent paths (test/unit/validScan.test.ts compares them).
 */
export function scanValid(text: string, duplicates: DuplicateKey[], entries: TopLevelEntry[], maxDepth: number): ValidScan {
	const stack: Frame[] = [];
	let rootSpan: Span | undefined;
	let rootStart = -1;
	/** The top-level key being read, and where its value starts. */
	let entryKey = '';
	let entryKeySpan: Span | undefined;
	let entryValueStart = -1;
	const n = text.length;
	/** The first backslash at or after the scan (n when none is left). */
	let nextEscape = -1;
	const valueStarts = (offset: number): void => {
		const top = stack[stack.length - 1];
		if (top === undefined) return;
		if (top.isArray) top.elements++;
		else if (stack.length === 1) entryValueStart = offset;
	};
	const valueEnds = (end: number): void => {
		if (stack.length === 1 && !stack[0].isArray && entryKeySpan !== undefined) {
			entries.push({ key: entryKey, keySpan: entryKeySpan, valueSpan: { offset: entryValueStart, length: end - entryValueStart } });
			entryKeySpan = undefined;
		}
	};
	const pathOf = (): JsonPath => stack.slice(1).map((f) => f.segment);
	let i = 0;
	while (i < n) {
		const c = text.charCodeAt(i);
		if (c === 32 || c === 10 || c === 13 || c === 9 || c === 44 /* , */ || c === 58 /* : */) {
			i++;
			continue;
		}
		if (c === 34 /* " */) {
			const start = i;
			// Native searches for the closing quote; escapes only where a backslash comes first (nextEscape is kept
			// ahead of the scan, so the whole text is searched for backslashes once).
			if (nextEscape < i) {
				const at = text.indexOf('\\', i);
				nextEscape = at < 0 ? n : at;
			}
			let end = text.indexOf('"', i + 1);
			const escaped = nextEscape < end;
			if (escaped) {
				end = i + 1;
				for (;;) {
					const d = text.charCodeAt(end);
					if (d === 34) break;
					end += d === 92 ? 2 : 1;
				}
			}
			i = end;
			i++; // past the closing quote
			const top = stack[stack.length - 1];
			if (top !== undefined && !top.isArray && isKeyPosition(text, i, n)) {
				const key = escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
				const keys = (top.keys ??= new Set());
				if (keys.has(key)) duplicates.push({ key, offset: start, length: i - start, parentPath: pathOf() });
				else keys.add(key);
				top.pendingKey = key;
				if (stack.length === 1) {
					entryKey = key;
					entryKeySpan = { offset: start, length: i - start };
				}
			} else if (top === undefined) rootSpan = { offset: start, length: i - start };
			else {
				valueStarts(start);
				valueEnds(i);
			}
			continue;
		}
		if (c === 123 /* { */ || c === 91 /* [ */) {
			// Too deep for the recursive rules and lookups: the caller reports only that, so stop here.
			if (stack.length >= maxDepth) return { rootSpan: undefined, deepAt: i };
			valueStarts(i);
			const parent = stack[stack.length - 1];
			if (parent === undefined) rootStart = i;
			stack.push({
				isArray: c === 91,
				segment: parent === undefined ? '' : parent.isArray ? parent.elements - 1 : parent.pendingKey,
				elements: 0,
				keys: undefined,
				pendingKey: '',
			});
			i++;
			continue;
		}
		if (c === 125 /* } */ || c === 93 /* ] */) {
			stack.pop();
			i++;
			if (stack.length === 0) rootSpan = { offset: rootStart, length: i - rootStart };
			else valueEnds(i);
			continue;
		}
		if (c === 45 /* - */ || (c >= 48 && c <= 57) || c === 116 /* t */ || c === 102 /* f */ || c === 110 /* n */) {
			// A number or true/false/null: it runs to the next delimiter.
			const start = i;
			while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
			if (stack.length === 0) rootSpan = { offset: start, length: i - start };
			else {
				valueStarts(start);
				valueEnds(i);
			}
			continue;
		}
		i++; // nothing else occurs in valid JSON
	}
	return { rootSpan, deepAt: -1 };
}

/** Whether the string that ended just before `from` is a key: the next non-whitespace character (before `n`) is a colon. */
export function isKeyPosition(text: string, from: number, n = text.length): boolean {
	for (let i = from; i < n; i++) {
		const c = text.charCodeAt(i);
		if (c === 58 /* : */) return true;
		if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
	}
	return false;
}

/** JSON's structural characters and whitespace: what ends a number or a literal. */
function isDelimiter(c: number): boolean {
	return c === 44 || c === 125 || c === 93 || c === 58 || c === 32 || c === 10 || c === 13 || c === 9;
}
