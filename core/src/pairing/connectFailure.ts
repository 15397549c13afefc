// What a failed connect attempt means for the pairing service, as a pure function of the error: which state to
// show and how soon to try again. The connection loop (connectionLoop.ts) applies it; tests read it directly.
import { GatewayConnectError } from '../gateway';

export type ConnectFailure =
	/** We aborted it ourselves (stop()): nothing to report. */
	| { kind: 'aborted' }
	/** Our device awaits approval. Retried with backoff: each retry refreshes the request; the first after approval connects. */
	| { kind: 'awaitingPairing'; requestId: string | undefined; reason: string | undefined }
	/** The token or device credentials were refused: retried only after the auth delay (the user has to act). */
	| { kind: 'authFailed'; code: string; message: string; retryAfterMs: number | undefined }
	/** The certificate was refused (trust it, fix or pin it): retried only after the auth delay. */
	| { kind: 'tlsRefused'; message: string }
	/** Anything else: retried with backoff. `unreachable`: no gateway answered at all (socket error, timeout). */
	| { kind: 'down'; message: string; unreachable: boolean };

export function classifyConnectFailure(error: unknown): ConnectFailure {
	if (!(error instanceof GatewayConnectError)) return { kind: 'down', message: errorText(error), unreachable: true };
	if (error.kind === 'aborted') return { kind: 'aborted' };
	if (error.pairingRequired) return { kind: 'awaitingPairing', requestId: error.requestId, reason: error.reason };
	if (error.detailCode?.startsWith('AUTH_')) return { kind: 'authFailed', code: error.detailCode, message: error.message, retryAfterMs: error.retryAfterMs };
	if (error.kind === 'tls') return { kind: 'tlsRefused', message: error.message };
	if (error.kind === 'socket') return { kind: 'down', message: `cannot reach the gateway (${error.message})`, unreachable: true };
	if (error.kind === 'timeout') return { kind: 'down', message: `no answer from the gateway (${error.message})`, unreachable: true };
	return { kind: 'down', message: error.message, unreachable: false };
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
