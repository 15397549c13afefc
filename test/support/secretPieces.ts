// Searching outputs for known secrets: not only whole secrets but every WINDOW-character piece of each, so a truncated
// or partly masked leak is found too (a longer leaked piece always contains one of these).

export const WINDOW = 16;

export interface SecretPiece {
	secret: string;
	piece: string;
}

export function secretPieces(secrets: Record<string, string>, window = WINDOW): SecretPiece[] {
	return Object.entries(secrets).flatMap(([secret, value]) =>
		Array.from({ length: Math.max(1, value.length - window + 1) }, (_, i) => ({ secret, piece: value.slice(i, i + window) })),
	);
}

/** "<secret> in <where>" for every place whose text holds a piece of a secret. */
export function leaks(places: readonly { where: string; text: string }[], pieces: readonly SecretPiece[]): string[] {
	const hits: string[] = [];
	for (const place of places) {
		const found = pieces.find(({ piece }) => place.text.includes(piece));
		if (found) hits.push(`${found.secret} in ${place.where}`);
	}
	return hits;
}
