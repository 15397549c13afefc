// Connection facts in words: why nothing was sent (describeState) and why a pin setting can't be used.
import { normalizeTlsFingerprint } from '../gateway';
import type { ConnectionState } from './types';

/** Why a configured pin can't be used with this URL, or undefined. */
export function checkPinSetting(pin: string | undefined, url: string): string | undefined {
	if (!pin?.trim()) return undefined;
	if (!normalizeTlsFingerprint(pin)) return 'the TLS fingerprint must be a SHA-256 certificate fingerprint (64 hex digits, colons allowed)';
	if (!url.startsWith('wss:')) return 'a TLS fingerprint needs a wss:// gateway URL';
	return undefined;
}

/** Why nothing was sent, in the terms of the connection state. */
export function describeState(state: ConnectionState): string {
	switch (state.kind) {
		case 'idle':
			return 'the pairing service is not started';
		case 'noToken':
			return 'no gateway token is configured';
		case 'connecting':
			return 'still connecting to the gateway';
		case 'connected':
			return 'connected';
		case 'awaitingPairing':
			return `this device is waiting for approval on the gateway (openclaw devices approve ${state.requestId ?? '<requestId>'})`;
		case 'authFailed':
			return `the gateway refused the token: ${state.message}`;
		case 'refused':
			return state.message;
		case 'disconnected':
			return `the gateway connection is down: ${state.message}`;
	}
}
