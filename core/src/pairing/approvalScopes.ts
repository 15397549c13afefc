// What our connection must hold to decide a request, as the gateway checks it (9.6 server-methods/devices.ts
// "device.pair.approve", infra/device-pairing-approval.ts; the same refusals measured on 6.6): a caller without
// operator.admin may not approve a request for a non-operator role (a node: "role-management-requires-admin"), and
// approving passes the caller's scopes on as callerScopes, each requested scope must be covered by them.
import { GatewaySession, serverVersion } from '../gateway';
import { ADMIN_SCOPE, missingScopes } from '../scopes/scopeCatalog';
import { requestedRoles } from './deviceRoles';
import type { PairedDevice, PendingDeviceRequest, PendingNodeRequest } from './types';

/** The scopes an approver must hold to approve this device request. */
export function scopesToApprove(request: PendingDeviceRequest): string[] {
	if (requestedRoles(request).some((r) => r !== 'operator')) return [ADMIN_SCOPE];
	return [...new Set((request.scopes ?? []).map((s) => s.trim()).filter((s) => s.startsWith('operator.')))];
}

/** Rejecting a non-operator role needs admin as well; an operator request only operator.pairing (the method's scope). */
export function scopesToReject(request: PendingDeviceRequest): string[] {
	return requestedRoles(request).some((r) => r !== 'operator') ? [ADMIN_SCOPE] : [];
}

/** Approving a node names what it needs itself (node.pair.list `requiredApproveScopes`). */
export function scopesToDecideNode(request: PendingNodeRequest): string[] {
	return [...new Set(request.requiredApproveScopes ?? [])];
}

/** What `held` lacks of `needed`, as the gateway of `version` counts (admin covers every operator scope). */
/** The scopes a session's calls are authorised with: those it asked for that the gateway granted (GatewaySession.requestedScopes). */
export function sessionScopes(session: Pick<GatewaySession, 'hello' | 'requestedScopes'>): string[] {
	const granted = session.hello.auth.scopes;
	const version = serverVersion(session.hello);
	return session.requestedScopes.filter((s) => scopesLacking([s], granted, version).length === 0);
}

export function scopesLacking(needed: readonly string[], held: readonly string[], version: string | undefined): string[] {
	return missingScopes(needed, held, 'operator', version ?? '9999.0.0');
}

/** Paired devices that could approve `needed` themselves (their approved scopes cover it): none means nobody paired can. */
export function possibleApprovers(paired: readonly PairedDevice[], needed: readonly string[], version: string | undefined): PairedDevice[] {
	return paired.filter((d) => requestedRoles(d).includes('operator') && scopesLacking(needed, d.scopes ?? [], version).length === 0);
}
