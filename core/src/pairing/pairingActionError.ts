// PairingActionError, the one error every pairing action fails with, and the mapping of gateway answers to its
// `failure` kind. The same refusal is worded differently across versions:
// 6.6 and 9.6 both answer device.pair.approve with INVALID_REQUEST "missing scope: X", while method-level
// checks on 9.x answer FORBIDDEN + details.code MISSING_SCOPE; a non-admin approving an id that no longer exists
// gets "device pairing approval denied" (not "unknown requestId") on both.
import { GatewayClosedError, GatewayRequestError, GatewayTimeoutError, isRecord } from '../gateway';
import type { ActionFailureKind } from './types';

/** Why an action on a request or device did not happen; `failure` says what a person can do about it. */
export class PairingActionError extends Error {
	override readonly name = 'PairingActionError';
	/** For `superseded`: the request that replaced it. */
	readonly replacementRequestId?: string;
	/** For `missingScope`: the scope our connection would need. */
	readonly missingScope?: string;
	/** For `needsScope`: what the action needs that our device was not approved for. */
	readonly neededScopes?: string[];
	/** The request was sent but its answer was lost (connection dropped, timeout): it is never re-sent, and the
	 * re-listed snapshot shows whether it took effect. */
	readonly outcomeUnknown?: boolean;
	constructor(
		readonly failure: ActionFailureKind,
		message: string,
		extra: { replacementRequestId?: string; missingScope?: string; neededScopes?: string[]; outcomeUnknown?: boolean; cause?: unknown } = {},
	) {
		super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
		if (extra.replacementRequestId !== undefined) this.replacementRequestId = extra.replacementRequestId;
		if (extra.missingScope !== undefined) this.missingScope = extra.missingScope;
		if (extra.neededScopes !== undefined) this.neededScopes = extra.neededScopes;
		if (extra.outcomeUnknown) this.outcomeUnknown = true;
	}
}

export function isPairingActionError(error: unknown): error is PairingActionError {
	return error instanceof PairingActionError;
}

const MISSING_SCOPE = /\bmissing scope:\s*([A-Za-z0-9_.:-]+)/;
/** 2026.9.6 device.scopes.requestUpgrade / waitUpgrade (src/gateway/server-methods/device-scope-upgrade.ts). */
const ROLE_CAP = /\bexceed your assigned operator role\b/;
const DENIED = /\b(approval|rejection|removal|rename|rotation|revocation) denied\b/;
/** The gateway no longer knows the id ("unknown requestId") or, for a non-admin caller, won't say (denied). */
const GONE_MESSAGES = /\bunknown requestId\b|\bdevice pairing (approval|rejection) denied\b/;

/** Whether a failure may just mean the request is gone; the caller then re-lists to tell expired/superseded apart. */
export function mayMeanRequestGone(error: unknown): boolean {
	return error instanceof GatewayRequestError && GONE_MESSAGES.test(error.message);
}

/** Map any error of a pairing RPC to a PairingActionError. `what` is e.g. "device.pair.approve". */
export function toPairingActionError(error: unknown, what: string): PairingActionError {
	if (isPairingActionError(error)) return error;
	if (error instanceof GatewayRequestError) {
		const detailScope = isRecord(error.details) && typeof error.details.missingScope === 'string' ? error.details.missingScope : undefined;
		const scope = detailScope ?? MISSING_SCOPE.exec(error.message)?.[1];
		if (error.detailCode === 'MISSING_SCOPE' || scope) {
			return new PairingActionError('missingScope', `${what}: the gateway requires ${scope ?? 'a scope'} this connection does not hold`, {
				...(scope ? { missingScope: scope } : {}),
				cause: error,
			});
		}
		if (ROLE_CAP.test(error.message)) return new PairingActionError('roleCap', `${what}: ${gatewayText(error)}`, { cause: error });
		if (/\bunknown requestId\b/.test(error.message))
			return new PairingActionError('expired', `${what}: the gateway no longer knows this request`, { cause: error });
		if (/\bunknown (method|deviceId|nodeId)\b/.test(error.message)) {
			const failure = /unknown method/.test(error.message) ? 'unsupported' : 'gateway';
			return new PairingActionError(failure, `${what}: ${gatewayText(error)}`, { cause: error });
		}
		if (DENIED.test(error.message) || error.code === 'FORBIDDEN') return new PairingActionError('denied', `${what}: ${gatewayText(error)}`, { cause: error });
		return new PairingActionError('gateway', `${what}: ${gatewayText(error)}`, { cause: error });
	}
	if (error instanceof GatewayClosedError) {
		return new PairingActionError(
			'gateway',
			`${what}: the connection dropped before the gateway answered; it is not re-sent — the refreshed list shows whether it took effect`,
			{
				outcomeUnknown: true,
				cause: error,
			},
		);
	}
	if (error instanceof GatewayTimeoutError) {
		return new PairingActionError(
			'gateway',
			`${what}: no answer within ${error.timeoutMs} ms; it is not re-sent — the refreshed list shows whether it took effect`,
			{
				outcomeUnknown: true,
				cause: error,
			},
		);
	}
	return new PairingActionError('gateway', `${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** "CODE: message" as the gateway said it (gateway messages never carry secrets). */
function gatewayText(error: GatewayRequestError): string {
	return `${error.code}: ${error.message.startsWith(`${error.method}: ${error.code}: `) ? error.message.slice(error.method.length + error.code.length + 4) : error.message}`;
}
