import { printParseErrorCode, visit } from 'jsonc-parser';
import { syntaxMessage } from './messages';
import type { DuplicateKey, JsonPath, Span, SyntaxProblem, TopLevelEntry } from './spans';

/** What the scan needs of a set of keys (a Set, or a view that records what a scan added). */
export interface KeySet {
	has(key: string): boolean;
	add(key: string): unknown;
}

interface ObjectFrame {
	keys: KeySet;
	path: JsonPath;
	/** Index the next array element will get (arrays only). */
	nextIndex: number;
	isArray: boolean;
	pendingKey: string | undefined;
}

/** For scanning from the middle of a document (tolerant.ts): what the root already holds, and where to stop. */
export interface ScanResume {
	/** The root's keys before the scanned text; filled with the keys the scan meets. */
	rootKeys: KeySet;
	/** Asked at each top-level key: true stops the scan there (it throws a Resynced). */
	stopAt: (offset: number, key: string) => boolean;
}

/** Thrown out of the scan when ScanResume.stopAt said stop: the scan reached text it has seen before. */
export class Resynced {
	constructor(readonly offset: number) {}
}

/** One pass of jsonc-parser's scanner: syntax errors, duplicate keys at any depth, and top-level entry spans. */
export function scanDocument(
	text: string,
	syntaxErrors: SyntaxProblem[],
	duplicates: DuplicateKey[],
	entries: TopLevelEntry[],
	resume?: ScanResume,
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
		stack.push({
			keys: stack.length === 0 && resume ? resume.rootKeys : new Set(),
			path: stack.length === 0 ? [] : childPath(),
			nextIndex: 0,
			isArray,
			pendingKey: undefined,
		});
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
				if (resume && stack.length === 1 && resume.stopAt(offset, property)) throw new Resynced(offset);
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
