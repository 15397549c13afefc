// The live pairing state as the retired JSON files: paired records as paired.json (`{deviceId: record}`), pending
// requests as pending.json (`{requestId: request}`), so the language service checks it with the same rules, codes and
// ranges. Pure: fed from state/openclaw.sqlite rows (sqliteState.ts) or from device.pair.list (fromDevicePairList).
// Tokens never appear: every token value is masked by redactSecrets, the same masking as the protocol trace.
import { redactSecrets } from '../pairing/redact';
import type { DevicePairList } from '../pairing/listParsing';

export type StateRecord = Readonly<Record<string, unknown>>;

/** Records as the gateway holds them (its in-memory shape, the one paired.json had). */
export interface PairingStateRecords {
	/** Paired devices; `tokens` is either the stored `{role: token}` map or device.pair.list's array of summaries. */
	paired: readonly StateRecord[];
	pending: readonly StateRecord[];
}

/** The two documents' text. */
export interface PairingStateDocuments {
	paired: string;
	pending: string;
}

export type StateDocumentKind = 'paired' | 'pending';

/** Field order of a paired record: the gateway's own (fromPairedRow, src/infra/device-pairing-store-sqlite.ts, 2026.9.6). */
const PAIRED_FIELDS = [
	'deviceId',
	'publicKey',
	'displayName',
	'operatorLabel',
	'platform',
	'deviceFamily',
	'clientId',
	'clientMode',
	'browserOrigin',
	'role',
	'roles',
	'scopes',
	'approvedScopes',
	'remoteIp',
	'tokens',
	'approvedVia',
	'nodeSurface',
	'pendingNodeSurface',
	'createdAtMs',
	'approvedAtMs',
	'lastSeenAtMs',
	'lastSeenReason',
];

/** Field order of a pending request (fromPendingRow, same file). */
const PENDING_FIELDS = [
	'requestId',
	'deviceId',
	'publicKey',
	'displayName',
	'platform',
	'deviceFamily',
	'clientId',
	'clientMode',
	'browserOrigin',
	'role',
	'roles',
	'scopes',
	'remoteIp',
	'silent',
	'isRepair',
	'ts',
	'refreshedAtMs',
];

/** Field order of a token (the paired.json token shape, schemas/paired.schema.json deviceToken). */
const TOKEN_FIELDS = ['token', 'role', 'scopes', 'issuer', 'createdAtMs', 'rotatedAtMs', 'revokedAtMs', 'lastUsedAtMs'];

/** Both documents. Same input, same text: records sorted by approval time / request time, then id; fields in the gateway's order. */
export function renderPairingState(records: PairingStateRecords): PairingStateDocuments {
	return { paired: renderPairedDocument(records.paired), pending: renderPendingDocument(records.pending) };
}

export function renderPairedDocument(records: readonly StateRecord[]): string {
	return renderMap(records, 'deviceId', 'approvedAtMs', (r) => keepEmptyTokens(redactSecrets(ordered({ ...r, ...tokensOf(r) }, PAIRED_FIELDS)), r));
}

export function renderPendingDocument(records: readonly StateRecord[]): string {
	return renderMap(records, 'requestId', 'ts', (r) => redactSecrets(ordered(r, PENDING_FIELDS)));
}

function renderMap(records: readonly StateRecord[], idField: string, timeField: string, shape: (r: StateRecord) => unknown): string {
	const keyed = records.map((r) => ({ key: typeof r[idField] === 'string' ? (r[idField] as string) : '', time: r[timeField], record: r }));
	keyed.sort((a, b) => timeOrder(a.time) - timeOrder(b.time) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const map: Record<string, unknown> = {};
	for (const { key, record } of keyed) map[key] = shape(record);
	return `${JSON.stringify(map, null, 2)}\n`;
}

function timeOrder(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : Number.MAX_VALUE;
}

/** Known fields in `order`, then any others alphabetically (a newer gateway's extra field still shows, in a fixed place). */
function ordered(record: StateRecord, order: readonly string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of order) if (record[key] !== undefined) out[key] = record[key];
	for (const key of Object.keys(record).sort()) if (!(key in out) && record[key] !== undefined) out[key] = record[key];
	return out;
}

/**
 * `tokens` as a `{role: token}` map in token field order. device.pair.list sends summaries (an array, no value): such a
 * token exists on the gateway, so it gets a value for redactSecrets to mask, as a stored one does.
 */
function tokensOf(record: StateRecord): { tokens?: unknown } {
	const tokens = record.tokens;
	if (Array.isArray(tokens)) {
		const map: Record<string, unknown> = {};
		for (const t of tokens) if (isObject(t) && typeof t.role === 'string') map[t.role] = ordered({ token: true, ...t }, TOKEN_FIELDS);
		return { tokens: map };
	}
	if (!isObject(tokens)) return {};
	const map: Record<string, unknown> = {};
	for (const [role, t] of Object.entries(tokens)) map[role] = isObject(t) ? ordered(t, TOKEN_FIELDS) : t;
	return { tokens: map };
}

/** An empty token value is no secret but a defect the schema names ("a device token without its secret"): shown as it is. */
function keepEmptyTokens(redacted: unknown, source: StateRecord): unknown {
	const stored = source.tokens;
	if (!isObject(redacted) || !isObject(redacted.tokens) || !isObject(stored)) return redacted;
	for (const [role, t] of Object.entries(stored)) {
		const shown = redacted.tokens[role];
		if (isObject(t) && t.token === '' && isObject(shown)) shown.token = '';
	}
	return redacted;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** device.pair.list (parsed by listParsing.ts) as the document's input; `connected` is live-only, not a stored field. */
export function fromDevicePairList(list: Pick<DevicePairList, 'paired' | 'pending'>): PairingStateRecords {
	return {
		paired: list.paired.map(({ connected: _connected, ...device }) => device),
		pending: list.pending.map((request) => ({ ...request })),
	};
}

/** The part of a printed name that says which record: `#device/<deviceId>`, `#request/<requestId>`. */
const RECORD_SEGMENT: Record<StateDocumentKind, string> = { paired: 'device', pending: 'request' };
/** Whole-document findings (no record): `#devices`, `#requests`. */
const DOCUMENT_SEGMENT: Record<StateDocumentKind, string> = { paired: 'devices', pending: 'requests' };

/**
 * A name the user can act on where there is no file: `state/openclaw.sqlite#device/<deviceId>` for the record a
 * finding's JSON path starts in (`path[0]` is the map key), `state/openclaw.sqlite#devices` for the document itself.
 */
export function stateRecordName(source: string, kind: StateDocumentKind, path: readonly (string | number)[]): string {
	const key = path[0];
	return typeof key === 'string' ? `${source}#${RECORD_SEGMENT[kind]}/${key}` : `${source}#${DOCUMENT_SEGMENT[kind]}`;
}

/** The reverse of stateRecordName: which document and record a printed name points at. */
export function parseStateRecordName(name: string): { source: string; kind: StateDocumentKind; key: string | undefined } | undefined {
	const hash = name.lastIndexOf('#');
	if (hash <= 0) return undefined;
	const source = name.slice(0, hash);
	const fragment = name.slice(hash + 1);
	for (const kind of ['paired', 'pending'] as const) {
		if (fragment === DOCUMENT_SEGMENT[kind]) return { source, kind, key: undefined };
		const prefix = `${RECORD_SEGMENT[kind]}/`;
		if (fragment.startsWith(prefix) && fragment.length > prefix.length) return { source, kind, key: fragment.slice(prefix.length) };
	}
	return undefined;
}
