// Where the screen is in a pairing-state document (pairingStateDocument.ts renders one record per top-level key, two
// spaces in): the record whose key line is at or above the top line, and how far below it. A new snapshot re-renders
// the whole text, and the editor keeps its line number, not what it showed; this finds the same place in the new text.

export interface ScrollAnchor {
	/** The record key at or above the top line; undefined above the first record. */
	key: string | undefined;
	/** Lines from that key's line (or from the document's first line) to the top line. */
	below: number;
}

const RECORD_KEY = /^ {2}("(?:[^"\\]|\\.)*"): [{[]/;

function keyOf(line: string): string | undefined {
	const m = RECORD_KEY.exec(line);
	if (!m) return undefined;
	try {
		return JSON.parse(m[1]) as string;
	} catch {
		return undefined;
	}
}

export function anchorAt(lines: readonly string[], top: number): ScrollAnchor {
	for (let i = Math.min(top, lines.length - 1); i >= 0; i--) {
		const key = keyOf(lines[i]);
		if (key !== undefined) return { key, below: top - i };
	}
	return { key: undefined, below: top };
}

/** The line the anchor points at in `lines`; undefined when its record is gone (then nothing is moved). */
export function lineOfAnchor(lines: readonly string[], anchor: ScrollAnchor): number | undefined {
	if (anchor.key === undefined) return Math.min(anchor.below, Math.max(0, lines.length - 1));
	const at = lines.findIndex((line) => keyOf(line) === anchor.key);
	if (at < 0) return undefined;
	// Not past the record's own end: a record that got shorter keeps the screen inside it.
	let end = at + 1;
	while (end < lines.length && keyOf(lines[end]) === undefined && lines[end] !== '}') end++;
	return Math.min(at + anchor.below, end - 1);
}
