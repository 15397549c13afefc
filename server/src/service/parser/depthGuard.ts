/** Pairing files nest 5 levels; far beyond that is not a pairing file, and the recursive parser would only burn stack. */
export const MAX_DEPTH = 256;

/** Offset where nesting first exceeds `max` (brackets outside strings), or -1: a linear pre-check before parsing. */
export function nestingBeyond(text: string, max: number): number {
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
