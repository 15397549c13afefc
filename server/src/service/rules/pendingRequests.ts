import { Code } from '../diagnosticCodes';
import { deviceIdFromPublicKey } from '../identity';
import { RuleContext, records } from '../ruleContext';

/** pending.json expires requests 5 minutes after ts (refreshedAtMs from 2026.7.33): PENDING_TTL_MS. */
const PENDING_TTL_MS = 300_000;

/** pending.json: key = requestId, deviceId = sha256(publicKey), and requests the gateway has already dropped. */
export function pendingRequestsRule(ctx: RuleContext): void {
	const now = ctx.settings.now();
	for (const { key, record } of records(ctx)) {
		if (typeof record.requestId === 'string' && record.requestId !== key) {
			ctx.report(
				Code.KeyRequestIdMismatch,
				'error',
				'This key differs from the requestId: approving by the listed requestId fails with "unknown requestId".',
				[key],
				{
					target: 'key',
					data: { expected: record.requestId },
				},
			);
		}
		const derived = typeof record.publicKey === 'string' ? deviceIdFromPublicKey(record.publicKey) : undefined;
		if (derived && typeof record.deviceId === 'string' && record.deviceId !== derived) {
			ctx.report(Code.DeviceIdPublicKeyMismatch, 'error', `deviceId is not the sha256 of publicKey (expected ${derived}).`, [key, 'deviceId'], {
				data: { expected: derived },
			});
		}
		const age = expiredFor(record, now);
		if (age !== undefined) {
			const minutes = Math.round(age / 60_000);
			ctx.report(
				Code.PendingExpired,
				'info',
				`This request expired ${minutes} min ago (requests live 5 minutes): the gateway drops it on its next read. Ask the device to connect again for a new request.`,
				[key],
				{
					target: 'key',
				},
			);
		}
	}
}

/** How long ago a request expired (ms past its 5 minutes), or undefined while it lives: the gateway prunes it on read. */
export function expiredFor(record: Record<string, unknown>, now: number): number | undefined {
	const last = typeof record.refreshedAtMs === 'number' ? record.refreshedAtMs : record.ts;
	return typeof last === 'number' && now - last > PENDING_TTL_MS ? now - last : undefined;
}
