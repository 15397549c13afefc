import type { PairedDevice, PendingDeviceRequest, PendingNodeRequest, TokenSummary } from '../../../core/src/pairing/types';
import { classifyRequest, RequestChange } from '../../../core/src/pairing/requestChange';
import { ADMIN_SCOPE, scopeInfo } from '../../../core/src/scopes/scopeCatalog';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The unit "ago" counts in at this elapsed time; the text changes only when a whole unit has passed. */
function agoUnit(elapsedMs: number): { ms: number; name: string } | undefined {
	if (elapsedMs < MINUTE) return undefined;
	if (elapsedMs < HOUR) return { ms: MINUTE, name: 'min' };
	if (elapsedMs < DAY) return { ms: HOUR, name: 'h' };
	return { ms: DAY, name: 'd' };
}

/**
 * A tree row's relative time: "just now", "4 min ago", "3 h ago", "2 d ago" (whole units, rounded down). No seconds:
 * a row that ticks every second would have to be re-rendered every second; the tooltip has the exact clock time.
 */
export function ago(fromMs: number, now: number): string {
	const elapsed = Math.max(0, now - fromMs);
	const unit = agoUnit(elapsed);
	return unit ? `${Math.floor(elapsed / unit.ms)} ${unit.name} ago` : 'just now';
}

/** Milliseconds until ago(fromMs, ·) shows a different text, so a view refreshes exactly when it would go stale. */
export function agoChangesIn(fromMs: number, now: number): number {
	const elapsed = Math.max(0, now - fromMs);
	const step = agoUnit(elapsed)?.ms ?? MINUTE;
	return step - (elapsed % step);
}

/** Pending requests expire 5 minutes after their last refresh (PENDING_TTL_MS). */
export function expiresAt(req: PendingDeviceRequest): number {
	return (req.refreshedAtMs ?? req.ts) + 300_000;
}

export function expiresIn(req: PendingDeviceRequest, now: number): string {
	const left = expiresAt(req) - now;
	return left <= 0 ? 'expired' : `expires in ${Math.ceil(left / MINUTE)} min`;
}

