import { findNodeAtLocation, Node, parseTree } from 'jsonc-parser';
import { MAX_DEPTH, nestingBeyond } from './depthGuard';
import { contentHash } from './contentHash';
import { reparse } from './incremental';
import { tooDeepMessage } from './messages';
import { scanDocument } from './scanner';
import { scanValid } from './validScan';
import { DuplicateKey, findEntry, JsonPath, Span, SyntaxProblem, TopLevelEntry } from './spans';

export type { DuplicateKey, JsonPath, Span, SyntaxProblem, TopLevelEntry } from './spans';

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
	/** True when this parse reused an earlier version's records (rescanning only those around the edit). */
	readonly incremental: boolean = false;
	/**
	 * The parse the next version is diffed against: this one when it is valid, else the last valid one before it, so
	 * fixing a syntax error reuses every record the error did not touch.
	 */
	readonly reuseBase: ParsedDocument | undefined;
	private readonly entryByKey = new Map<string, number>();
	/** Content key of each entry (see contentKey), computed on demand and carried over for reused entries. */
	private readonly hashes: (string | undefined)[];
	private readonly trees = new Map<TopLevelEntry, Node | undefined>();
	private wholeTree: Node | undefined | null = null;

	/**
	 * `previous`: the parse of the version before an edit (valid or not). Only the records around the edit are
	 * scanned and parsed again; every other record keeps its value object, its spans (shifted) and its content hash.
	 */
	constructor(
		readonly text: string,
		previous?: ParsedDocument,
	) {
		const base = previous?.reuseBase;
		const reused = base ? reparse(base, text) : undefined;
		if (base && reused && 'value' in reused) {
			this.value = reused.value;
			this.syntaxErrors = [];
			this.duplicateKeys = reused.duplicateKeys;
			this.entries = reused.entries;
			this.rootSpan = reused.rootSpan;
			this.incremental = true;
			this.hashes = reused.carried.map((i) => (i >= 0 ? base.hashes[i] : undefined));
			this.entries.forEach((entry, i) => this.entryByKey.set(entry.key, i));
			this.reuseBase = this;
			return;
		}
		const broken = reused && !('value' in reused) ? reused : undefined;
		if (broken) {
			// Syntax errors: the rules get no value (the gateway loads nothing); the next edit is diffed against `base`.
			this.syntaxErrors = broken.syntaxErrors;
			this.duplicateKeys = broken.duplicateKeys;
			this.entries = broken.entries;
			this.rootSpan = broken.rootSpan;
			this.value = undefined;
			this.incremental = true;
			this.hashes = new Array<string | undefined>(this.entries.length);
			this.entries.forEach((entry, i) => this.entryByKey.set(entry.key, i));
			this.reuseBase = base;
			return;
		}
		this.syntaxErrors = [];
		this.duplicateKeys = [];
		this.entries = [];
		let rootSpan: Span | undefined;
		// Valid JSON (what a saved file mostly is) needs only its structure found; anything else goes to the scanner.
		const parsed = parseJson(text);
		let deepAt = -1;
		try {
			if (parsed) ({ rootSpan, deepAt } = scanValid(text, this.duplicateKeys, this.entries, MAX_DEPTH));
			else deepAt = nestingBeyond(text, MAX_DEPTH);
			if (deepAt >= 0) throw new RangeError('too deep');
			if (!parsed) rootSpan = scanDocument(text, this.syntaxErrors, this.duplicateKeys, this.entries).rootSpan;
		} catch (error) {
			// jsonc-parser recurses per nesting level; a pathological document must not take the server down.
			if (!(error instanceof RangeError)) throw error;
			this.tooDeep = true;
			rootSpan = undefined;
			this.entries.length = 0;
			this.duplicateKeys.length = 0;
			this.syntaxErrors.length = 0;
			this.syntaxErrors.push({ offset: Math.max(0, deepAt), length: 1, message: tooDeepMessage() });
		}
		this.rootSpan = rootSpan;
		this.entries.forEach((entry, i) => this.entryByKey.set(entry.key, i));
		// The scanner and JSON.parse agree on valid JSON; on anything else the rules get nothing to reason about.
		this.value = parsed && this.syntaxErrors.length === 0 ? parsed.value : undefined;
		this.hashes = new Array<string | undefined>(this.entries.length);
		this.reuseBase = this.syntaxErrors.length === 0 && !this.tooDeep ? this : previous?.reuseBase;
	}

	/** Index of the entry `key` names (the last one when the key repeats), or undefined. */
	indexOfKey(key: string): number | undefined {
		return this.entryByKey.get(key);
	}

	/** The entry `key` names (the last one when the key repeats, as in `value`). */
	entry(key: string): TopLevelEntry | undefined {
		const index = this.entryByKey.get(key);
		return index === undefined ? undefined : this.entries[index];
	}

	/**
	 * What the record under `key` says, as a cache key: its value length, the hash of its value text, and its key.
	 * The string is kept (and carried over to the next version for reused records), so a lookup does not hash it anew.
	 */
	contentKey(key: string): string | undefined {
		const index = this.entryByKey.get(key);
		if (index === undefined) return undefined;
		const { offset, length } = this.entries[index].valueSpan;
		this.hashes[index] ??= `${length}:${contentHash(this.text, offset, length)}:${key}`;
		return this.hashes[index];
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
		const entry = typeof path[0] === 'string' ? this.entry(path[0]) : undefined;
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

/** JSON.parse's value, or undefined when it refuses the text (the scanner then says why). */
function parseJson(text: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch {
		return undefined;
	}
}

function shiftOffsets(node: Node, delta: number): void {
	(node as { offset: number }).offset += delta; // our own copy of the record's tree
	if (node.children) for (const child of node.children) shiftOffsets(child, delta);
}
