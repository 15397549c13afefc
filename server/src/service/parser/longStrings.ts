import { isKeyPosition } from './validScan';

/** A JSON text with its long string values emptied, and the way from its offsets back to the original's. */
export interface SlimText {
	text: string;
	/** The original offset of `offset` in `text` (an offset between tokens, or at a string's closing quote). */
	toOriginal(offset: number): number;
}

/**
 * `text` (valid JSON) with every string value longer than `limit` characters emptied (`""`); keys are kept, since they
 * name what they hold. jsonc-parser's modify scans every character of the text it edits: on a record holding a megabyte
 * string that is most of a quick fix's cost, while an edit never lands inside such a string (it replaces an array or
 * a value whole, taking the new text from the parsed value). Found with native searches, no character walk.
 */
export function withoutLongStrings(text: string, limit: number): SlimText {
	const pieces: string[] = [];
	/** Per emptied string: where its closing quote sits in the slim text, and how many characters went. */
	const cuts: { slimAt: number; removed: number }[] = [];
	let removedSoFar = 0;
	let copiedTo = 0;
	for (let open = text.indexOf('"'); open >= 0;) {
		let close = text.indexOf('"', open + 1);
		while (close > 0 && escapedQuote(text, close)) close = text.indexOf('"', close + 1);
		if (close < 0) break;
		if (close - open - 1 > limit && !isKeyPosition(text, close + 1)) {
			pieces.push(text.slice(copiedTo, open + 1));
			copiedTo = close;
			removedSoFar += close - open - 1;
			cuts.push({ slimAt: close - removedSoFar, removed: close - open - 1 });
		}
		open = text.indexOf('"', close + 1);
	}
	if (cuts.length === 0) return { text, toOriginal: (offset) => offset };
	pieces.push(text.slice(copiedTo));
	return {
		text: pieces.join(''),
		toOriginal: (offset) => {
			let shift = 0;
			for (const cut of cuts) {
				if (offset < cut.slimAt) break;
				shift += cut.removed;
			}
			return offset + shift;
		},
	};
}

/** A quote preceded by an odd number of backslashes is part of the string. */
function escapedQuote(text: string, at: number): boolean {
	let backslashes = 0;
	for (let i = at - 1; text.charCodeAt(i) === 92; i--) backslashes++;
	return backslashes % 2 === 1;
}
