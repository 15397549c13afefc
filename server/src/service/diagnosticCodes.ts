import type { JsonPath } from './parser/jsonDocument';

/** Stable diagnostic codes: quick fixes, the CLI's --json output and users' CI filters rely on them. */
export const Code = {
	JsonSyntax: 'json-syntax',
	DuplicateKey: 'duplicate-key',
	Schema: 'schema',
	MissingScope: 'missing-scope',
	UnknownScope: 'unknown-scope',
	ScopeNewerThanStore: 'scope-newer-than-store',
	ScopeRoleMismatch: 'scope-role-mismatch',
	KeyDeviceIdMismatch: 'key-deviceid-mismatch',
	DeviceIdPublicKeyMismatch: 'deviceid-publickey-mismatch',
	ScopesApprovedDrift: 'scopes-approved-drift',
	TokenScopeBeyondApproved: 'token-scope-beyond-approved',
	TokenRoleMismatch: 'token-role-mismatch',
	TokenRoleNotApproved: 'token-role-not-approved',
	RoleWithoutActiveToken: 'role-without-active-token',
	EmptyOperatorBaseline: 'empty-operator-baseline',
	BadTimestamp: 'bad-timestamp',
	UpgradeImportSkipsRecord: 'upgrade-import-skips-record',
	UpgradeImportDropsField: 'upgrade-import-drops-field',
	PendingInPaired: 'pending-in-paired',
	PendingExpired: 'pending-expired',
	KeyRequestIdMismatch: 'key-requestid-mismatch',
	StateMigrated: 'state-migrated',
	// What a pending request is, against the device's paired record (openclaw doctor's device-pairing kinds).
	PendingNewDevice: 'pending-new-device',
	PendingKeyChanged: 'pending-key-changed',
	PendingRoleUpgrade: 'pending-role-upgrade',
	PendingScopeUpgrade: 'pending-scope-upgrade',
	PendingReapproval: 'pending-reapproval',
	// This machine's cached device tokens against the gateway's record of the device.
	LocalTokenStale: 'local-token-stale',
	LocalScopesDrift: 'local-scopes-drift',
	LocalRoleNotApproved: 'local-role-not-approved',
	// Stores a 2026.9.5+ gateway no longer reads, left in a state dir whose pairing lives in SQLite.
	LegacyPairingStore: 'legacy-pairing-store',
	LegacyDeviceAuthStore: 'legacy-device-auth-store',
} as const;
export type DiagnosticCode = (typeof Code)[keyof typeof Code];

export const SOURCE = 'openclaw-pairing';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Payload carried in Diagnostic.data; the code action provider reads it and never re-derives the problem. */
export interface DiagnosticData {
	/** Path of the value the diagnostic is about. */
	path: JsonPath;
	/** Top-level key of the record (deviceId in paired.json, requestId in pending.json). */
	recordKey?: string | undefined;
	/** role-without-active-token: the role. */
	role?: string | undefined;
	/** missing-scope: the scopes to add. */
	missing?: string[] | undefined;
	/** unknown-scope: the catalog scope it most likely meant. */
	replacement?: string | undefined;
	/** unknown-scope / token-scope-beyond-approved: the offending scope. */
	scope?: string | undefined;
	/** key/deviceId/publicKey mismatches: the value that would be consistent. */
	expected?: string | undefined;
}

/** A finding in document offsets, before it becomes an LSP Diagnostic or a CLI line. */
export interface Finding {
	code: DiagnosticCode;
	severity: Severity;
	message: string;
	offset: number;
	length: number;
	data: DiagnosticData;
}
