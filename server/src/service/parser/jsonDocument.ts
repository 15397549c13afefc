import { findNodeAtLocation, Node, parseTree, printParseErrorCode, visit, ParseError } from 'jsonc-parser';

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

/**
 * A pairing file parsed once per version: the value (for the rules), the syntax errors and duplicate keys
 * (which JSON.parse hides), and a cheap way back from a JSON path to a text range.
 *
 * Why not jsonc-parser's parseTree for the whole file: on a 10,000-device paired.json it costs ~500 ms, while one
 * token pass (visit) plus the native JSON.parse costs ~120 ms. Ranges are only needed where a diagnostic lands, so
 * the tree of one record is built lazily from that record's slice.
 */
export class ParsedDocument {
	readonly value: unknown;
	readonly syntaxErrors: SyntaxProblem[];
	readonly duplicateKeys: DuplicateKey[];
	/** Top-level properties in document order (the last one wins in `value` when keys repeat). */
	readonly entries: TopLevelEntry[];
	readonly rootSpan: Span | undefined;
	/** Nested beyond what the (recursive) parser can walk: only the error is reported; no location lookups. */
	readonly tooDeep: boolean = false;
	/** True when this parse reused the previous version's records (an edit inside one record). */
	readonly incremental: boolean = false;
	private readonly entryByKey = new Map<string, TopLevelEntry>();
	private readonly trees = new Map<TopLevelEntry, Node | undefined>();
	private wholeTree: Node | undefined | null = null;

	/**
	 * `previous`: the parse of the version before an edit. When the edit falls inside one top-level record, only that
	 * record is scanned and parsed again; every other record keeps its value object (so per-record results can be
	 * cached by identity) and its spans, shifted.
	 */
	constructor(
		readonly text: string,
		previous?: ParsedDocument,
	) {
		const reused = previous ? reparseOneRecord(previous, text) : undefined;
		if (reused) {
			this.value = reused.value;
			this.syntaxErrors = [];
			this.duplicateKeys = reused.duplicateKeys;
			this.entries = reused.entries;
			this.rootSpan = reused.rootSpan;
			this.incremental = true;
			for (const entry of this.entries) this.entryByKey.set(entry.key, entry);
			return;
		}
		this.syntaxErrors = [];
		this.duplicateKeys = [];
		this.entries = [];
		let rootSpan: Span | undefined;
		const deepAt = nestingBeyond(text, MAX_DEPTH);
		try {
			if (deepAt >= 0) throw new RangeError('too deep');
			rootSpan = scanDocument(text, this.syntaxErrors, this.duplicateKeys, this.entries).rootSpan;
		} catch (error) {
			// jsonc-parser recurses per nesting level; a pathological document must not take the server down.
			if (!(error instanceof RangeError)) throw error;
			this.tooDeep = true;
			this.entries.length = 0;
			this.duplicateKeys.length = 0;
			this.syntaxErrors.length = 0;
			this.syntaxErrors.push({ offset: Math.max(0, deepAt), length: 1, message: `The document is nested more than ${MAX_DEPTH} levels deep; no pairing file is. It is not checked further.` });
		}
		this.rootSpan = rootSpan;
		for (const entry of this.entries) this.entryByKey.set(entry.key, entry);
		this.value = this.syntaxErrors.length === 0 ? safeJsonParse(text) : undefined;
	}

	entry(key: string): TopLevelEntry | undefined {
		return this.entryByKey.get(key);
	}

	/** The top-level entry whose text holds `offset` (binary search: entries are in document order). */
	entryAt(offset: number): TopLevelEntry | undefined {
		const index = findEntry(this.entries, offset, 'key');
		return index < 0 ? undefined : this.entries[index];
	}

	/** Range of the value (or of the property key) at `path`; falls back to the nearest existing ancestor. */
	locate(path: JsonPath, target: 'key' | 'value' = 'value'): Span {
		if (this.tooDeep) return { offset: 0, length: Math.min(this.text.length, 1) };
		if (path.length === 0) return this.rootSpan ?? { offset: 0, length: Math.min(this.text.length, 1) };
		const entry = typeof path[0] === 'string' ? this.entryByKey.get(path[0]) : undefined;
		if (!entry) return this.locateInWholeTree(path, target);
		if (path.length === 1) return target === 'key' ? entry.keySpan : entry.valueSpan;
		return spanInTree(this.recordTree(entry), path.slice(1), target) ?? (target === 'key' ? entry.keySpan : entry.valueSpan);
	}

