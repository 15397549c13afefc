// How the JSON→SQLite import (migrateLegacyDevicePairingStore) stores each field of a paired.json record, read from the
// 2026.8.1 and 2026.9.6 dists and checked by test/gateway/importOracle.test.ts against that code itself.
//
// The target table (device_pairing_paired) is STRICT: a TEXT column takes a string or, converted, a number/boolean; an
// INTEGER column takes a whole number below 2^63, a boolean or a numeric string; arrays and objects cannot be bound.
// 2026.8 inserts the records as they are, so one unstorable value fails the whole import; 2026.9 first skips records
// without a usable publicKey/createdAtMs/approvedAtMs and omits optional fields of the wrong type.

export type ColumnKind = 'text' | 'integer' | 'json';

interface Column {
	kind: ColumnKind;
	/** NOT NULL in the table; 2026.9 skips a record whose value it does not accept. */
	required?: boolean;
}

/** Every record field with a column, by the name paired.json uses (deviceId comes from the record's key). */
export const PAIRED_COLUMNS: Readonly<Record<string, Column>> = {
	publicKey: { kind: 'text', required: true },
	displayName: { kind: 'text' },
	operatorLabel: { kind: 'text' },
	platform: { kind: 'text' },
	deviceFamily: { kind: 'text' },
	clientId: { kind: 'text' },
	clientMode: { kind: 'text' },
	browserOrigin: { kind: 'text' },
	role: { kind: 'text' },
	roles: { kind: 'json' },
	scopes: { kind: 'json' },
	approvedScopes: { kind: 'json' },
	remoteIp: { kind: 'text' },
	tokens: { kind: 'json' },
	approvedVia: { kind: 'text' },
	nodeSurface: { kind: 'json' },
	pendingNodeSurface: { kind: 'json' },
	createdAtMs: { kind: 'integer', required: true },
	approvedAtMs: { kind: 'integer', required: true },
	lastSeenAtMs: { kind: 'integer' },
	lastSeenReason: { kind: 'text' },
};

/** approvedVia values the gateway reads back (fromApprovedViaColumn); any other stored value reads as absent. */
export const APPROVAL_KINDS: readonly string[] = ['owner', 'silent', 'trusted-cidr', 'trusted-proxy', 'ssh-verified', 'bootstrap'];

export function hasColumn(field: string): boolean {
	return Object.prototype.hasOwnProperty.call(PAIRED_COLUMNS, field);
}

/** What SQLite does with one JSON value bound to a column of a STRICT table (2026.8 binds values unchecked). */
export type Stored =
	| { stored: true; integer?: number }
	| { stored: false; absent: true } // null: the column stays NULL and the field reads back as absent
	| { stored: false; absent: false; why: string }; // the insert throws

const SQLITE_SPACE = '[ \\t\\n\\v\\f\\r]*';
const NUMERIC_TEXT = new RegExp(`^${SQLITE_SPACE}[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?${SQLITE_SPACE}$`);
const INT64_LIMIT = 2 ** 63;

export function storeValue(kind: ColumnKind, value: unknown): Stored {
	if (value === null) return { stored: false, absent: true };
	if (kind === 'json') return { stored: true }; // JSON.stringify; an explicit null reads back as absent (above)
	if (typeof value === 'object') return { stored: false, absent: false, why: `an ${Array.isArray(value) ? 'array' : 'object'} cannot be stored` };
	if (kind === 'text') return { stored: true }; // numbers and booleans become text ("5.0", "1")
	if (typeof value === 'boolean') return { stored: true, integer: value ? 1 : 0 };
	const n = typeof value === 'number' ? value : NUMERIC_TEXT.test(value as string) ? Number((value as string).trim()) : NaN;
	if (!Number.isInteger(n) || Math.abs(n) >= INT64_LIMIT) {
		const what = typeof value === 'number' ? 'a fraction or too large' : 'text that is not a whole number';
		return { stored: false, absent: false, why: `${what} cannot be stored in an integer column` };
	}
	return { stored: true, integer: n };
}

/** A short description of a JSON value's type for messages ("a number", "an array"). */
export function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'number') return Number.isInteger(value) ? 'a number' : 'a fraction';
	if (typeof value === 'string') return 'text';
	return `a ${typeof value}`;
}
