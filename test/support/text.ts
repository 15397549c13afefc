import type { Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The range of the `occurrence`-th appearance of `needle` in `text`: exact-range assertions without magic numbers. */
export function rangeOf(text: string, needle: string, occurrence = 1): Range {
	let at = -1;
	for (let i = 0; i < occurrence; i++) {
		at = text.indexOf(needle, at + 1);
		if (at < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
	}
	const doc = TextDocument.create('file:///x', 'json', 1, text);
	return { start: doc.positionAt(at), end: doc.positionAt(at + needle.length) };
}

export function applyTextEdits(text: string, edits: { range: Range; newText: string }[]): string {
	return TextDocument.applyEdits(TextDocument.create('file:///x', 'json', 1, text), edits);
}
