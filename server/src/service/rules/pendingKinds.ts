import { Code, DiagnosticCode } from '../diagnosticCodes';
import { RuleContext, baselineScopes, deviceLabel, records, shown } from '../ruleContext';
import { expiredFor } from './pendingRequests';
import { parsePairedDevice, parsePendingDeviceRequest } from '../../../../core/src/pairing/listParsing';
import { classifyRequest } from '../../../../core/src/pairing/requestChange';

/**
 * pending.json against the paired records beside it (settings.related.paired): what each request asks for, in the
 * order openclaw doctor decides it (resolvePendingPairingIssue, 2026.9.6): no record → a new device; another public key
 * → the key changed; a role it lacks → role upgrade; a scope it lacks → scope upgrade; else a re-approval. Every
 * request is a person's decision, so each one is said, with the command that decides it.
 */
export function pendingKindsRule(ctx: RuleContext): void {
	const pairedRecords = ctx.settings.related?.paired;
	if (!pairedRecords) return;
	const byDevice = new Map<string, Readonly<Record<string, unknown>>>();
	for (const record of pairedRecords) if (typeof record.deviceId === 'string') byDevice.set(record.deviceId, record);
	const now = ctx.settings.now();
	for (const { key, record } of records(ctx)) {
		const request = parsePendingDeviceRequest(record);
		// The schema rule names what is missing; an expired request is gone on the gateway's next read (pending-expired).
		if (!request || expiredFor(record, now) !== undefined) continue;
		const approve = `"openclaw devices approve ${commandArg(request.requestId)}"`;
		const who = deviceLabel(request.deviceId, record);
		const pairedRecord = byDevice.get(request.deviceId);
		const say = (code: DiagnosticCode, severity: 'info' | 'warning', message: string) => ctx.report(code, severity, message, [key], { target: 'key' });
		if (!pairedRecord) {
			const change = classifyRequest(request, undefined);
			say(
				Code.PendingNewDevice,
				'info',
				`A new device asks to pair: ${who} as ${change.requestedRoles.join(', ')} with ${list(change.requestedScopes)}. If you know it, approve it with ${approve} (see "openclaw devices list").`,
			);
			continue;
		}
		if (pairedRecord.publicKey !== record.publicKey) {
			say(
				Code.PendingKeyChanged,
				'warning',
				`${capitalize(who)} is paired with another public key: its identity was created anew (or another key claims its id), and it gets "pairing required" on every connect. Remove the old record with "openclaw devices remove ${commandArg(request.deviceId)}", then approve this request with ${approve}.`,
			);
			continue;
		}
		const device = parsePairedDevice(pairedRecord);
		if (!device) continue;
		// What the gateway approves against is the baseline (approvedScopes, else scopes), not the list's `scopes`.
		const change = classifyRequest(request, { ...device, scopes: baselineScopes(pairedRecord as Record<string, unknown>) }, ctx.storeVersion);
		if (change.kind === 'role upgrade') {
			say(
				Code.PendingRoleUpgrade,
				'info',
				`${capitalize(who)} asks for the role ${change.addedRoles.join(', ')} on top of its approved ${list(change.approvedRoles, 'no role')}. Approve it with ${approve} if it should have it.`,
			);
		} else if (change.kind === 'scope upgrade') {
			say(
				Code.PendingScopeUpgrade,
				'info',
				`${capitalize(who)} asks for ${change.addedScopes.join(', ')} beyond its approved scopes (${list(change.approvedScopes)}); until approved, its connects that ask for them get "pairing required". Approve it with ${approve}.`,
			);
		} else {
			say(
				Code.PendingReapproval,
				'info',
				`${capitalize(who)} is paired and asks for nothing new${change.changed.length ? ` (changed: ${change.changed.join('; ')})` : ''}, but the gateway wants this request approved before it lets the device in again: ${approve}.`,
			);
		}
	}
}

function list(items: readonly string[], none = 'no scopes'): string {
	return items.length ? items.join(', ') : none;
}

function capitalize(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

/** An id as a command argument: as it is when it is plainly an id (the record's printed name shows it anyway), else quoted and cut. */
function commandArg(id: string): string {
	return /^[A-Za-z0-9._:-]{1,100}$/.test(id) ? id : shown(id, 48).replace(/"/g, "'");
}