	/** The parse tree of one top-level record, with offsets in document coordinates. */
	recordTree(entry: TopLevelEntry): Node | undefined {
		if (!this.trees.has(entry)) {
			const slice = this.text.substr(entry.valueSpan.offset, entry.valueSpan.length);
			const tree = parseTree(slice, [], { allowTrailingComma: true });
			if (tree) shiftOffsets(tree, entry.valueSpan.offset);
			this.trees.set(entry, tree);
		}
		return this.trees.get(entry);
	}

	private locateInWholeTree(path: JsonPath, target: 'key' | 'value'): Span {
		if (this.wholeTree === null) this.wholeTree = parseTree(this.text, [], { allowTrailingComma: true });
		return spanInTree(this.wholeTree, path, target) ?? { offset: 0, length: Math.min(this.text.length, 1) };
	}
}

/** The node at `path` in `tree` (its key for target 'key'), else the nearest existing ancestor within the tree. */
function spanInTree(tree: Node | undefined, path: JsonPath, target: 'key' | 'value'): Span | undefined {
	if (!tree) return undefined;
	for (let depth = path.length; depth >= 0; depth--) {
		const node = findNodeAtLocation(tree, path.slice(0, depth));
		if (!node) continue;
		if (depth === path.length && target === 'key' && node.parent?.type === 'property' && node.parent.children) {
			const keyNode = node.parent.children[0];
			return { offset: keyNode.offset, length: keyNode.length };
		}
		return { offset: node.offset, length: node.length };
	}
	return undefined;
}

interface Reparsed {
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
function reparseOneRecord(prev: ParsedDocument, text: string): Reparsed | undefined {
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
	const entries = prev.entries.map((e, i) => (i < index ? e : i === index ? { key: e.key, keySpan: e.keySpan, valueSpan: { offset: start, length: slice.length } } : { key: e.key, keySpan: shift(e.keySpan, delta), valueSpan: shift(e.valueSpan, delta) }));
	const duplicateKeys = [
		...prev.duplicateKeys.filter((d) => d.offset < start),
		...dups.map((d) => ({ ...d, offset: d.offset + start, parentPath: [target.key, ...d.parentPath] })),
		...prev.duplicateKeys.filter((d) => d.offset >= end).map((d) => ({ ...d, offset: d.offset + delta })),
	];
	// Spread keeps key order; every other record keeps its object identity.
	const value = { ...(root as Record<string, unknown>), [target.key]: recordValue };
	return { value, duplicateKeys, entries, rootSpan: { offset: prev.rootSpan.offset, length: prev.rootSpan.length + delta } };
}

function shift(span: Span, delta: number): Span {
	return { offset: span.offset + delta, length: span.length };
}

/**
 * Index of the entry holding `offset` (entries are in document order): from its key through its value's last
 * character inclusive (`'key'`, for the cursor), or within its value only (`'value'`, for edits).
 */
function findEntry(entries: TopLevelEntry[], offset: number, from: 'key' | 'value'): number {
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

/** Pairing files nest 5 levels; far beyond that is not a pairing file, and the recursive parser would only burn stack. */
const MAX_DEPTH = 256;

/** Offset where nesting first exceeds `max` (brackets outside strings), or -1: a linear pre-check before parsing. */
function nestingBeyond(text: string, max: number): number {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92 /* \\ */) i++;
			else if (c === 34 /* " */) inString = false;
		} else if (c === 34) inString = true;
		else if (c === 123 || c === 91) {
			if (++depth > max) return i;
		} else if (c === 125 || c === 93) depth--;
	}
	return -1;
}

function safeJsonParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		// The scanner and JSON.parse agree on valid JSON; on anything else the rules get nothing to reason about.
		return undefined;
	}
}

function shiftOffsets(node: Node, delta: number): void {
	(node as { offset: number }).offset += delta; // our own copy of the record's tree
	if (node.children) for (const child of node.children) shiftOffsets(child, delta);
}

interface ObjectFrame {
	keys: Set<string>;
	path: JsonPath;
	/** Index the next array element will get (arrays only). */
	nextIndex: number;
	isArray: boolean;
	pendingKey: string | undefined;
}

