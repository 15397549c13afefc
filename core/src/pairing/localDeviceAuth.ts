// This machine's own device (its identity and the device tokens its clients cached) against the gateway's record of
// that device: what openclaw doctor's device-pairing check compares (collectLocalDeviceAuthIssues, 2026.9.6). Pure.
import { expandStoredScopes } from '../scopes/scopeCatalog';
import { namedRoles } from './deviceRoles';
import type { PairedDevice } from './types';

/** One cached device token, without its value (readers never carry the secret). */
export interface LocalAuthToken {
	role: string;
	scopes: readonly string[];
	updatedAtMs: number;
}

export interface LocalDeviceAuth {
	/** The device id of this machine's identity (2026.9: device_identities "primary"; before: identity/device.json). */
	deviceId: string;
	tokens: readonly LocalAuthToken[];
	/** Where the cache was read, for messages ("state/openclaw.sqlite", "identity/device-auth.json"). */
	source: string;
}

export type LocalAuthIssue =
	/** The gateway issued (or rotated) its token after the cached one was stored: the cache holds a dead token. */
	| { kind: 'stale'; role: string; issuedAtMs: number; cachedAtMs: number }
	/** Same token era, different scopes. */
	| { kind: 'scopes-drift'; role: string; cached: string[]; gateway: string[] }
	/** A cached role the device neither holds an active token for nor is approved for any more. */
	| { kind: 'role-not-approved'; role: string };

/** The issues, in the cache's order; none when the gateway has no record of this device. */
export function localAuthIssues(local: LocalDeviceAuth, device: PairedDevice | undefined): LocalAuthIssue[] {
	if (!device || device.deviceId !== local.deviceId) return [];
	const approved = new Set(namedRoles(device));
	const issues: LocalAuthIssue[] = [];
	for (const entry of local.tokens) {
		const role = entry.role.trim();
		if (!role) continue;
		// The gateway's active token for the role: by the token's own role, not revoked (findTokenSummary).
		const token = device.tokens.find((t) => t.role === role && !t.revokedAtMs);
		if (!token) {
			// An approved role without a token is the record's problem (role-without-active-token), not the cache's.
			if (!approved.has(role)) issues.push({ kind: 'role-not-approved', role });
			continue;
		}
		const issuedAtMs = token.rotatedAtMs ?? token.createdAtMs;
		if (typeof issuedAtMs === 'number' && entry.updatedAtMs < issuedAtMs) {
			issues.push({ kind: 'stale', role, issuedAtMs, cachedAtMs: entry.updatedAtMs });
			continue;
		}
		const cached = expandStoredScopes(entry.scopes);
		const gateway = expandStoredScopes(token.scopes);
		if (cached.join('\n') !== gateway.join('\n')) issues.push({ kind: 'scopes-drift', role, cached, gateway });
	}
	return issues;
}
