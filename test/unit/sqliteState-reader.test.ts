// The state/openclaw.sqlite reader on files a real 2026.9.6 gateway wrote, and on databases derived from them: the
// write-ahead log, a newer schema, a broken row, corrupt and truncated files. Read-only, and never a throw.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import initSqlJs from 'sql.js';
import { readSqlitePairingState } from '../../core/src/openclaw/sqliteState';
import { replayWal } from '../../core/src/openclaw/sqliteWal';
import { CLI_DEVICE, derive, LAPTOP, PHONE_REQUEST, RUNNING, stateDirWith, STOPPED } from '../fixtures/sqlite/derive';

type Ok = Extract<Awaited<ReturnType<typeof readSqlitePairingState>>, { ok: true }>;

async function readOk(file: string): Promise<Ok> {
	const result = await readSqlitePairingState(file);
	assert.ok(result.ok, result.ok ? '' : result.problem);
	return result;
}

async function problemOf(file: string): Promise<string> {
	const result = await readSqlitePairingState(file);
	assert.equal(result.ok, false, 'the database must be refused');
	return result.ok ? '' : result.problem;
}

const dbIn = (dir: string) => path.join(dir, 'state', 'openclaw.sqlite');
const ids = (r: Ok) => ({ paired: r.records.paired.map((d) => d.deviceId), pending: r.records.pending.map((p) => p.requestId) });

describe('real 2026.9.6 state', () => {
	test('a stopped gateway: its devices and request, as the gateway loads them; no note', async () => {
		const r = await readOk(STOPPED);
		assert.deepEqual(ids(r), { paired: [LAPTOP, CLI_DEVICE], pending: [PHONE_REQUEST] });
		const cli = r.records.paired.find((d) => d.deviceId === CLI_DEVICE);
		assert.deepEqual(cli?.approvedScopes, ['operator.pairing']);
		assert.equal(cli?.lastSeenAtMs, undefined, 'NULL columns are absent fields, as fromPairedRow builds them');
		assert.equal(r.records.pending[0].isRepair, false);
		assert.deepEqual(r.notes, []);
		assert.deepEqual(r.problems, []);
	});

	test('a running gateway: the rows are only in the write-ahead log, which is replayed, with a note saying so', async () => {
		const mainOnly = await readOk(dbIn(stateDirWith(RUNNING)));
		assert.deepEqual(ids(mainOnly), { paired: [], pending: [] }, 'the main file alone is behind: no device yet');
		const r = await readOk(dbIn(stateDirWith(RUNNING, `${RUNNING}-wal`)));
		assert.deepEqual(ids(r), { paired: [LAPTOP, CLI_DEVICE], pending: [PHONE_REQUEST] });
		assert.equal(r.notes.length, 1);
		assert.match(r.notes[0], /only in its write-ahead log .*the gateway is running, or did not shut down cleanly/);
	});

	test('the reader writes nothing and leaves no lock or side file (-shm, -journal) behind', async () => {
		const dir = stateDirWith(RUNNING, `${RUNNING}-wal`);
		const list = () => fs.readdirSync(path.join(dir, 'state')).sort();
		const before = list();
		const stats = before.map((f) => fs.statSync(path.join(dir, 'state', f)));
		const bytes = fs.readFileSync(dbIn(dir));
		await readOk(dbIn(dir));
		assert.deepEqual(list(), before);
		assert.deepEqual(
			before.map((f) => fs.statSync(path.join(dir, 'state', f)).mtimeMs),
			stats.map((s) => s.mtimeMs),
		);
		assert.ok(fs.readFileSync(dbIn(dir)).equals(bytes));
	});
});

describe('the write-ahead log', () => {
	const main = fs.readFileSync(RUNNING);
	const wal = fs.readFileSync(`${RUNNING}-wal`);

	test('a torn last frame (the gateway killed mid-write) loses only that transaction', () => {
		const full = replayWal(main, wal);
		const torn = replayWal(main, wal.subarray(0, wal.length - 1));
		assert.ok(full.applied && torn.applied);
		assert.ok(torn.commits < full.commits && torn.commits > 0, `${torn.commits} of ${full.commits} commits`);
	});

	test('a log of another generation (salts differ) or with a bad checksum counts as empty, as SQLite treats it', () => {
		const otherSalt = Buffer.from(wal);
		otherSalt[32 + 11] ^= 1; // the first frame's salt-1
		assert.deepEqual(replayWal(main, otherSalt), { applied: false, reason: 'no-commit' });
		const badHeader = Buffer.from(wal);
		badHeader[24] ^= 0xff;
		assert.deepEqual(replayWal(main, badHeader), { applied: false, reason: 'bad-header' });
		assert.deepEqual(replayWal(main, new Uint8Array(0)), { applied: false, reason: 'empty' });
	});

	test('an unreadable log is a note, and the main file is read', async () => {
		const r = await readOk(dbIn(stateDirWith(RUNNING, Buffer.from('not a log, but long enough to have a header..'))));
		assert.deepEqual(ids(r).paired, []);
		assert.match(r.notes.join('\n'), /write-ahead log .*could not be read \(bad-header\)/);
	});
});

