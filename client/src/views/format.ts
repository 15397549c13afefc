import type { PairedDevice, PendingDeviceRequest, PendingNodeRequest, TokenSummary } from '../pairing/types';
import { ADMIN_SCOPE, scopeInfo } from '../../../server/src/service/scopeCatalog';

/** Human age: "12 s", "4 min", "3 h", "2 d". */
export function age(fromMs: number | undefined, now = Date.now()): string {
	if (fromMs === undefined) return 'unknown';
	const s = Math.max(0, Math.round((now - fromMs) / 1000));
	if (s < 60) return `${s} s`;
	if (s < 3600) return `${Math.round(s / 60)} min`;
	if (s < 86400) return `${Math.round(s / 3600)} h`;
	return `${Math.round(s / 86400)} d`;
}

/** Pending requests expire 5 minutes after their last refresh (PENDING_TTL_MS). */
export function expiresIn(req: PendingDeviceRequest, now = Date.now()): string {
	const left = (req.refreshedAtMs ?? req.ts) + 300_000 - now;
	return left <= 0 ? 'expired' : `expires in ${Math.ceil(left / 60_000)} min`;
}

export function deviceName(d: { displayName?: string; operatorLabel?: string; clientId?: string; deviceId?: string; nodeId?: string }): string {
	return d.operatorLabel || d.displayName || d.clientId || (d.deviceId ?? d.nodeId ?? '').slice(0, 12) || 'unnamed device';
}

export function isAdminScope(scope: string): boolean {
	return scope === ADMIN_SCOPE || scopeInfo(scope)?.admin === true;
}

export function scopeList(scopes: readonly string[] | undefined): string {
	if (!scopes || scopes.length === 0) return 'no scopes';
	return scopes.map((s) => (isAdminScope(s) ? `${s} ⚠` : s)).join(', ');
}

/** The public key's fingerprint as the user can compare it with `openclaw devices list`: the deviceId, grouped. */
export function fingerprint(deviceId: string): string {
	return (deviceId.match(/.{1,8}/g) ?? []).slice(0, 4).join(' ') + ' …';
}

export function requestKind(req: PendingDeviceRequest, paired: PairedDevice | undefined): string {
	if (!paired) return 'new pairing';
	const newRoles = (req.roles ?? [req.role ?? '']).filter((r) => r && !(paired.roles ?? [paired.role]).includes(r));
	if (newRoles.length) return 'role upgrade';
	return req.isRepair ? 'scope upgrade' : 're-approval';
}

/** Tokens as a tooltip shows them: role, scopes, state; the token itself is never in the list payload or here. */
export function tokenLine(t: TokenSummary): string {
	const state = t.revokedAtMs ? 'revoked' : t.rotatedAtMs ? `rotated ${age(t.rotatedAtMs)} ago` : 'active';
	return `${t.role}: ••••••• (${state}; ${scopeList(t.scopes)})`;
}

export function nodeSummary(n: PendingNodeRequest): string {
	return [n.platform, n.clientId, n.remoteIp].filter(Boolean).join(' · ');
}
