import * as fs from 'node:fs';
import { describeFsError } from '../../core/src/openclaw/fsError';

/** Larger than any real pairing store (10,000 devices ≈ 12 MB) by far; beyond it we refuse instead of stalling CI. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/** Read a file for checking, turning every way it can't be read into a sentence (never a stack trace). */
export function readInput(file: string): ReadResult {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(file);
	} catch (error) {
		return { ok: false, reason: describeFsError(error, { EISDIR: 'is a directory, not a pairing file' }) };
	}
	if (stat.isDirectory()) return { ok: false, reason: 'is a directory, not a pairing file' };
	if (!stat.isFile()) return { ok: false, reason: 'is not a regular file' };
	if (stat.size > MAX_INPUT_BYTES)
		return {
			ok: false,
			reason: `is ${(stat.size / 1048576).toFixed(0)} MiB, larger than the ${MAX_INPUT_BYTES / 1048576} MiB a pairing file can plausibly be`,
		};
	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(file);
	} catch (error) {
		return { ok: false, reason: describeFsError(error, { EISDIR: 'is a directory, not a pairing file' }) };
	}
	if (bytes.includes(0)) return { ok: false, reason: 'is a binary file (it contains NUL bytes), not JSON' };
	try {
		// ignoreBOM keeps a BOM in the text: JSON.parse (and so the gateway) rejects it, and so do we.
		return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
	} catch {
		return { ok: false, reason: 'is not valid UTF-8 text' };
	}
}
