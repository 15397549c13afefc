// A pending request, diagnosed against the live lists: what it asks for against what the device has now, who can
// approve it (as the gateway checks: approvalScopes.ts), and the fix that works from here.
import { possibleApprovers, scopesLacking, scopesToApprove } from '../pairing/approvalScopes';
import { deviceName } from '../pairing/deviceName';
import { namedRoles, requestedRoles } from '../pairing/deviceRoles';
import type { PairedDevice, PendingDeviceRequest, PendingNodeRequest } from '../pairing/types';
import { compareVersions, JSON_ERA_LAST_VERSION, LATEST_VERSION, missingScopes, roleOfScope } from '../scopes/scopeCatalog';
import type { Diagnosis, DiagnosisReason, DoctorContext, Fix, LiveView } from './diagnosis';
import { approveFix, approveNodeFix, breakLoopFix } from './fixes';

const PAIRING = 'operator.pairing';

export const cliOf = (ctx: DoctorContext): string => ctx.cli ?? 'openclaw-pairing';

/** The storage era of the gateway looked at: its version when connected, else the state dir's files. */
export function eraOf(ctx: DoctorContext): 'json' | 'sqlite' | 'unknown' {
	const v = ctx.live?.serverVersion;
	if (v && /^\d+\.\d+\.\d+/.test(v)) return compareVersions(v, JSON_ERA_LAST_VERSION) <= 0 ? 'json' : 'sqlite';
	return ctx.state?.era ?? 'unknown';
}

export const list = (items: readonly string[] | undefined): string => (items && items.length ? items.join(', ') : 'none');

/** Roles with a token the gateway still honours: a revoked role must be approved again ("role-upgrade", measured). */
export function activeRoles(device: PairedDevice): string[] {
	return namedRoles(device).filter((role) => !device.tokens.some((t) => t.role === role && t.revokedAtMs !== undefined));
}

export function revokedRoles(device: PairedDevice): string[] {
	const active = activeRoles(device);
	return namedRoles(device).filter((role) => !active.includes(role));
}

export function describeRequester(req: PendingDeviceRequest): string {
	const about = [req.clientId, req.platform, req.remoteIp].filter(Boolean).join(', ');
	return `${deviceName(req)}${about ? ` (${about})` : ''}`;
}

/** Request by exact id, by a unique prefix, or the device's newest one. */
export function findPending(live: LiveView, ids: { requestId?: string | undefined; prefix?: string | undefined; deviceId?: string | undefined }) {
	const pending = live.snapshot.pending;
	if (ids.requestId) {
		const exact = pending.find((p) => p.requestId === ids.requestId);
		if (exact) return { request: exact };
		const node = live.snapshot.nodes.find((n) => n.requestId === ids.requestId);
		if (node) return { node };
	}
	if (ids.prefix) {
		const matches = pending.filter((p) => p.requestId.startsWith(ids.prefix as string));
		if (matches.length === 1) return { request: matches[0] };
	}
	if (ids.deviceId) {
		const newest = pending.filter((p) => p.deviceId === ids.deviceId).sort((a, b) => b.ts - a.ts)[0];
		if (newest) return { request: newest };
	}
	return {};
}

/** Who can approve `req`: our own connection (on loopback with the shared token it can ask for anything) or a paired device. */
export function approvalOf(req: PendingDeviceRequest, live: LiveView) {
	const version = live.serverVersion;
	const needs = scopesToApprove(req);
	const ownCan = live.own.via === 'sharedToken' || scopesLacking([PAIRING, ...needs], live.own.scopes, version).length === 0;
	const approvers = possibleApprovers(live.snapshot.paired, [PAIRING, ...needs], version).filter((d) => d.deviceId !== req.deviceId);
	return { needs, ownCan, approvers };
}

export function diagnoseRequest(req: PendingDeviceRequest, ctx: DoctorContext & { live: LiveView }): Diagnosis {
	const live = ctx.live;
	const paired = live.snapshot.paired.find((d) => d.deviceId === req.deviceId);
	const askedRoles = requestedRoles(req);
	const requestedScopes = [...new Set(req.scopes ?? [])];
	const details = [`Request ${req.requestId} from ${describeRequester(req)}.`, `Requested: role ${list(askedRoles)}; scopes ${list(requestedScopes)}.`];
	let reason: DiagnosisReason = 'not-paired';
	let summary = `${deviceName(req)} is not paired yet: its first pairing request waits for approval.`;
	if (paired) {
		const approvedRoles = activeRoles(paired);
		const approvedScopes = paired.scopes ?? [];
		const addedRoles = askedRoles.filter((r) => !approvedRoles.includes(r));
		const addedScopes = requestedScopes.filter(
			(s) => missingScopes([s], approvedScopes, roleOfScope(s) ?? 'operator', live.serverVersion ?? LATEST_VERSION).length > 0,
		);
		details.push(`Approved now: role ${list(approvedRoles)}; scopes ${list(approvedScopes)}.`);
		if (addedRoles.length || addedScopes.length) details.push(`Approving adds: ${[...addedRoles.map((r) => `role ${r}`), ...addedScopes].join(', ')}.`);
		const revoked = revokedRoles(paired);
		if (revoked.length) details.push(`Its ${revoked.join(', ')} token was revoked, so that role must be approved again.`);
		if (paired.publicKey && req.publicKey && paired.publicKey !== req.publicKey) {
			reason = 'paired-key-mismatch';
			summary = `The paired record of ${deviceName(req)} holds another public key than the device signs with (paired.json edited or restored), so the gateway asks again.`;
		} else if (addedRoles.length) {
			reason = 'role-upgrade-pending';
			summary = `${deviceName(req)} asks for role ${addedRoles.join(', ')}, which it is not approved for: the upgrade waits for approval.`;
		} else if (addedScopes.length) {
			reason = 'scope-upgrade-pending';
			summary = `${deviceName(req)} asks for ${addedScopes.join(', ')} beyond what it is approved for: the scope upgrade waits for approval.`;
		} else {
			reason = 'metadata-upgrade-pending';
			summary = `${deviceName(req)} is paired, but its details changed (platform, device family or key): the gateway wants it approved again.`;
		}
	}
	const { fix, nobody, approvalDetails } = approvalFix(req, paired, ctx);
	details.push(...approvalDetails);
	if (nobody) {
		return {
			reason: 'nobody-can-approve',
			summary: nobodySummary(req, nobody),
			details: [summary, ...details],
			fix,
			requestId: req.requestId,
			deviceId: req.deviceId,
			live: true,
		};
	}
	return { reason, summary, details, fix, requestId: req.requestId, deviceId: req.deviceId, live: true };
}

