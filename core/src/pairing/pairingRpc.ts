// One pairing request on a session, traced without its answer (device.token.rotate answers can hold a token).
import type { GatewaySession } from '../gateway';
import { traceJson } from './redact';
import type { Logger } from './types';

export type PairingRpc = (session: GatewaySession, method: string, params: Record<string, unknown>, options?: { timeoutMs?: number }) => Promise<unknown>;

export function tracedRpc(log: Logger, trace: boolean, timeoutMs: number): PairingRpc {
	return async (session, method, params, options) => {
		if (trace) log.trace(`→ ${method} ${traceJson(params)}`);
		const started = performance.now();
		try {
			const payload = await session.request(method, params, { timeoutMs: options?.timeoutMs ?? timeoutMs });
			if (trace) log.trace(`← ${method} ok (${Math.round(performance.now() - started)} ms)`);
			return payload;
		} catch (error) {
			if (trace) log.trace(`← ${method} failed (${Math.round(performance.now() - started)} ms): ${errorText(error)}`);
			throw error;
		}
	};
}

export function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
