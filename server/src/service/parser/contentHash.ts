/**
 * A 64-bit hash of text[offset, offset + length) (two independent 32-bit multiply-xorshift lanes, as in cyrb53), as
 * 16 hex digits. It keys a record's findings by what the record says: with the record's key and length beside it,
 * two different records of one file colliding is ~2^-64, far below any other failure.
 */
export function contentHash(text: string, offset: number, length: number): string {
	let h1 = 0xdeadbeef ^ length;
	let h2 = 0x41c6ce57 ^ length;
	for (let i = offset, end = offset + length; i < end; i++) {
		const c = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 2654435761);
		h2 = Math.imul(h2 ^ c, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
