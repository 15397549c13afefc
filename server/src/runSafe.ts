import type { Connection } from 'vscode-languageserver/node';

/** Run a request handler so that a bug answers `fallback` and is logged, instead of failing the request or the server. */
export function runSafe<T>(connection: Connection, what: string, fallback: T, fn: () => T): T {
	try {
		return fn();
	} catch (error) {
		connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
		return fallback;
	}
}
