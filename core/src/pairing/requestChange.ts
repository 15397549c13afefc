// What a pending device request changes against the device's paired record: the one classifier behind the Pending
// tree, the approve modal and the new-request notification (editor-free, so the CLI can share it).
import { missingScopes, roleOfScope } from '../scopes/scopeCatalog';
import type { PairedDevice, PendingDeviceRequest } from './types';

/**
 * `repair`: nothing new is asked for, but the gateway still wants a person to look: the device's pinned platform or
 * device family changed ("metadata-upgrade"), or its key did.
 */
export type RequestChangeKind = 'new pairing' | 'role upgrade' | 'scope upgrade' | 'repair';

export interface RequestChange {
	kind: RequestChangeKind;
	/** The roles the request asks for (the gateway reads a missing role as operator). */
	requestedRoles: string[];
	requestedScopes: string[];
	/** What the paired record holds now; empty for a new pairing. */
	approvedRoles: string[];
	approvedScopes: string[];
	/** What approving adds. A scope an approved one already implies (anything under operator.admin) is not added. */
	addedRoles: string[];
	addedScopes: string[];
	/** The pinned details that differ from the paired record, as "platform: linux → darwin"; "public key" for a new key. */
	changed: string[];
}

/** A version after every implication rule: used when the gateway's version is unknown. */
const LATEST = '9999.12.31';

/**
 * The gateway's own fields: device.pair.list leaves `approvedScopes` out of a paired record (protocol.md §4), and its
 * `scopes` is that baseline as of the last approval (measured on 2026.6.6 and 2026.9.6).
 */
function approvedScopesOf(paired: PairedDevice): string[] {
	return [...(paired.scopes ?? [])];
}

function rolesOf(d: { role?: string; roles?: string[] }): string[] {
	const roles = d.roles && d.roles.length > 0 ? d.roles : d.role ? [d.role] : [];
	return [...new Set(roles.filter(Boolean))];
}

/** The device details the gateway pins at pairing and re-asks about when they change (message-handler metadata pinning). */
const PINNED: readonly ('platform' | 'deviceFamily')[] = ['platform', 'deviceFamily'];

function changedDetails(req: PendingDeviceRequest, paired: PairedDevice): string[] {
	const changed: string[] = [];
	for (const key of PINNED) {
		const was = paired[key];
		const now = req[key];
		if (was !== undefined && now !== undefined && was !== now) changed.push(`${key === 'deviceFamily' ? 'device family' : key}: ${was} → ${now}`);
	}
	if (paired.publicKey !== undefined && req.publicKey !== undefined && paired.publicKey !== req.publicKey) changed.push('public key');
	return changed;
}

/** Classify `req` against `paired` (the record with the same deviceId, if any) as the gateway of `version` would. */
export function classifyRequest(req: PendingDeviceRequest, paired: PairedDevice | undefined, version?: string): RequestChange {
	const requestedRoles = rolesOf(req);
	if (requestedRoles.length === 0) requestedRoles.push('operator');
	const requestedScopes = [...new Set(req.scopes ?? [])];
	if (!paired) {
		return {
			kind: 'new pairing',
			requestedRoles,
			requestedScopes,
			approvedRoles: [],
			approvedScopes: [],
			addedRoles: [...requestedRoles],
			addedScopes: [...requestedScopes],
			changed: [],
		};
	}
	const approvedRoles = rolesOf(paired);
	const approvedScopes = approvedScopesOf(paired);
	const addedRoles = requestedRoles.filter((r) => !approvedRoles.includes(r));
	// Per scope, under the role it belongs to: operator.* with the gateway's implications, node.* exactly.
	const addedScopes = requestedScopes.filter((s) => missingScopes([s], approvedScopes, roleOfScope(s) ?? 'operator', version ?? LATEST).length > 0);
	const kind: RequestChangeKind = addedRoles.length ? 'role upgrade' : addedScopes.length ? 'scope upgrade' : 'repair';
	return { kind, requestedRoles, requestedScopes, approvedRoles, approvedScopes, addedRoles, addedScopes, changed: changedDetails(req, paired) };
}
