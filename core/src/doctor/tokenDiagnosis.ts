// A paired device whose device token stopped working: rotated (it holds the old one), revoked, or the device was
// removed. Measured on 2026.9.6 and 2026.6.6: an old or revoked device token gets "device token mismatch"; a login
// with the shared token then works at once after a rotate, asks for re-approval ("role-upgrade") after a revoke, and
// asks to pair anew after a remove; rotating a revoked token lifts the revoke.
import { deviceName } from '../pairing/deviceName';
import type { PairedDevice } from '../pairing/types';
import type { Diagnosis, DiagnosisReason, DoctorContext, LiveView } from './diagnosis';
import { reconnectWithSharedTokenFix, rotateFix } from './fixes';
import type { InvalidationReason } from './knownErrors';
import { diagnoseRequest, findPending, revokedRoles } from './requestDiagnosis';

const REASON_OF_INVALIDATION: Record<InvalidationReason, DiagnosisReason> = {
	'device-token-rotated': 'stale-device-token',
	'device-token-revoked': 'revoked-device-token',
	'device-pair-removed': 'removed-device',
};

const GENERIC: Record<'stale-device-token' | 'revoked-device-token' | 'removed-device', string> = {
	'stale-device-token': "The device's cached device token is no longer valid: it was rotated or revoked, or the device was removed.",
	'revoked-device-token': "The device's token was revoked: it cannot log in with it any more.",
	'removed-device': 'The device was removed from the gateway: its pairing and tokens are gone.',
};

/** The line names no device (auth failures never do): say what it means and what always helps first. */
export function tokenProblemWithoutDevice(invalidation: InvalidationReason | undefined, ctx: DoctorContext): Diagnosis {
	const reason = invalidation ? (REASON_OF_INVALIDATION[invalidation] as keyof typeof GENERIC) : 'stale-device-token';
	return {
		reason,
		summary: GENERIC[reason],
		details: [
			'The line does not say which device: run the doctor with --device <deviceId> (or pick the device in VS Code) for its exact fix.',
			...(ctx.notLive ? [`Not checked against a gateway: ${ctx.notLive}.`] : []),
		],
		fix: reconnectWithSharedTokenFix('the device'),
		live: false,
	};
}

/** A device token problem of a known device, against the live lists. */
export function diagnoseTokenProblem(
	deviceId: string,
	invalidation: InvalidationReason | undefined,
	ctx: DoctorContext & { live: LiveView },
): Diagnosis | undefined {
	const live = ctx.live;
	const paired = live.snapshot.paired.find((d) => d.deviceId === deviceId);
	const { request } = findPending(live, { deviceId });
	const state = paired ? tokenState(paired) : 'removed';
	const reason: DiagnosisReason =
		state === 'removed'
			? 'removed-device'
			: state === 'revoked'
				? 'revoked-device-token'
				: invalidation
					? REASON_OF_INVALIDATION[invalidation]
					: 'stale-device-token';
	const name = paired ? deviceName(paired) : request ? deviceName(request) : `device ${deviceId.slice(0, 12)}…`;
	const facts = paired ? tokenFacts(paired) : [`${name} is not paired with this gateway.`];
	if (request) {
		// It already asked again with the shared token: approving that request is the fix.
		const asked = diagnoseRequest(request, ctx);
		if (asked.reason === 'nobody-can-approve') return { ...asked, details: [...facts, ...asked.details] };
		return { ...asked, reason, summary: `${summaryOf(reason, name)} It has asked again: approve its request.`, details: [...facts, ...asked.details] };
	}
	if (!paired) return undefined; // not here at all: the caller says "wrong gateway"
	if (state === 'revoked') {
		const role = revokedRole(paired);
		return { reason, summary: summaryOf(reason, name), details: facts, fix: rotateFix(paired, role), deviceId, live: true };
	}
	return { reason, summary: summaryOf(reason, name), details: facts, fix: reconnectWithSharedTokenFix(name), deviceId, live: true };
}

function tokenState(device: PairedDevice): 'active' | 'revoked' {
	return revokedRoles(device).length ? 'revoked' : 'active';
}

function revokedRole(device: PairedDevice): string {
	return revokedRoles(device)[0] ?? 'operator';
}

function tokenFacts(device: PairedDevice): string[] {
	return device.tokens.map((t) => {
		const when = t.revokedAtMs ? `revoked ${iso(t.revokedAtMs)}` : t.rotatedAtMs ? `rotated ${iso(t.rotatedAtMs)}` : `issued ${iso(t.createdAtMs)}`;
		return `Its ${t.role} token (scopes ${t.scopes.join(', ') || 'none'}) was ${when}.`;
	});
}

function iso(ms: number | undefined): string {
	return ms === undefined ? 'at an unknown time' : new Date(ms).toISOString();
}

function summaryOf(reason: DiagnosisReason, name: string): string {
	switch (reason) {
		case 'revoked-device-token':
			return `${name}'s device token was revoked, so its login with it is refused.`;
		case 'removed-device':
			return `${name} was removed from this gateway (or never paired here), so its device token is refused.`;
		default:
			return `${name} logs in with a device token the gateway no longer holds for it (rotated since, or from an earlier pairing), so that login is refused.`;
	}
}
