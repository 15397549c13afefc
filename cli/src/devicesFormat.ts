// Human and JSON output of `devices`, `approve` and `reject`. Input is the pairing service's whitelisted snapshot;
// the JSON path still passes through redactSecrets so no future field can leak a credential.
import { redactSecrets } from '../../core/src/pairing/redact';
import type { PairedDevice, PairingSnapshot, PendingDeviceRequest, PendingNodeRequest } from '../../core/src/pairing/types';

/** Exactly {"pending":[…],"paired":[…]} with the gateway's field names. */
export function devicesJson(snapshot: PairingSnapshot): string {
	return JSON.stringify(redactSecrets({ pending: snapshot.pending, paired: snapshot.paired }), null, 2);
}

export function devicesText(snapshot: PairingSnapshot, ownDeviceId: string | undefined, now = Date.now()): string {
	const lines: string[] = [];
	const paired = new Map(snapshot.paired.map((d) => [d.deviceId, d]));
	lines.push(`Pending (${snapshot.pending.length})`);
	if (snapshot.pending.length > 0) {
		lines.push(
			...table(
				['REQUEST', 'DEVICE', 'ROLE', 'SCOPES', 'AGE', 'STATUS'],
				snapshot.pending.map((p) => [
					p.requestId,
					deviceLabel(p, ownDeviceId),
					roles(p),
					list(p.scopes),
					age(now - (p.refreshedAtMs ?? p.ts)),
					status(p, paired.get(p.deviceId)),
				]),
			),
		);
	}
	lines.push('', `Paired (${snapshot.paired.length})`);
	if (snapshot.paired.length > 0) {
		lines.push(
			...table(
				['DEVICE', 'DEVICE ID', 'ROLES', 'SCOPES', 'TOKENS', 'LAST SEEN'],
				snapshot.paired.map((d) => [
					deviceLabel(d, ownDeviceId),
					shortId(d.deviceId),
					roles(d),
					list(d.scopes),
					tokens(d),
					d.lastSeenAtMs ? `${age(now - d.lastSeenAtMs)} ago` : '-',
				]),
			),
		);
	}
	if (snapshot.nodes.length > 0) {
		lines.push('', `Node requests (${snapshot.nodes.length})`);
		lines.push(
			...table(
				['REQUEST', 'NODE', 'COMMANDS', 'NEEDS', 'AGE'],
				snapshot.nodes.map((n) => [n.requestId, nodeLabel(n), list(n.commands), list(n.requiredApproveScopes), age(now - n.ts)]),
			),
		);
	}
	return lines.join('\n');
}

export function approvedText(requestId: string, device: PairedDevice | undefined): string {
	if (!device) return `approved ${requestId}`;
	return `approved ${requestId}: ${deviceLabel(device, undefined)} (${shortId(device.deviceId)}) as ${roles(device)} with ${list(device.scopes)}`;
}

function deviceLabel(d: { deviceId: string; displayName?: string; clientId?: string; operatorLabel?: string }, own: string | undefined): string {
	const name = d.operatorLabel || d.displayName || d.clientId || shortId(d.deviceId);
	return d.deviceId === own ? `${name} (this CLI)` : name;
}

function nodeLabel(n: PendingNodeRequest): string {
	return n.displayName || n.nodeId;
}

/** What the request asks for relative to the paired record (the gateway's own vocabulary in `devices list`). */
function status(p: PendingDeviceRequest, current: PairedDevice | undefined): string {
	if (!current) return p.isRepair ? 'repair' : 'new pairing';
	const had = new Set([...(current.roles ?? []), ...(current.role ? [current.role] : [])]);
	if ([...(p.roles ?? []), ...(p.role ? [p.role] : [])].some((r) => !had.has(r))) return 'role upgrade';
	const scopes = new Set(current.scopes ?? []);
	if ((p.scopes ?? []).some((s) => !scopes.has(s))) return 'scope upgrade';
	return 're-approval';
}

function roles(d: { role?: string; roles?: string[] }): string {
	const all = d.roles && d.roles.length > 0 ? d.roles : d.role ? [d.role] : [];
	return all.join(', ') || '-';
}

function tokens(d: PairedDevice): string {
	return d.tokens.map((t) => (t.revokedAtMs ? `${t.role} (revoked)` : t.role)).join(', ') || '-';
}

function list(values: string[] | undefined): string {
	return values && values.length > 0 ? values.join(', ') : '-';
}

function shortId(id: string): string {
	return id.length > 16 ? `${id.slice(0, 16)}…` : id;
}

function age(ms: number): string {
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 60) return `${s}s`;
	if (s < 3600) return `${Math.round(s / 60)}m`;
	if (s < 86_400) return `${Math.round(s / 3600)}h`;
	return `${Math.round(s / 86_400)}d`;
}

function table(header: string[], rows: string[][]): string[] {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd();
	return [line(header), ...rows.map(line)];
}