describe('a schema from another OpenClaw', () => {
	test('an unknown column: the records are read, the column named in a note', async () => {
		const r = await readOk(dbIn(stateDirWith(await derive('ALTER TABLE device_pairing_paired ADD COLUMN trust_level_json TEXT'))));
		assert.deepEqual(ids(r).paired, [LAPTOP, CLI_DEVICE]);
		assert.match(r.notes.join('\n'), /device_pairing_paired has columns this tool does not know \(trust_level_json; a newer OpenClaw\?\)/);
	});

	test('an optional column gone: its field is absent, with a note', async () => {
		const r = await readOk(dbIn(stateDirWith(await derive('ALTER TABLE device_pairing_paired DROP COLUMN last_seen_reason'))));
		assert.equal(r.records.paired[0].lastSeenReason, undefined);
		assert.match(r.notes.join('\n'), /has no last_seen_reason column/);
	});

	test('a required column gone, or the pairing table itself: a clear problem naming it', async () => {
		assert.match(
			await problemOf(dbIn(stateDirWith(await derive('ALTER TABLE device_pairing_paired DROP COLUMN public_key')))),
			/device_pairing_paired has no public_key column: written by an OpenClaw this tool does not know/,
		);
		assert.match(
			await problemOf(dbIn(stateDirWith(await derive('DROP TABLE device_pairing_paired')))),
			/has no device_pairing_paired table: not an OpenClaw 2026\.8\+ state database/,
		);
	});

	test('no pending table: the paired devices are still read, with a note', async () => {
		const r = await readOk(dbIn(stateDirWith(await derive('DROP TABLE device_pairing_pending'))));
		assert.deepEqual(ids(r), { paired: [LAPTOP, CLI_DEVICE], pending: [] });
		assert.match(r.notes.join('\n'), /has no device_pairing_pending table/);
	});

	test('a JSON column that does not parse (the gateway throws on it): kept as text and reported for its record', async () => {
		const r = await readOk(dbIn(stateDirWith(await derive(`UPDATE device_pairing_paired SET roles_json = '[oops' WHERE device_id = '${LAPTOP}'`))));
		assert.deepEqual(r.problems, [{ table: 'device_pairing_paired', key: LAPTOP, column: 'roles_json', problem: 'is not valid JSON' }]);
		assert.equal(r.records.paired.find((d) => d.deviceId === LAPTOP)?.roles, '[oops');
	});
});

describe('a database that cannot be used: a sentence, never a throw', () => {
	const real = fs.readFileSync(STOPPED);

	test('not a SQLite file at all', async () => {
		assert.match(await problemOf(dbIn(stateDirWith(Buffer.from('{"this is": "json"}')))), /is not a SQLite database/);
		assert.match(await problemOf(dbIn(stateDirWith(new Uint8Array(0)))), /is not a SQLite database/);
	});

	test('truncated: cut mid-page, or at a page boundary short of what its header says', async () => {
		assert.match(await problemOf(dbIn(stateDirWith(real.subarray(0, 10_000)))), /is truncated \(10000 bytes, but its header says \d+ pages of 4096 bytes\)/);
		assert.match(await problemOf(dbIn(stateDirWith(real.subarray(0, 8192)))), /is truncated/);
	});

	test('corrupt: the pairing table\u2019s page overwritten', async () => {
		const bytes = await derive();
		const corrupt = Buffer.from(bytes);
		// The table's root page, found from the schema (sqlite_master is page 1): replace it with noise.
		const root = await rootPageOf(bytes, 'device_pairing_paired');
		corrupt.fill(0xa5, (root - 1) * 4096, root * 4096);
		assert.match(await problemOf(dbIn(stateDirWith(corrupt))), /is corrupt \(SQLite: .*malformed.*\): restore it from a backup/);
	});

	test('missing, or a directory', async () => {
		assert.match(await problemOf('/nonexistent/state/openclaw.sqlite'), /does not exist/);
		const dir = stateDirWith(real);
		fs.mkdirSync(path.join(dir, 'state', 'dir.sqlite'));
		assert.match(await problemOf(path.join(dir, 'state', 'dir.sqlite')), /is a directory/);
	});
});

async function rootPageOf(bytes: Uint8Array, table: string): Promise<number> {
	const SQL = await initSqlJs({ wasmBinary: fs.readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm')) });
	const db = new SQL.Database(bytes);
	try {
		return Number(db.exec(`SELECT rootpage FROM sqlite_master WHERE name = '${table}'`)[0].values[0][0]);
	} finally {
		db.close();
	}
}
