// This machine's device identity and cached device tokens from a 2026.9 state/openclaw.sqlite: the device_identities
// "primary" row (src/infra/device-identity-store.ts) and its device_auth_tokens rows (device-auth-store.kernel.ts
// readDeviceAuthTokensFromDatabase, 2026.9.6). Only the id, roles, scopes and times are selected: never a private key,
// never a token value.
import type { LocalAuthToken, LocalDeviceAuth } from '../pairing/localDeviceAuth';
import type { MemoryDatabase } from './sqliteDatabase';
import { SQLITE_STORE_RELATIVE_PATH } from './stateLayout';

export const IDENTITY_TABLE = 'device_identities';
export const DEVICE_AUTH_TABLE = 'device_auth_tokens';

/** The identity key of this machine's own device (PRIMARY_DEVICE_IDENTITY_KEY). */
const PRIMARY = 'primary';

/** What the gateway validates a stored device id as (validateStoredDeviceIdentity); also what makes it safe in SQL. */
const DEVICE_ID = /^[a-f0-9]{64}$/;

/** Undefined when the database has no (valid) primary identity: doctor then has nothing to compare either. */
export function readLocalDeviceAuth(db: MemoryDatabase, tables: ReadonlySet<string>): LocalDeviceAuth | undefined {
	if (!tables.has(IDENTITY_TABLE)) return undefined;
	const [identity] = db.all(`SELECT device_id FROM ${IDENTITY_TABLE} WHERE identity_key = '${PRIMARY}'`);
	const deviceId = identity?.device_id;
	if (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId)) return undefined;
	const tokens: LocalAuthToken[] = [];
	if (tables.has(DEVICE_AUTH_TABLE)) {
		const rows = db.all(`SELECT role, scopes_json, updated_at_ms FROM ${DEVICE_AUTH_TABLE} WHERE device_id = '${deviceId}' ORDER BY role`);
		for (const row of rows) {
			const token = tokenFromRow(row);
			if (token) tokens.push(token);
		}
	}
	return { deviceId, tokens, source: SQLITE_STORE_RELATIVE_PATH };
}

/** A row the gateway would skip (scopes not a JSON array) is skipped here too (fromRow). */
function tokenFromRow(row: Record<string, unknown>): LocalAuthToken | undefined {
	if (typeof row.role !== 'string' || typeof row.scopes_json !== 'string') return undefined;
	let scopes: unknown;
	try {
		scopes = JSON.parse(row.scopes_json);
	} catch {
		return undefined;
	}
	if (!Array.isArray(scopes)) return undefined;
	const updatedAtMs = typeof row.updated_at_ms === 'number' ? row.updated_at_ms : Number(row.updated_at_ms);
	return { role: row.role, scopes: scopes.filter((s): s is string => typeof s === 'string'), updatedAtMs: Number.isFinite(updatedAtMs) ? updatedAtMs : 0 };
}
