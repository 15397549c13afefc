// The live pairing state's documents (the gateway's device.pair.list as paired.json / pending.json, read-only): their
// URIs. One pair per gateway, named by its host and port; the path mirrors the retired files' so the language server
// tells the two kinds apart by path, as it does for files. The gateway's version rides along in the query: which
// storage era's rules apply (2026.8.1+ keeps pairing in SQLite) follows it.
import type { StateDocumentKind } from './pairingStateDocument';

export const PAIRING_STATE_SCHEME = 'openclaw-pairing-state';

const PATHS: Record<StateDocumentKind, string> = { paired: '/devices/paired.json', pending: '/devices/pending.json' };

export function stateDocumentUri(gatewayUrl: string, kind: StateDocumentKind, serverVersion: string | undefined): string {
	const url = new URL(gatewayUrl);
	const authority = url.port ? `${url.hostname}:${url.port}` : url.hostname;
	return `${PAIRING_STATE_SCHEME}://${authority}${PATHS[kind]}${serverVersion ? `?openclaw=${encodeURIComponent(serverVersion)}` : ''}`;
}

/** Which state document a URI is, with the gateway version it names; undefined for any other URI. */
export function parseStateDocumentUri(uri: string): { kind: StateDocumentKind; serverVersion: string | undefined } | undefined {
	let url: URL;
	try {
		url = new URL(uri);
	} catch {
		return undefined;
	}
	if (url.protocol !== `${PAIRING_STATE_SCHEME}:`) return undefined;
	const kind = (Object.keys(PATHS) as StateDocumentKind[]).find((k) => PATHS[k] === url.pathname);
	return kind ? { kind, serverVersion: url.searchParams.get('openclaw') ?? undefined } : undefined;
}
