// The pairing state's documents (paired.json / pending.json shapes, read-only): their URIs. One pair per gateway,
// named by its host and port, from its live device.pair.list; with the gateway stopped, one pair per state database,
// read from state/openclaw.sqlite. The path mirrors the retired files' so the language server tells the two kinds apart
// by path, as it does for files. The query says which storage era's rules apply: the gateway's version, or (a
// database) any 2026.8.1+ release.
import type { StateDocumentKind } from './pairingStateDocument';
import { LATEST_VERSION } from '../scopes/scopeCatalog';

export const PAIRING_STATE_SCHEME = 'openclaw-pairing-state';

const PATHS: Record<StateDocumentKind, string> = { paired: '/devices/paired.json', pending: '/devices/pending.json' };

export function stateDocumentUri(gatewayUrl: string, kind: StateDocumentKind, serverVersion: string | undefined): string {
	return `${PAIRING_STATE_SCHEME}://${gatewayAuthority(gatewayUrl)}${PATHS[kind]}${serverVersion ? `?openclaw=${encodeURIComponent(serverVersion)}` : ''}`;
}

/** host[:port] of a gateway URL: what names its documents (and finds the gateway of a document). */
export function gatewayAuthority(gatewayUrl: string): string {
	const url = new URL(gatewayUrl);
	return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}

/** The documents of a state database (state/openclaw.sqlite), read from the file. */
export function stateDatabaseDocumentUri(databasePath: string, kind: StateDocumentKind): string {
	return `${PAIRING_STATE_SCHEME}://sqlite${PATHS[kind]}?database=${encodeURIComponent(databasePath)}`;
}

export interface StateDocumentRef {
	kind: StateDocumentKind;
	/** The live gateway's version (a gateway's documents). */
	serverVersion: string | undefined;
	/** The database file (a database's documents). */
	database: string | undefined;
	/** host[:port] of the gateway (a gateway's documents). */
	authority: string | undefined;
}

/** Which state document a URI is; undefined for any other URI. */
export function parseStateDocumentUri(uri: string): StateDocumentRef | undefined {
	let url: URL;
	try {
		url = new URL(uri);
	} catch {
		return undefined;
	}
	if (url.protocol !== `${PAIRING_STATE_SCHEME}:`) return undefined;
	const kind = (Object.keys(PATHS) as StateDocumentKind[]).find((k) => PATHS[k] === url.pathname);
	if (!kind) return undefined;
	// Decoded once: the URI as written here, and as VS Code hands it on (Uri.toString() encodes the query's "=" too).
	let query: string;
	try {
		query = decodeURIComponent(url.search.slice(1));
	} catch {
		return undefined;
	}
	const database = /^database=(.+)$/s.exec(query)?.[1];
	const serverVersion = /^openclaw=([^&]+)$/.exec(query)?.[1];
	return { kind, serverVersion, database, authority: database ? undefined : url.host };
}

/** The release whose rules judge the document (ValidationSettings.storeVersion); undefined: the JSON era's default. */
export function storeVersionOf(ref: StateDocumentRef): string | undefined {
	return ref.serverVersion ?? (ref.database ? LATEST_VERSION : undefined);
}
