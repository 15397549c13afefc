// device_pairing_paired / device_pairing_pending rows -> the records the gateway builds from them, mirroring its
// fromPairedRow / fromPendingRow (src/infra/device-pairing-store-sqlite.ts; the same schema in 2026.8.1 and 2026.9.6):
// NULL means "no such field", *_json columns hold JSON, silent/is_repair are 0/1. Pure: rows in, records out.
import type { StateRecord } from './pairingStateDocument';
import type { Row } from './sqliteDatabase';

export const PAIRED_TABLE = 'device_pairing_paired';
export const PENDING_TABLE = 'device_pairing_pending';

type Decode = 'value' | 'json' | 'boolean' | 'approvedVia';

interface Column {
	column: string;
	field: string;
	decode: Decode;
	/** NOT NULL in the gateway's schema: a record can't be built without it. */
	required?: boolean;
}

const col = (column: string, field: string, decode: Decode = 'value', required = false): Column => ({ column, field, decode, required });

/** In the gateway's field order (OPENCLAW_STATE_SCHEMA_SQL, src/state/openclaw-state-db.ts, 2026.9.6). */
export const PAIRED_COLUMNS: readonly Column[] = [
	col('device_id', 'deviceId', 'value', true),
	col('public_key', 'publicKey', 'value', true),
	col('display_name', 'displayName'),
	col('operator_label', 'operatorLabel'),
	col('platform', 'platform'),
	col('device_family', 'deviceFamily'),
	col('client_id', 'clientId'),
	col('client_mode', 'clientMode'),
	col('browser_origin', 'browserOrigin'),
	col('role', 'role'),
	col('roles_json', 'roles', 'json'),
	col('scopes_json', 'scopes', 'json'),
	col('approved_scopes_json', 'approvedScopes', 'json'),
	col('remote_ip', 'remoteIp'),
	col('tokens_json', 'tokens', 'json'),
	col('approved_via', 'approvedVia', 'approvedVia'),
	col('node_surface_json', 'nodeSurface', 'json'),
	col('pending_node_surface_json', 'pendingNodeSurface', 'json'),
	col('created_at_ms', 'createdAtMs', 'value', true),
	col('approved_at_ms', 'approvedAtMs', 'value', true),
	col('last_seen_at_ms', 'lastSeenAtMs'),
	col('last_seen_reason', 'lastSeenReason'),
];

export const PENDING_COLUMNS: readonly Column[] = [
	col('request_id', 'requestId', 'value', true),
	col('device_id', 'deviceId', 'value', true),
	col('public_key', 'publicKey', 'value', true),
	col('display_name', 'displayName'),
	col('platform', 'platform'),
	col('device_family', 'deviceFamily'),
	col('client_id', 'clientId'),
	col('client_mode', 'clientMode'),
	col('browser_origin', 'browserOrigin'),
	col('role', 'role'),
	col('roles_json', 'roles', 'json'),
	col('scopes_json', 'scopes', 'json'),
	col('remote_ip', 'remoteIp'),
	col('silent', 'silent', 'boolean'),
	col('is_repair', 'isRepair', 'boolean'),
	col('ts', 'ts', 'value', true),
	col('refreshed_at_ms', 'refreshedAtMs'),
];

/** The values the gateway keeps in approved_via; anything else it reads as absent (fromApprovedViaColumn, 2026.9.6). */
const APPROVAL_KINDS = new Set(['owner', 'silent', 'trusted-cidr', 'trusted-proxy', 'ssh-verified', 'bootstrap']);

/** How a table's columns compare with the schema we know. */
export interface ColumnCheck {
	/** NOT NULL columns that are gone: the table can't be read as pairing state. */
	missingRequired: string[];
	/** Optional columns that are gone (an older or newer OpenClaw): their fields are absent. */
	missingOptional: string[];
	/** Columns we don't know (a newer OpenClaw): not shown, and so not checked. */
	unknown: string[];
}

export function checkColumns(present: readonly string[], known: readonly Column[]): ColumnCheck {
	const have = new Set(present);
	const names = new Set(known.map((c) => c.column));
	return {
		missingRequired: known.filter((c) => c.required && !have.has(c.column)).map((c) => c.column),
		missingOptional: known.filter((c) => !c.required && !have.has(c.column)).map((c) => c.column),
		unknown: present.filter((c) => !names.has(c)),
	};
}

/** A value the gateway could not load: it throws on it, so every pairing operation fails until it is fixed. */
export interface RowProblem {
	table: string;
	/** device_id / request_id of the row. */
	key: string;
	column: string;
	problem: string;
}

/** Records from rows; a column whose JSON does not parse keeps its text (the schema then names the field) and is reported. */
export function recordsFromRows(table: string, rows: readonly Row[], columns: readonly Column[]): { records: StateRecord[]; problems: RowProblem[] } {
	const records: StateRecord[] = [];
	const problems: RowProblem[] = [];
	const keyColumn = columns[0].column;
	for (const row of rows) {
		const record: Record<string, unknown> = {};
		const key = String(row[keyColumn] ?? '');
		for (const { column, field, decode } of columns) {
			const raw = row[column];
			if (raw === null || raw === undefined) continue;
			if (decode === 'json' && typeof raw === 'string') {
				try {
					record[field] = JSON.parse(raw) as unknown;
				} catch {
					record[field] = raw;
					problems.push({ table, key, column, problem: 'is not valid JSON' });
				}
			} else if (decode === 'boolean') {
				record[field] = raw !== 0;
			} else if (decode === 'approvedVia' && !(typeof raw === 'string' && APPROVAL_KINDS.has(raw))) {
				problems.push({ table, key, column, problem: `holds ${JSON.stringify(raw).slice(0, 40)}, which the gateway reads as no approval kind` });
			} else {
				record[field] = raw;
			}
		}
		records.push(record);
	}
	return { records, problems };
}