function nobodySummary(req: PendingDeviceRequest, needs: readonly string[]): string {
	return `Nobody can approve ${deviceName(req)}'s request: approving it needs ${needs.join(', ')}, which no paired device and not this connection holds.`;
}

function approvalFix(
	req: PendingDeviceRequest,
	paired: PairedDevice | undefined,
	ctx: DoctorContext & { live: LiveView },
): { fix: Fix; nobody?: string[]; approvalDetails: string[] } {
	const live = ctx.live;
	const cli = cliOf(ctx);
	const { needs, ownCan, approvers } = approvalOf(req, live);
	const needsText = `Approving needs ${list([PAIRING, ...needs.filter((s) => s !== PAIRING)])}`;
	const ours = `this connection holds ${list(live.own.scopes)}${live.own.via === 'sharedToken' ? ' and logs in with the shared token on loopback (it asks for more when an approval needs it)' : ''}`;
	if (ownCan) return { fix: approveFix(req.requestId, cli), approvalDetails: [`${needsText}; ${ours}.`] };
	if (approvers.length) {
		const who = approvers.slice(0, 3).map((d) => deviceName(d));
		return {
			fix: approveFix(req.requestId, cli, 'gatewayHost'),
			approvalDetails: [`${needsText}; ${ours}.`, `Paired devices that can approve it: ${who.join(', ')}${approvers.length > 3 ? ', …' : ''}.`],
		};
	}
	const lines = [`${needsText}; ${ours}; no paired device holds it.`];
	const device = eraOf(ctx) === 'json' ? loopBreaker(req, paired, live) : undefined;
	if (device) {
		lines.push(`On the gateway host, ${cli} approve ${req.requestId} with the shared token can approve it too (it logs in without a device there).`);
		const fix = breakLoopFix({
			device,
			requestId: req.requestId,
			scopes: needs,
			stateDir: ctx.state?.stateDir,
			cli,
			ownRequest: device.deviceId === req.deviceId,
		});
		return { fix, nobody: needs, approvalDetails: lines };
	}
	return { fix: approveFix(req.requestId, cli, 'gatewayHost'), nobody: needs, approvalDetails: lines };
}

/**
 * Whose paired.json record gets the scopes: the requesting device itself when it is a paired operator asking for
 * operator scopes (granting them is the approval); else an operator that can then approve: ours, the openclaw CLI's
 * (clientId "cli"), or any paired operator holding operator.pairing.
 */
function loopBreaker(req: PendingDeviceRequest, paired: PairedDevice | undefined, live: LiveView): { deviceId: string; name: string } | undefined {
	const operatorOnly = namedRoles(req).every((r) => r === 'operator');
	if (paired && operatorOnly && activeRoles(paired).includes('operator')) return { deviceId: paired.deviceId, name: deviceName(paired) };
	const operators = live.snapshot.paired.filter((d) => d.deviceId !== req.deviceId && activeRoles(d).includes('operator'));
	const pick =
		operators.find((d) => d.deviceId === live.own.deviceId) ??
		operators.find((d) => d.clientId === 'cli') ??
		operators.find((d) => scopesLacking([PAIRING], d.scopes ?? [], live.serverVersion).length === 0);
	return pick ? { deviceId: pick.deviceId, name: deviceName(pick) } : undefined;
}

export function diagnoseNodeRequest(node: PendingNodeRequest, ctx: DoctorContext & { live: LiveView }): Diagnosis {
	const needs = node.requiredApproveScopes ?? [PAIRING];
	const lacking = ctx.live.own.via === 'sharedToken' ? [] : scopesLacking(needs, ctx.live.own.scopes, ctx.live.serverVersion);
	return {
		reason: 'node-approval-pending',
		summary: `Node ${deviceName(node)} waits for its node approval (node.pair).`,
		details: [
			`Request ${node.requestId}; commands: ${list(node.commands)}.`,
			`Approving needs ${list(needs)}${lacking.length ? `; this connection lacks ${lacking.join(', ')}: run it on the gateway host` : ''}.`,
		],
		fix: approveNodeFix(node.requestId),
		requestId: node.requestId,
		live: true,
	};
}
