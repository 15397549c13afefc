// Read-only: <stateDir>/state/openclaw.sqlite (OpenClaw 2026.8+) -> paired records and pending requests, in the shapes
// of the retired paired.json / pending.json. The file and its write-ahead log are read with fs into memory and the
// copy is queried (sqliteDatabase.ts): the gateway's files are never opened by SQLite, never locked, never written,
// so a gateway can start, and pair, while we read. Every way the database can be unusable is a sentence, not a throw.
import * as fs from 'node:fs';
import type { PairingStateRecords } from './pairingStateDocument';
import { openMemoryDatabase, MemoryDatabase } from './sqliteDatabase';
import { ColumnCheck, checkColumns, PAIRED_COLUMNS, PAIRED_TABLE, PENDING_COLUMNS, PENDING_TABLE, recordsFromRows, RowProblem } from './sqliteRows';
import { databasePageSize, replayWal } from './sqliteWal';
import { sqliteWalPath } from './stateLayout';
import { describeFsError } from './fsError';
import { readLocalDeviceAuth } from './sqliteLocalAuth';
import type { LocalDeviceAuth } from '../pairing/localDeviceAuth';

/** What to do when the database can't be read: it belongs to the gateway's user, or the gateway holds it. */
const DATABASE_ADVICE = {
	EACCES: 'cannot be read (permission denied): run as the user the gateway runs as',
	EPERM: 'cannot be read (permission denied): run as the user the gateway runs as',
	EBUSY: 'is locked by another program (EBUSY): retry, or stop the gateway first',
};

export type { RowProblem } from './sqliteRows';

/** Far beyond a pairing store, and what a 2-core machine copies into memory in about a second. */
export const MAX_DATABASE_BYTES = 1024 * 1024 * 1024;

/** The schema line we know (the pairing tables are the same in both). */
const KNOWN_SCHEMA = 'OpenClaw 2026.8.1 to 2026.9.6';

export type SqliteStateResult =
	| {
			ok: true;
			records: PairingStateRecords;
			/** Values the gateway itself could not load (it throws on them): errors, by record. */
			problems: RowProblem[];
			/** What the reader wants the user to know: the log was replayed, columns it could not show. */
			notes: string[];
			/** This machine's own device and the tokens it cached (2026.9), when the database holds an identity. */
			local?: LocalDeviceAuth;
	  }
	| { ok: false; problem: string };

const HEADER = 'SQLite format 3\0';

export async function readSqlitePairingState(databasePath: string): Promise<SqliteStateResult> {
	const files = readConsistently(databasePath);
	if (!files.ok) return files;
	const notes: string[] = [];
	const main = files.main;
	if (new TextDecoder().decode(main.subarray(0, 16)) !== HEADER) {
		return { ok: false, problem: 'is not a SQLite database (its first bytes are not "SQLite format 3"): it is corrupt, or not OpenClaw\u2019s state file' };
	}
	if (main.length < 100) {
		return { ok: false, problem: `is truncated (${main.length} bytes, less than a SQLite header): copy it again, or let the gateway write it anew` };
	}
	const pageSize = databasePageSize(main);
	const headerPages = new DataView(main.buffer, main.byteOffset).getUint32(28);
	if (main.length % pageSize !== 0 || main.length < headerPages * pageSize) {
		return {
			ok: false,
			problem: `is truncated (${main.length} bytes, but its header says ${headerPages} pages of ${pageSize} bytes): restore it from a backup (OpenClaw keeps state/openclaw.sqlite.*.bak copies before migrations)`,
		};
	}
	let walNote: string | undefined;
	let bytes = main;
	if (files.wal.length > 0) {
		const replay = replayWal(main, files.wal);
		if (replay.applied && replay.changedPages > 0) bytes = replay.database;
		else if (!replay.applied && (replay.reason === 'bad-header' || replay.reason === 'page-size-mismatch')) {
			notes.push(`its write-ahead log (openclaw.sqlite-wal) could not be read (${replay.reason}): shown is the main file, which may be behind the gateway.`);
		}
	}
	const state = await readBytes(bytes, notes);
	if (state.ok && bytes !== main) {
		// A 2026.9.6 gateway leaves its own shutdown bookkeeping in the log; only pairing rows that differ mean it's live.
		const mainOnly = await readBytes(main, []);
		if (!mainOnly.ok || JSON.stringify(mainOnly.records) !== JSON.stringify(state.records)) {
			walNote = `the newest pairing changes are only in its write-ahead log (openclaw.sqlite-wal), not yet in the main file: the gateway is running, or did not shut down cleanly. Shown is the state with them, as of this moment; for the live lists use "openclaw-pairing devices".`;
		}
	}
	if (state.ok && walNote) state.notes.unshift(walNote);
	return state;
}

/** Query a copy of database bytes. */
async function readBytes(source: Uint8Array, notes: string[]): Promise<SqliteStateResult> {
	// Rollback-journal mode for the in-memory copy: the engine must not look for a -wal of its own (header bytes 18-19).
	const bytes = Uint8Array.from(source);
	bytes[18] = 1;
	bytes[19] = 1;
	let db: MemoryDatabase;
	try {
		db = await openMemoryDatabase(bytes);
	} catch (error) {
		return { ok: false, problem: sqliteProblem(error) };
	}
	try {
		return queryState(db, notes);
	} catch (error) {
		return { ok: false, problem: sqliteProblem(error) };
	} finally {
		db.close();
	}
}

