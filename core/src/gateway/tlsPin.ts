// wss:// with a pinned certificate, like OpenClaw's `gateway.remote.tlsFingerprint` (packages/gateway-client
// websocket-transport.ts): with a pin, only the sha256 of the server certificate's DER decides (a self-signed
// gateway cert is the common case), checked before the HTTP upgrade (our first byte) is sent. Without a pin,
// Node's normal CA and hostname validation applies unchanged.
import type { ClientRequest } from 'node:http';
import { TLSSocket } from 'node:tls';
import type WebSocket from 'ws';

const HEX = /^[a-f0-9]{64}$/;
const COLON_HEX = /^(?:[a-f0-9]{2}:){31}[a-f0-9]{2}$/;

/** 64 lowercase hex digits from `AB:CD:…`, `abcd…` or `sha256:…`; "" when it is not a SHA-256 fingerprint. */
export function normalizeTlsFingerprint(value: string | undefined): string {
	const v = (value ?? '')
		.trim()
		.replace(/^sha256:/i, '')
		.toLowerCase();
	if (HEX.test(v)) return v;
	return COLON_HEX.test(v) ? v.replace(/:/g, '') : '';
}

/** `AB:CD:…` (the form `openssl x509 -fingerprint -sha256` and Node's fingerprint256 print). */
export function colonFingerprint(hex: string): string {
	return hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

/** The certificate was not the pinned one; carries the presented fingerprint (public) for the message. */
export class TlsPinMismatch extends Error {
	constructor(readonly presented: string | undefined) {
		super(
			presented
				? `the gateway's TLS certificate (sha256 ${colonFingerprint(presented)}) does not match the pinned fingerprint`
				: "the gateway's TLS certificate fingerprint is unavailable",
		);
	}
}

/** ws client options that accept exactly the pinned certificate. */
export function pinnedTlsOptions(pin: string): WebSocket.ClientOptions {
	return {
		rejectUnauthorized: false, // the pin replaces CA validation, as in OpenClaw's client
		finishRequest: (request: ClientRequest) => {
			request.once('socket', (socket) => {
				if (!(socket instanceof TLSSocket)) {
					request.destroy(new TlsPinMismatch(undefined));
					return;
				}
				const validate = () => {
					if (request.destroyed) return;
					const presented = normalizeTlsFingerprint(socket.getPeerCertificate()?.fingerprint256);
					if (presented !== pin) request.destroy(new TlsPinMismatch(presented || undefined));
					else request.end(); // only now does the upgrade request (and later the token) leave this machine
				};
				// `secureConnecting` (Node-internal, also what OpenClaw reads) is true until the handshake finished.
				if ((socket as TLSSocket & { secureConnecting?: boolean }).secureConnecting !== false) {
					socket.once('secureConnect', validate);
					request.once('close', () => socket.off('secureConnect', validate));
				} else validate();
			});
		},
	};
}

/** Node's certificate-verification failures (OpenSSL verify codes, hostname mismatch, TLS alerts). */
export function isTlsVerifyError(error: unknown): error is Error & { code: string } {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && /CERT|SELF_SIGNED|VERIFY|HOSTNAME_MISMATCH|^ERR_TLS_|^ERR_SSL_/.test(code);
}
