// How a connect attempt that ended before hello-ok is reported, as pure functions of what the socket saw (close
// code and reason, the connect error response, the socket error), so the mapping is testable without a socket.
// connection.ts feeds them the socket's events. Nothing here may include a token or key.
import { CloseInfo, GatewayConnectError } from './errors';
import { ErrorShape } from './frames';
import { TlsPinMismatch, colonFingerprint, isTlsVerifyError, normalizeTlsFingerprint } from './tlsPin';

/** What the handshake had seen when the socket closed. */
export interface HandshakeClose {
	close: CloseInfo;
	/** The gateway's ok:false answer to `connect`, if it sent one before closing. */
	rejection?: ErrorShape | undefined;
	/** The first socket error (refused, reset, TLS verification, pin mismatch…), if any. */
	socketError?: Error | undefined;
}

/**
 * The socket closed before hello-ok. The gateway's own answer wins (kind "rejected"), then a refused certificate
 * ("tls": a pin mismatch or Node's verify codes), then any transport error ("socket"), else a plain close
 * ("closed"). The close code itself is kept on the error: a `pairing required: …` reason makes it pairingRequired,
 * 1013 makes it gatewayStarting (see GatewayConnectError).
 */
export function closeToConnectError({ close, rejection, socketError }: HandshakeClose): GatewayConnectError {
	if (rejection) return new GatewayConnectError({ kind: 'rejected', error: rejection, close });
	if (socketError instanceof TlsPinMismatch) {
		return new GatewayConnectError({
			kind: 'tls',
			message: socketError.message,
			close,
			cause: socketError,
			tlsCode: 'pin-mismatch',
			...(socketError.presented ? { certFingerprint: colonFingerprint(socketError.presented) } : {}),
		});
	}
	if (isTlsVerifyError(socketError)) {
		const message = `the gateway's TLS certificate was refused (${socketError.code}: ${socketError.message}); if you trust it, pin its sha256 fingerprint`;
		return new GatewayConnectError({ kind: 'tls', message, close, cause: socketError, tlsCode: socketError.code });
	}
	if (socketError) return new GatewayConnectError({ kind: 'socket', message: socketError.message, close, cause: socketError });
	return new GatewayConnectError({ kind: 'closed', close });
}

/** Which part of the handshake was awaited: the gateway's challenge, or the hello-ok answer to our connect. */
export type HandshakeStage = 'challenge' | 'hello';

/** No challenge / hello-ok in time: the error, and the close frame we send (1008, the gateway's own wording). */
export function handshakeTimeout(stage: HandshakeStage, timeoutMs: number): { error: GatewayConnectError; close: CloseInfo } {
	const what = stage === 'hello' ? 'hello-ok' : 'connect.challenge';
	return {
		error: new GatewayConnectError({ kind: 'timeout', message: `no ${what} within ${timeoutMs} ms` }),
		close: { code: 1008, reason: stage === 'hello' ? 'connect timeout' : 'connect challenge timeout' },
	};
}

/** The caller aborted (ConnectGatewayOptions.signal). */
export function connectAborted(): GatewayConnectError {
	return new GatewayConnectError({ kind: 'aborted', message: 'connect aborted' });
}

/** The normalized pin, undefined without one, or the error for a pin that can't be used. */
export function checkPin(url: string, tlsFingerprint: string | undefined): string | undefined | GatewayConnectError {
	if (tlsFingerprint === undefined || tlsFingerprint.trim() === '') return undefined;
	const pin = normalizeTlsFingerprint(tlsFingerprint);
	if (!pin) {
		return new GatewayConnectError({
			kind: 'tls',
			tlsCode: 'pin-invalid',
			message: 'the TLS fingerprint must be a SHA-256 certificate fingerprint (64 hex digits, colons allowed)',
		});
	}
	if (!/^wss:/i.test(url.trim())) {
		return new GatewayConnectError({ kind: 'tls', tlsCode: 'pin-needs-wss', message: 'a TLS fingerprint needs a wss:// gateway URL' });
	}
	return pin;
}