/** Milliseconds until expiresIn(req, ·) changes (it counts whole minutes up to the expiry); undefined once expired. */
export function expiresInChangesIn(req: PendingDeviceRequest, now: number): number | undefined {
	const left = expiresAt(req) - now;
	if (left <= 0) return undefined;
	return left % MINUTE || MINUTE;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An absolute local time for a tooltip, which nothing refreshes: "14:02:33" today, "2026-11-24 14:02" otherwise. */
export function clockTime(ms: number, now: number): string {
	const d = new Date(ms);
	const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
	if (d.toDateString() === new Date(now).toDateString()) return `${time}:${pad(d.getSeconds())}`;
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

export { deviceName } from '../../../core/src/pairing/deviceName';

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

/** The request's kind in words: "new pairing", "role upgrade", "scope upgrade", "metadata repair", "key repair", "re-approval". */
export function changeLabel(change: RequestChange): string {
	if (change.kind !== 'repair') return change.kind;
	if (change.changed.includes('public key')) return 'key repair';
	return change.changed.length ? 'metadata repair' : 're-approval';
}

export function requestKind(req: PendingDeviceRequest, paired: PairedDevice | undefined, version?: string): string {
	return changeLabel(classifyRequest(req, paired, version));
}

/** Roles, then scopes (admin marked): "operator · operator.admin ⚠, operator.read". */
export function grantText(roles: readonly string[], scopes: readonly string[]): string {
	return `${roles.join(', ') || 'no role'} · ${scopeList(scopes)}`;
}

/** What approving adds, each called out: "+ node role, + operator.admin ⚠"; "nothing new" for a repair. */
export function addedText(change: RequestChange): string {
	const added = [...change.addedRoles.map((r) => `+ ${r} role`), ...change.addedScopes.map((s) => `+ ${s}${isAdminScope(s) ? ' ⚠' : ''}`)];
	return added.join(', ') || 'nothing new';
}

/**
 * "Requested" beside "Approved now" (and what is added, and what changed), the same rows in the tree's tooltip and in
 * the approve modal. A new pairing has nothing approved yet: its rows are the role and scopes it asks for (the modal
 * calls them "Scopes", what is granted; the tooltip "Requested scopes").
 */
export function changeRows(change: RequestChange, scopesLabel = 'Scopes'): { label: string; value: string }[] {
	if (change.kind === 'new pairing')
		return [
			{ label: 'Role', value: change.requestedRoles.join(', ') },
			{ label: scopesLabel, value: change.requestedScopes.length ? scopeList(change.requestedScopes) : 'none' },
		];
	return [
		{ label: 'Requested', value: grantText(change.requestedRoles, change.requestedScopes) },
		{ label: 'Approved now', value: grantText(change.approvedRoles, change.approvedScopes) },
		{ label: 'Adds', value: addedText(change) },
		...(change.changed.length ? [{ label: 'Changed', value: change.changed.join('; ') }] : []),
	];
}

/**
 * What a pending request asks for, in the fewest words, for the start of its row (the sidebar cuts the end off):
 * "new operator", "new operator + admin ⚠", "+operator.write, +operator.admin ⚠", "+node role", "re-approve operator".
 */
export function pendingAsks(req: PendingDeviceRequest, paired: PairedDevice | undefined, version?: string): string {
	const change = classifyRequest(req, paired, version);
	const admin = change.requestedScopes.some(isAdminScope) ? ' + admin ⚠' : '';
	if (change.kind === 'new pairing') return `new ${change.requestedRoles.join(', ')}${admin}`;
	const scopes = change.addedScopes.map((s) => `+${s}${isAdminScope(s) ? ' ⚠' : ''}`);
	if (change.kind === 'role upgrade') {
		const roles = `+${change.addedRoles.join(', +')} role${change.addedRoles.length === 1 ? '' : 's'}`;
		return [roles, ...scopes].join(', ');
	}
	if (change.kind === 'scope upgrade') return scopes.join(', ');
	const what = change.changed.map((c) => c.replace(/:.*$/, ''));
	return what.length ? `re-approve: ${what.join(', ')} changed` : `re-approve ${change.requestedRoles.join(', ')}${admin}`;
}

/** A pending device request's row description: what it asks for first, then how long it has waited. */
export function pendingDescription(req: PendingDeviceRequest, paired: PairedDevice | undefined, now: number, version?: string): string {
	return `${pendingAsks(req, paired, version)} · ${ago(req.ts, now)}`;
}

/** A paired device's row description: its state first (connected / last seen), then its roles. */
export function pairedDescription(d: PairedDevice, now: number): string {
	const roles = (d.roles ?? [d.role]).filter(Boolean).join(', ');
	return [lastSeen(d, now), roles].filter(Boolean).join(' · ');
}

/** "connected", "seen 4 min ago", "never seen": the same words in the row and in its "Last seen" detail. */
export function lastSeen(d: PairedDevice, now: number): string {
	if (d.connected) return 'connected';
	return d.lastSeenAtMs ? `seen ${ago(d.lastSeenAtMs, now)}` : 'never seen';
}

/** A node approval's row description: the commands it asks to run first, then its age. */
export function nodeDescription(n: PendingNodeRequest, now: number): string {
	const commands = n.commands ?? [];
	const asks = commands.length ? commands.join(', ') : 'no commands';
	return `${asks} · ${ago(n.ts, now)}`;
}

/** Tokens as a tooltip shows them: role, scopes, state; the token itself is never in the list payload or here. */
export function tokenLine(t: TokenSummary, now: number): string {
	const state = t.revokedAtMs ? 'revoked' : t.rotatedAtMs ? `rotated ${ago(t.rotatedAtMs, now)}` : 'active';
	return `${t.role}: ••••••• (${state}; ${scopeList(t.scopes)})`;
}

export function nodeSummary(n: PendingNodeRequest): string {
	return [n.platform, n.clientId, n.remoteIp].filter(Boolean).join(' · ');
}
