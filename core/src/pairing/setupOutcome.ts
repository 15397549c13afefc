// How a setup code ended, as 2026.8.1+ says it: the events device.pair.setup.completed / .deliveryUncertain (sent to
// operator.pairing sessions, dropped for slow clients) and device.pair.setupStatus (operator.admin) for the same facts
// after a reconnect or at expiry. deliveryUncertain: the code was used up, but the gateway could not confirm the phone
// got its credentials — the phone may have to scan a new code. Payloads carry no secret (closed schema: setupId,
// deviceId, deviceName?, access, ts).
import { isRecord } from '../gateway';
import type { SetupAccess } from './setupCode';

export const SETUP_COMPLETED_EVENT = 'device.pair.setup.completed';
export const SETUP_UNCERTAIN_EVENT = 'device.pair.setup.deliveryUncertain';

export interface SetupOutcome {
	kind: 'completed' | 'deliveryUncertain';
	setupId: string;
	deviceId: string;
	deviceName?: string;
	access: SetupAccess;
	ts?: number;
}

/** One setup event's payload; undefined for another event or a payload we cannot read. */
export function parseSetupEvent(event: string, payload: unknown): SetupOutcome | undefined {
	if (event === SETUP_COMPLETED_EVENT) return outcome('completed', payload);
	if (event === SETUP_UNCERTAIN_EVENT) return outcome('deliveryUncertain', payload);
	return undefined;
}

/**
 * device.pair.setupStatus's answer for `setupId`: the outcome, undefined while nothing happened (also what an expired
 * code answers), or an Error for an answer about another code or one we cannot read.
 */
export function parseSetupStatus(payload: unknown, setupId: string): SetupOutcome | undefined | Error {
	if (!isRecord(payload)) return new Error('device.pair.setupStatus: unexpected answer (not an object)');
	const found =
		payload.completion !== undefined
			? outcome('completed', payload.completion)
			: payload.deliveryUncertain !== undefined
				? outcome('deliveryUncertain', payload.deliveryUncertain)
				: undefined;
	if (payload.completion === undefined && payload.deliveryUncertain === undefined) return undefined;
	if (!found) return new Error('device.pair.setupStatus: unexpected answer (unreadable outcome)');
	if (found.setupId !== setupId) return new Error('device.pair.setupStatus: the answer is about another setup code');
	return found;
}

function outcome(kind: SetupOutcome['kind'], payload: unknown): SetupOutcome | undefined {
	if (!isRecord(payload)) return undefined;
	const { setupId, deviceId, deviceName, access, ts } = payload;
	if (typeof setupId !== 'string' || !setupId || typeof deviceId !== 'string' || !deviceId) return undefined;
	if (access !== 'full' && access !== 'limited' && access !== 'node') return undefined;
	const result: SetupOutcome = { kind, setupId, deviceId, access };
	if (typeof deviceName === 'string' && deviceName.trim()) result.deviceName = deviceName.trim();
	if (typeof ts === 'number' && Number.isSafeInteger(ts)) result.ts = ts;
	return result;
}
