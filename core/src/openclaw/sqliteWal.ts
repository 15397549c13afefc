// SQLite's write-ahead log, replayed onto a copy of the main file in memory (https://sqlite.org/fileformat.html §4).
// The 2026.8+ gateway runs in WAL mode: its commits land in openclaw.sqlite-wal first and reach the main file only at a
// checkpoint, so a reader of the main file alone sees an older state (while the gateway runs, often no device at all).
// Pure: bytes in, bytes out; nothing is written and no lock is taken. Frames count only up to the last commit whose
// salts and running checksum are intact, which is how SQLite itself recovers a log.

const HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
const MAGIC_LITTLE_ENDIAN = 0x377f0682;
const MAGIC_BIG_ENDIAN = 0x377f0683;

export type WalReplay =
	| {
			applied: true;
			database: Uint8Array;
			/** Committed transactions replayed. */
			commits: number;
			/** Pages whose content differs from the main file's: 0 when the log was already checkpointed. */
			changedPages: number;
	  }
	/** Nothing to replay: `reason` says why (an empty or reset log is normal; a bad header is ignored as SQLite does). */
	| { applied: false; reason: 'empty' | 'bad-header' | 'page-size-mismatch' | 'no-commit' };

/** The main file as it would read with the log's committed frames applied. */
export function replayWal(main: Uint8Array, wal: Uint8Array): WalReplay {
	if (wal.length < HEADER_BYTES) return { applied: false, reason: 'empty' };
	const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
	const magic = view.getUint32(0);
	if (magic !== MAGIC_LITTLE_ENDIAN && magic !== MAGIC_BIG_ENDIAN) return { applied: false, reason: 'bad-header' };
	const bigEndian = magic === MAGIC_BIG_ENDIAN;
	const pageSize = view.getUint32(8);
	if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return { applied: false, reason: 'bad-header' };
	let sum = checksum(wal, 0, 24, [0, 0], bigEndian);
	if (sum[0] !== view.getUint32(24) || sum[1] !== view.getUint32(28)) return { applied: false, reason: 'bad-header' };
	const mainPageSize = main.length >= 100 ? databasePageSize(main) : pageSize;
	if (mainPageSize !== pageSize) return { applied: false, reason: 'page-size-mismatch' };
	const salt1 = view.getUint32(16);
	const salt2 = view.getUint32(20);

	const committed = new Map<number, Uint8Array>();
	let uncommitted: [number, Uint8Array][] = [];
	let databasePages = 0;
	let commits = 0;
	for (let at = HEADER_BYTES; at + FRAME_HEADER_BYTES + pageSize <= wal.length; at += FRAME_HEADER_BYTES + pageSize) {
		if (view.getUint32(at + 8) !== salt1 || view.getUint32(at + 12) !== salt2) break; // a frame of an earlier log generation
		sum = checksum(wal, at, 8, sum, bigEndian);
		sum = checksum(wal, at + FRAME_HEADER_BYTES, pageSize, sum, bigEndian);
		if (sum[0] !== view.getUint32(at + 16) || sum[1] !== view.getUint32(at + 20)) break; // torn or never completed
		const pageNumber = view.getUint32(at);
		if (pageNumber === 0) break;
		uncommitted.push([pageNumber, wal.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + pageSize)]);
		const sizeAfterCommit = view.getUint32(at + 4);
		if (sizeAfterCommit !== 0) {
			for (const [page, data] of uncommitted) committed.set(page, data);
			uncommitted = [];
			databasePages = sizeAfterCommit;
			commits++;
		}
	}
	if (commits === 0) return { applied: false, reason: 'no-commit' };

	const database = new Uint8Array(databasePages * pageSize);
	database.set(main.subarray(0, Math.min(main.length, database.length)));
	let changedPages = 0;
	for (const [page, data] of committed) {
		if (page > databasePages) continue; // the database shrank after this page was written
		const offset = (page - 1) * pageSize;
		if (!sameBytes(main, offset, data)) changedPages++;
		database.set(data, offset);
	}
	if (databasePages * pageSize !== main.length) changedPages = Math.max(changedPages, 1);
	return { applied: true, database, commits, changedPages };
}

/** The page size a database header records (offset 16, big-endian; 1 means 65536). */
export function databasePageSize(main: Uint8Array): number {
	const raw = (main[16] << 8) | main[17];
	return raw === 1 ? 65536 : raw;
}

/** SQLite's WAL checksum: pairs of 32-bit words (in the log's byte order) folded into two running sums. */
function checksum(bytes: Uint8Array, start: number, length: number, init: readonly [number, number], bigEndian: boolean): [number, number] {
	const view = new DataView(bytes.buffer, bytes.byteOffset + start, length);
	let s1 = init[0];
	let s2 = init[1];
	for (let i = 0; i < length; i += 8) {
		s1 = (s1 + view.getUint32(i, !bigEndian) + s2) >>> 0;
		s2 = (s2 + view.getUint32(i + 4, !bigEndian) + s1) >>> 0;
	}
	return [s1, s2];
}

function sameBytes(main: Uint8Array, offset: number, page: Uint8Array): boolean {
	if (offset + page.length > main.length) return false;
	for (let i = 0; i < page.length; i++) if (main[offset + i] !== page[i]) return false;
	return true;
}
