// Typed gateway errors. Messages come from the gateway (which never echoes secrets) or from here:
// nothing in this file may include a token or key.
import { ErrorShape, isRecord } from './frames';

export interface CloseInfo {
	code: number;
	reason: string;
	/** The local socket error that ended the session, if any (e.g. ws's "Max payload size exceeded", status 1009). */
	error?: string;
}

/** A `res` frame with ok:false for an ordinary request. */
export class GatewayRequestError extends Error {
	override readonly name = 'GatewayRequestError';
	readonly code: string;
	readonly details: unknown;
	readonly retryable: boolean;
	readonly retryAfterMs: number | undefined;
	constructor(
		readonly method: string,
		error: ErrorShape,
	) {
		super(`${method}: ${error.code}: ${error.message}`);
		this.code = error.code;
		this.details = error.details;
		this.retryable = error.retryable === true;
		this.retryAfterMs = error.retryAfterMs;
	}
	/** `details.code`, e.g. MISSING_SCOPE (9.x). */
	get detailCode(): string | undefined {
		return readString(this.details, 'code');
	}
}

/** No response within the request timeout (the request may still take effect on the gateway). */
export class GatewayTimeoutError extends Error {
	override readonly name = 'GatewayTimeoutError';
	constructor(
		readonly method: string,
		readonly timeoutMs: number,
	) {
		super(`${method}: no response within ${timeoutMs} ms`);
	}
}

/** The session closed (or was never open) while a request was outstanding. */
export class GatewayClosedError extends Error {
	override readonly name = 'GatewayClosedError';
	constructor(
		readonly method: string,
		readonly close: CloseInfo | undefined,
	) {
		super(`${method}: connection closed${close ? ` (${close.code}${close.reason ? ` ${close.reason}` : ''})` : ''}`);
	}
}

export type ConnectFailureKind =
	| 'rejected' // the gateway answered connect with ok:false
	| 'closed' // the socket closed before hello-ok without an error response
	| 'timeout' // no challenge / no hello-ok in time
	| 'socket' // transport error (refused, HTTP 403 at upgrade, TLS, ...)
	| 'protocol' // the gateway sent something this client cannot use
	| 'aborted' // the caller aborted the handshake (ConnectGatewayOptions.signal)
	| 'tls'; // the server's certificate was refused (CA validation, or not the pinned fingerprint), or a bad pin

/** Why a `tls` connect failure happened: a pin problem, or Node's certificate verification code (DEPTH_ZERO_SELF_SIGNED_CERT…). */
export type TlsFailureCode = 'pin-mismatch' | 'pin-invalid' | 'pin-needs-wss' | string;

/** The handshake failed. Carries the gateway's error (if any) and the close code/reason. */
export class GatewayConnectError extends Error {
	override readonly name = 'GatewayConnectError';
	readonly kind: ConnectFailureKind;
	/** Top-level error code, e.g. NOT_PAIRED, INVALID_REQUEST, UNAVAILABLE. */
	readonly code: string | undefined;
	readonly details: unknown;
	/** `details.code`, e.g. PAIRING_REQUIRED, AUTH_TOKEN_MISMATCH, DEVICE_AUTH_SIGNATURE_INVALID. */
	readonly detailCode: string | undefined;
	/** `details.reason` (not-paired | role-upgrade | scope-upgrade | metadata-upgrade | startup-sidecars ...),
	 * else the pairing reason recovered from the close reason text. */
	readonly reason: string | undefined;
	/** Pending pairing request id, from details or from the close reason `(requestId: X)`. */
	readonly requestId: string | undefined;
	readonly retryable: boolean;
	readonly retryAfterMs: number | undefined;
	readonly close: CloseInfo | undefined;
	/** kind "tls": what was wrong with the certificate or the pin. */
	readonly tlsCode: TlsFailureCode | undefined;
	/** kind "tls": sha256 of the certificate the server presented (colon hex), when known. Public, not a secret. */
	readonly certFingerprint: string | undefined;

	constructor(init: {
		kind: ConnectFailureKind;
		message?: string;
		error?: ErrorShape | undefined;
		close?: CloseInfo;
		cause?: unknown;
		tlsCode?: TlsFailureCode;
		certFingerprint?: string;
	}) {
		const fromClose = init.close ? parsePairingCloseReason(init.close.reason) : null;
		super(
			init.error ? `${init.error.code}: ${init.error.message}` : (init.message ?? describeClose(init.close)),
			init.cause === undefined ? undefined : { cause: init.cause },
		);
		this.kind = init.kind;
		this.code = init.error?.code;
		this.details = init.error?.details;
		this.detailCode = readString(this.details, 'code') ?? (fromClose ? 'PAIRING_REQUIRED' : undefined);
		this.reason = readString(this.details, 'reason') ?? fromClose?.reason;
		this.requestId = readString(this.details, 'requestId') ?? fromClose?.requestId;
		this.retryable = init.error?.retryable === true || readBoolean(this.details, 'retryable') === true;
		this.retryAfterMs = init.error?.retryAfterMs;
		this.close = init.close;
		this.tlsCode = init.tlsCode;
		this.certFingerprint = init.certFingerprint;
	}

	get pairingRequired(): boolean {
		// 2026.9.6 also refuses with NOT_PAIRED + details.code AUTH_VERIFIED_USER_REQUIRED when gateway.roles is on and the
		// login is a device token: no request is filed, so waiting for an approval would never end.
		return this.detailCode === 'PAIRING_REQUIRED' || (this.code === 'NOT_PAIRED' && !this.detailCode?.startsWith('AUTH_'));
	}

	/** Retryable startup refusal: UNAVAILABLE (details.reason "startup-sidecars") and/or close 1013. */
	get gatewayStarting(): boolean {
		return (this.code === 'UNAVAILABLE' && this.retryable) || this.close?.code === 1013;
	}
}

export interface PairingCloseReason {
	/** The requirement text after "pairing required: ". */
	message: string;
	reason: string | undefined;
	/** Absent when the gateway truncated the reason (120 bytes) before the id. */
	requestId: string | undefined;
}

/** Pairing requirement messages (packages/gateway-protocol/src/connect-error-details.ts). */
const PAIRING_MESSAGES: Record<string, string> = {
	'device is not approved yet': 'not-paired',
	'device is asking for a higher role than currently approved': 'role-upgrade',
	'device is asking for more scopes than currently approved': 'scope-upgrade',
	'device identity changed and must be re-approved': 'metadata-upgrade',
};

/** Parse a close reason like `pairing required: device is not approved yet (requestId: X)`. */
export function parsePairingCloseReason(reason: string): PairingCloseReason | null {
	const m = /^pairing required(?::\s*(.*?))?\s*(?:\(requestId:\s*([^)\s]+)\))?\s*$/s.exec(reason.trim());
	if (!m) return null;
	const message = m[1] ?? '';
	return { message, reason: PAIRING_MESSAGES[message], requestId: m[2] };
}

function describeClose(close: CloseInfo | undefined): string {
	if (!close) return 'gateway connection failed';
	return `gateway closed the connection (${close.code}${close.reason ? ` ${close.reason}` : ''})`;
}

function readString(value: unknown, key: string): string | undefined {
	if (!isRecord(value)) return undefined;
	const v = value[key];
	return typeof v === 'string' && v ? v : undefined;
}

function readBoolean(value: unknown, key: string): boolean | undefined {
	if (!isRecord(value)) return undefined;
	const v = value[key];
	return typeof v === 'boolean' ? v : undefined;
}