/** One pass of jsonc-parser's scanner: syntax errors, duplicate keys at any depth, and top-level entry spans. */
function scanDocument(
	text: string,
	syntaxErrors: SyntaxProblem[],
	duplicates: DuplicateKey[],
	entries: TopLevelEntry[],
): { rootSpan: Span | undefined } {
	const stack: ObjectFrame[] = [];
	let rootSpan: Span | undefined;
	let rootStart = -1;
	let current: { key: string; keySpan: Span; valueStart: number } | undefined;
	// After an error the scanner reports follow-on errors until it parses something again: one mistake, one message.
	let accepted = true;

	const childPath = (): JsonPath => {
		const top = stack[stack.length - 1];
		if (!top) return [];
		return top.isArray ? [...top.path, top.nextIndex] : [...top.path, top.pendingKey ?? ''];
	};
	const valueStarted = (offset: number): void => {
		if (stack.length === 1 && current && current.valueStart < 0) current.valueStart = offset;
	};
	const valueEnded = (end: number): void => {
		const top = stack[stack.length - 1];
		if (top?.isArray) top.nextIndex++;
		if (stack.length === 1 && current && current.valueStart >= 0) {
			entries.push({ key: current.key, keySpan: current.keySpan, valueSpan: { offset: current.valueStart, length: end - current.valueStart } });
			current = undefined;
		}
	};
	const open = (offset: number, isArray: boolean): void => {
		accepted = true;
		valueStarted(offset);
		if (stack.length === 0) rootStart = offset;
		// Paths are only needed for duplicate-key messages, so nested paths are built lazily from the parent's.
		stack.push({ keys: new Set(), path: stack.length === 0 ? [] : childPath(), nextIndex: 0, isArray, pendingKey: undefined });
	};
	const close = (offset: number, length: number): void => {
		accepted = true;
		stack.pop();
		if (stack.length === 0 && rootStart >= 0) rootSpan = { offset: rootStart, length: offset + length - rootStart };
		valueEnded(offset + length);
	};

	visit(
		text,
		{
			onObjectBegin: (offset) => open(offset, false),
			onObjectEnd: close,
			onArrayBegin: (offset) => open(offset, true),
			onArrayEnd: close,
			onObjectProperty: (property, offset, length) => {
				accepted = true;
				const top = stack[stack.length - 1];
				if (!top) return;
				if (top.keys.has(property)) duplicates.push({ key: property, offset, length, parentPath: top.path });
				else top.keys.add(property);
				top.pendingKey = property;
				if (stack.length === 1) current = { key: property, keySpan: { offset, length }, valueStart: -1 };
			},
			onSeparator: () => {
				accepted = true;
			},
			onLiteralValue: (_value, offset, length) => {
				accepted = true;
				if (stack.length === 0) {
					rootSpan = { offset, length };
					return;
				}
				valueStarted(offset);
				valueEnded(offset + length);
			},
			onError: (error, offset, length) => {
				// One mistake often yields several scanner errors; the first names it best. Comments each count.
				if (syntaxErrors.length > 0 && syntaxErrors[syntaxErrors.length - 1].offset === offset) return;
				const isComment = printParseErrorCode(error) === 'InvalidCommentToken';
				if (!accepted && !isComment) return;
				syntaxErrors.push({ offset, length, message: syntaxMessage(error) });
				if (!isComment) accepted = false;
			},
		},
		{ disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
	);
	return { rootSpan };
}

function syntaxMessage(error: ParseError['error']): string {
	const code = printParseErrorCode(error);
	const friendly: Record<string, string> = {
		InvalidSymbol: 'Invalid character: this is not JSON.',
		InvalidNumberFormat: 'Invalid number.',
		PropertyNameExpected: 'A property name in double quotes is expected here.',
		ValueExpected: 'A value is expected here.',
		ColonExpected: 'A colon (:) is expected after the property name.',
		CommaExpected: 'A comma is expected between entries.',
		CloseBraceExpected: 'A closing brace (}) is expected.',
		CloseBracketExpected: 'A closing bracket (]) is expected.',
		EndOfFileExpected: 'Unexpected content after the end of the JSON value.',
		InvalidCommentToken: 'Comments are not allowed: OpenClaw reads this file with JSON.parse.',
		UnexpectedEndOfComment: 'Unterminated comment.',
		UnexpectedEndOfString: 'Unterminated string.',
		UnexpectedEndOfNumber: 'Unterminated number.',
		InvalidUnicode: 'Invalid unicode escape.',
		InvalidEscapeCharacter: 'Invalid escape character in string.',
		InvalidCharacter: 'Invalid character in string (control characters must be escaped).',
	};
	return `${friendly[code] ?? code} OpenClaw cannot load the file until this is fixed (every pairing operation fails).`;
}
