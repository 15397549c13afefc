// The part of sql.js (https://sql.js.org, MIT) that sqliteDatabase.ts and the tests' fixture helper use; the package
// ships no types of its own.
declare module 'sql.js' {
	namespace initSqlJs {
		interface SqlJsStatement {
			step(): boolean;
			getAsObject(): Record<string, unknown>;
			free(): boolean;
		}
		interface SqlJsDatabase {
			prepare(sql: string): SqlJsStatement;
			close(): void;
			/** Tests only (building derived fixtures): run statements, read results, serialize. */
			run(sql: string): SqlJsDatabase;
			exec(sql: string): { columns: string[]; values: unknown[][] }[];
			export(): Uint8Array;
		}
		interface SqlJsStatic {
			Database: new (data?: Uint8Array) => SqlJsDatabase;
		}
	}
	function initSqlJs(config?: { wasmBinary?: Uint8Array }): Promise<initSqlJs.SqlJsStatic>;
	export = initSqlJs;
}
