// SQLite through sql.js (SQLite compiled to WebAssembly): the same code in VS Code's extension host (Electron's Node
// 20 on VS Code 1.91, which has no node:sqlite) and in the CLI on any Node >= 20. The database is a copy in memory: the
// file is read once with fs and never opened by SQLite, so there is no lock to hold and nothing can be written back.
// Why sql.js and not node:sqlite or a native module: docs/sqlite.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import type { SqlJsDatabase, SqlJsStatic } from 'sql.js';

/** sql.js's WebAssembly file; scripts/build.mjs copies it next to the bundles in dist/ (keep the two names equal). */
export const SQL_WASM_FILE = 'sql-wasm.wasm';

let loading: Promise<SqlJsStatic> | undefined;

/** The engine, compiled once per process (≈ 20–40 ms; docs/sqlite.md). */
function engine(): Promise<SqlJsStatic> {
	loading ??= initSqlJs({ wasmBinary: wasmBytes() }).catch((error: unknown) => {
		loading = undefined;
		throw error;
	});
	return loading;
}

/** Next to the bundle (dist/), else the installed package (the unbundled test build). */
function wasmBytes(): Uint8Array {
	const candidates = [path.join(__dirname, SQL_WASM_FILE)];
	try {
		candidates.push(require.resolve(`sql.js/dist/${SQL_WASM_FILE}`));
	} catch {
		// not installed: only the bundled copy can work
	}
	for (const file of candidates) {
		try {
			return fs.readFileSync(file);
		} catch {
			// try the next place
		}
	}
	throw new Error(`SQLite engine missing: ${SQL_WASM_FILE} is not next to ${__dirname} (reinstall the extension or CLI)`);
}

export type Row = Record<string, unknown>;

/** A read-only view of an in-memory database: the few queries the pairing reader needs. */
export interface MemoryDatabase {
	all(sql: string): Row[];
	close(): void;
}

/** Open database bytes (a copy: the engine may scribble on it). Throws SQLite's own error for bytes it can't read. */
export async function openMemoryDatabase(bytes: Uint8Array): Promise<MemoryDatabase> {
	const SQL = await engine();
	const db: SqlJsDatabase = new SQL.Database(bytes);
	return {
		all(sql) {
			const statement = db.prepare(sql);
			try {
				const rows: Row[] = [];
				while (statement.step()) rows.push(statement.getAsObject());
				return rows;
			} finally {
				statement.free();
			}
		},
		close: () => db.close(),
	};
}