function queryState(db: MemoryDatabase, notes: string[]): SqliteStateResult {
	const tables = new Set(db.all(`SELECT name FROM sqlite_master WHERE type = 'table'`).map((r) => String(r.name)));
	if (!tables.has(PAIRED_TABLE)) {
		return {
			ok: false,
			problem: `has no ${PAIRED_TABLE} table: not an OpenClaw 2026.8+ state database, or one from an OpenClaw newer than this tool knows (${KNOWN_SCHEMA})`,
		};
	}
	const paired = readTable(db, PAIRED_TABLE, PAIRED_COLUMNS, notes);
	if ('problem' in paired) return { ok: false, problem: paired.problem };
	let pending: ReturnType<typeof readTable> = { records: [], problems: [] };
	if (tables.has(PENDING_TABLE)) pending = readTable(db, PENDING_TABLE, PENDING_COLUMNS, notes);
	else notes.push(`has no ${PENDING_TABLE} table: no pending requests are shown.`);
	if ('problem' in pending) return { ok: false, problem: pending.problem };
	const local = localOf(db, tables);
	const records = { paired: paired.records, pending: pending.records };
	return { ok: true, records, problems: [...paired.problems, ...pending.problems], notes, ...(local ? { local } : {}) };
}

/** The local identity is an extra: a schema it can't read leaves it out, never the pairing state (doctor skips it too). */
function localOf(db: MemoryDatabase, tables: ReadonlySet<string>): LocalDeviceAuth | undefined {
	try {
		return readLocalDeviceAuth(db, tables);
	} catch {
		return undefined;
	}
}

function readTable(
	db: MemoryDatabase,
	table: string,
	columns: typeof PAIRED_COLUMNS,
	notes: string[],
): ReturnType<typeof recordsFromRows> | { problem: string } {
	const present = db.all(`PRAGMA table_info(${table})`).map((r) => String(r.name));
	const check: ColumnCheck = checkColumns(present, columns);
	if (check.missingRequired.length > 0) {
		return {
			problem: `${table} has no ${check.missingRequired.join(', ')} column: written by an OpenClaw this tool does not know (it reads ${KNOWN_SCHEMA}); update openclaw-pairing`,
		};
	}
	if (check.missingOptional.length > 0)
		notes.push(`${table} has no ${check.missingOptional.join(', ')} column (another OpenClaw schema): those fields are absent.`);
	if (check.unknown.length > 0)
		notes.push(`${table} has columns this tool does not know (${check.unknown.join(', ')}; a newer OpenClaw?): they are not shown or checked.`);
	const known = columns.filter((c) => present.includes(c.column)).map((c) => `"${c.column}"`);
	return recordsFromRows(
		table,
		db.all(`SELECT ${known.join(', ')} FROM ${table}`),
		columns.filter((c) => present.includes(c.column)),
	);
}

/** SQLite's words for a database it can't use, as a sentence. */
function sqliteProblem(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	if (/not a database|malformed|corrupt/i.test(message)) return `is corrupt (SQLite: ${message}): restore it from a backup`;
	if (/SQLite engine missing/.test(message)) return message;
	return `could not be read (SQLite: ${message})`;
}

type Files = { ok: true; main: Uint8Array; wal: Uint8Array } | { ok: false; problem: string };

/**
 * The main file and its log as one moment: a checkpoint between the two reads would pair an old main file with a new
 * log, so when the main file changed meanwhile, read both again (a few times; a checkpoint takes milliseconds).
 */
function readConsistently(databasePath: string): Files {
	let last: Files = { ok: false, problem: 'could not be read' };
	for (let attempt = 0; attempt < 5; attempt++) {
		const before = statOf(databasePath);
		if (typeof before === 'string') return { ok: false, problem: before };
		if (before.isDirectory()) return { ok: false, problem: 'is a directory, not a database' };
		if (before.size > MAX_DATABASE_BYTES)
			return {
				ok: false,
				problem: `is ${Math.round(before.size / 1048576)} MiB, more than the ${MAX_DATABASE_BYTES / 1048576} MiB this reader copies into memory`,
			};
		const main = readOf(databasePath);
		if (typeof main === 'string') return { ok: false, problem: main };
		const wal = readOf(sqliteWalPath(databasePath));
		const after = statOf(databasePath);
		last = { ok: true, main, wal: typeof wal === 'string' ? new Uint8Array(0) : wal };
		if (typeof after !== 'string' && after.size === before.size && after.mtimeMs === before.mtimeMs) return last;
	}
	return last;
}

function statOf(file: string): fs.Stats | string {
	try {
		return fs.statSync(file);
	} catch (error) {
		return describeFsError(error, DATABASE_ADVICE);
	}
}

/** A file's bytes, or why not; a missing -wal is an empty log. */
function readOf(file: string): Uint8Array | string {
	try {
		return fs.readFileSync(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT' && file.endsWith('-wal')) return new Uint8Array(0);
		return describeFsError(error, DATABASE_ADVICE);
	}
}
