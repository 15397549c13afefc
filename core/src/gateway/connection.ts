// One WebSocket session with an OpenClaw gateway: challenge -> signed connect -> hello-ok, then
// id-correlated requests and events. No logging here at all: tokens and keys must never reach a log.
import crypto from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';
import { CloseInfo, GatewayClosedError, GatewayConnectError, GatewayRequestError, GatewayTimeoutError } from './errors';
import { ErrorShape, EventFrame, FrameParseError, ResponseFrame, encodeRequest, parseIncomingFrame } from './frames';
import { GatewayAuth, GatewayClientInfo, GatewayRole, HelloOk, buildConnectParams, parseChallenge, parseHello } from './handshake';
import { DeviceIdentity } from './identity';
import { checkPin, closeToConnectError, connectAborted, handshakeTimeout } from './handshakeFailure';
import { pinnedTlsOptions } from './tlsPin';

export interface ConnectGatewayOptions {
	/** ws://127.0.0.1:18789 style URL (path `/`). */
	url: string;
	auth: GatewayAuth;
	/** The device to sign with; null connects without a device (the gateway then usually clears scopes). */
	identity: DeviceIdentity | null;
	role: GatewayRole;
	scopes: readonly string[];
	client: GatewayClientInfo;
	/** Extra upgrade headers (tests send Origin to force a pending pairing request). */
	headers?: Record<string, string> | undefined;
	/** Per attempt: socket open + challenge + hello-ok. Default 15 s (the gateway's own pre-auth timeout). */
	connectTimeoutMs?: number;
	/** Default for session.request(). Default 30 s. */
	requestTimeoutMs?: number;
	minProtocol?: number;
	maxProtocol?: number;
	/** How often to retry the retryable startup refusal (UNAVAILABLE / close 1013). Default 40. */
	startupRetries?: number;
	/** Called for frames that are not valid gateway JSON; they are otherwise dropped. */
	onMalformedFrame?: (error: FrameParseError) => void;
	/** Aborts the handshake (and the startup retries): rejects with a GatewayConnectError of kind "aborted". */
	signal?: AbortSignal;
	/** Largest incoming frame accepted; a bigger one closes the socket with 1009. Default: ws's 100 MiB. */
	maxPayload?: number;
	/** wss:// only: sha256 of the server certificate's DER (hex, colons and a `sha256:` prefix allowed). When set,
	 * only that certificate is accepted (CA validation is skipped, as in OpenClaw's client); otherwise normal CA
	 * validation. A mismatch fails with a GatewayConnectError of kind "tls". */
	tlsFingerprint?: string;
	/** After a request timed out: how long a WebSocket ping may go unanswered before the link counts as dead
	 * (closed locally with 4000 "ping timeout"). Default 10 s. */
	pingTimeoutMs?: number;
}

export interface RequestOptions {
	timeoutMs?: number;
}

export interface GatewaySession {
	readonly url: string;
	/** The hello-ok payload (auth.deviceToken is a SECRET). */
	readonly hello: HelloOk;
	/** What connect asked for: openclaw authorises calls with it, not with hello-ok's grant (resolveDeviceSessionAuthz, 2026.6.6). */
	readonly requestedScopes: readonly string[];
	readonly closed: boolean;
	/** Set once the session closed (locally detected tick timeouts report 4000 "tick timeout"). */
	readonly closeInfo: CloseInfo | undefined;
	/** Date.now() of the last frame of any kind, ticks included. */
	readonly lastFrameAt: number;
	request<T = unknown>(method: string, params?: unknown, options?: RequestOptions): Promise<T>;
	/** Event frames except `tick`; returns an unsubscribe function. Listener exceptions are swallowed. */
	onEvent(listener: (event: EventFrame) => void): () => void;
	onClose(listener: (close: CloseInfo) => void): () => void;
	close(code?: number, reason?: string): Promise<void>;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_STARTUP_RETRIES = 40;
const DEFAULT_PING_TIMEOUT_MS = 10_000;
/** After an error response, how long to wait for the gateway's close frame (it follows within ms). */
const CLOSE_GRACE_MS = 2_000;

/** Connect, retrying only the gateway's "still starting" refusal, a bounded number of times. */
export async function connectGateway(opts: ConnectGatewayOptions): Promise<GatewaySession> {
	const retries = opts.startupRetries ?? DEFAULT_STARTUP_RETRIES;
	for (let attempt = 0; ; attempt++) {
		try {
			return await connectOnce(opts);
		} catch (err) {
			if (!(err instanceof GatewayConnectError) || !err.gatewayStarting || attempt >= retries) throw err;
			// Ends early, as an "aborted" connect error, when the signal fires.
			await delay(Math.min(Math.max(err.retryAfterMs ?? 500, 50), 5_000), undefined, { signal: opts.signal }).catch(() => {
				throw connectAborted();
			});
		}
	}
}

function connectOnce(opts: ConnectGatewayOptions): Promise<GatewaySession> {
	const timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
	const ids = requestIds();
	return new Promise((resolve, reject) => {
		if (opts.signal?.aborted) {
			reject(connectAborted());
			return;
		}
		const pin = checkPin(opts.url, opts.tlsFingerprint);
		if (pin instanceof GatewayConnectError) {
			reject(pin);
			return;
		}
		const ws = new WebSocket(opts.url, {
			headers: opts.headers,
			perMessageDeflate: false,
			...(opts.maxPayload !== undefined ? { maxPayload: opts.maxPayload } : {}),
			...(pin ? pinnedTlsOptions(pin) : {}),
		});
		let connectId: string | undefined;
		let rejection: ErrorShape | undefined;
		let socketError: Error | undefined;
		let graceTimer: NodeJS.Timeout | undefined;
		let settled = false;

		const detach = () => {
			clearTimeout(timer);
			clearTimeout(graceTimer);
			ws.off('message', onMessage);
			ws.off('close', onClose);
			opts.signal?.removeEventListener('abort', onAbort);
		};
		const fail = (err: GatewayConnectError, close?: CloseInfo) => {
			if (settled) return;
			settled = true;
			detach();
			if (ws.readyState === WebSocket.OPEN && close) ws.close(close.code, close.reason);
			else if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
			reject(err);
		};
		const timer = setTimeout(() => {
			const timeout = handshakeTimeout(connectId ? 'hello' : 'challenge', timeoutMs);
			fail(timeout.error, timeout.close);
		}, timeoutMs);

		const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
			const parsed = isBinary ? null : parseIncomingFrame(rawToString(data));
			if (!parsed || !parsed.ok) {
				opts.onMalformedFrame?.(parsed ? parsed.error : new FrameParseError('binary frame', ''));
				return;
			}
			const frame = parsed.frame;
			if (frame.type === 'event') {
				if (frame.event !== 'connect.challenge' || connectId) return; // nothing else matters before hello
				const challenge = parseChallenge(frame.payload);
				if (!challenge) {
					fail(new GatewayConnectError({ kind: 'protocol', message: 'connect challenge missing nonce' }), {
						code: 1008,
						reason: 'connect challenge missing nonce',
					});
					return;
				}
				let text: string;
				try {
					const params = buildConnectParams({
						client: opts.client,
						role: opts.role,
						scopes: opts.scopes,
						auth: opts.auth,
						identity: opts.identity,
						challenge,
						minProtocol: opts.minProtocol,
						maxProtocol: opts.maxProtocol,
					});
					connectId = ids();
					text = encodeRequest({ type: 'req', id: connectId, method: 'connect', params });
				} catch (cause) {
					fail(new GatewayConnectError({ kind: 'protocol', message: 'could not build connect params', cause }), {
						code: 1008,
						reason: 'connect failed',
					});
					return;
				}
				ws.send(text);
				return;
			}
			if (frame.id !== connectId || rejection) return;
			if (!frame.ok) {
				// The gateway closes right after an error response; keep waiting briefly so the caller gets both.
				rejection = frame.error;
				graceTimer = setTimeout(() => fail(new GatewayConnectError({ kind: 'rejected', error: rejection })), CLOSE_GRACE_MS);
				return;
			}
			const hello = parseHello(frame.payload);
			if (!hello) {
				fail(new GatewayConnectError({ kind: 'protocol', message: 'connect succeeded without a hello-ok payload' }), {
					code: 1008,
					reason: 'connect failed',
				});
				return;
			}
			settled = true;
			detach();
			resolve(new Session(ws, opts, hello, ids));
		};
		const onClose = (code: number, reason: Buffer) => {
			fail(closeToConnectError({ close: { code, reason: reason.toString('utf8') }, rejection, socketError }));
		};
		const onAbort = () => fail(connectAborted(), { code: 1000, reason: 'client closing' });
		opts.signal?.addEventListener('abort', onAbort, { once: true });
		ws.on('message', onMessage);
		ws.on('close', onClose);
		// ws always emits "close" after "error"; keep the listener for the socket's whole life so a late error never crashes.
		ws.on('error', (err) => {
			socketError ??= err;
		});
	});
}

interface PendingRequest {
	method: string;
	resolve: (payload: unknown) => void;
	reject: (err: Error) => void;
	timer: NodeJS.Timeout;
}

class Session implements GatewaySession {
	private readonly pending = new Map<string, PendingRequest>();
	private readonly eventListeners = new Set<(event: EventFrame) => void>();
	private readonly closeListeners = new Set<(close: CloseInfo) => void>();
	private readonly watchdog: NodeJS.Timeout;
	private localClose: CloseInfo | undefined;
	private probing = false;
	private socketError: string | undefined;
	closeInfo: CloseInfo | undefined;
	lastFrameAt = Date.now();

	get requestedScopes(): readonly string[] {
		return this.opts.scopes;
	}

	constructor(
		private readonly ws: WebSocket,
		private readonly opts: ConnectGatewayOptions,
		readonly hello: HelloOk,
		private readonly nextId: () => string,
	) {
		ws.on('message', (data, isBinary) => this.handleMessage(data, isBinary));
		ws.on('close', (code, reason) => this.handleClose({ code, reason: reason.toString('utf8') }));
		// connectOnce's error listener stays attached (no crash); this one keeps the cause for closeInfo.
		ws.on('error', (err) => {
			this.socketError ??= err.message;
		});
		// Liveness: the gateway ticks every tickIntervalMs; silence for two intervals means the link is dead.
		const tickMs = typeof hello.policy.tickIntervalMs === 'number' && hello.policy.tickIntervalMs > 0 ? hello.policy.tickIntervalMs : 30_000;
		this.watchdog = setInterval(() => {
			if (Date.now() - this.lastFrameAt > 2 * tickMs) {
				this.localClose = { code: 4000, reason: 'tick timeout' };
				this.ws.terminate();
			}
		}, tickMs);
		this.watchdog.unref();
	}

	get url(): string {
		return this.opts.url;
	}

	get closed(): boolean {
		return this.closeInfo !== undefined;
	}

	request<T = unknown>(method: string, params: unknown = {}, options: RequestOptions = {}): Promise<T> {
		if (this.closed || this.ws.readyState !== WebSocket.OPEN) return Promise.reject(new GatewayClosedError(method, this.closeInfo));
		const timeoutMs = options.timeoutMs ?? this.opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
		const id = this.nextId();
		return new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new GatewayTimeoutError(method, timeoutMs));
				this.probe();
			}, timeoutMs);
			this.pending.set(id, { method, resolve: resolve as (payload: unknown) => void, reject, timer });
			this.ws.send(encodeRequest({ type: 'req', id, method, params }), (err) => {
				if (err) this.settle(id, (p) => p.reject(new GatewayClosedError(method, this.closeInfo)));
			});
		});
	}

	onEvent(listener: (event: EventFrame) => void): () => void {
		this.eventListeners.add(listener);
		return () => this.eventListeners.delete(listener);
	}

	onClose(listener: (close: CloseInfo) => void): () => void {
		const info = this.closeInfo;
		if (info) queueMicrotask(() => listener(info));
		else this.closeListeners.add(listener);
		return () => this.closeListeners.delete(listener);
	}

	close(code = 1000, reason = 'client closing'): Promise<void> {
		if (this.closed) return Promise.resolve();
		return new Promise((resolve) => {
			this.ws.once('close', () => resolve());
			if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
			// Don't wait ws's 30 s close timeout if the gateway never answers the close frame.
			setTimeout(() => this.ws.terminate(), 5_000).unref();
		});
	}

	/** A request timed out: a slow gateway still answers a ping at once; a black-holed link (ticks are 30 s apart)
	 * does not, and is closed now instead of after two missed ticks. */
	private probe(): void {
		if (this.probing || this.closed || this.ws.readyState !== WebSocket.OPEN) return;
		this.probing = true;
		const timeoutMs = this.opts.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
		const timer = setTimeout(() => {
			this.probing = false;
			if (this.closed) return;
			this.localClose = { code: 4000, reason: 'ping timeout' };
			this.ws.terminate();
		}, timeoutMs);
		timer.unref();
		this.ws.once('pong', () => {
			clearTimeout(timer);
			this.probing = false;
		});
		try {
			this.ws.ping();
		} catch {
			// socket already closing: its close event follows
		}
	}

	private handleMessage(data: WebSocket.RawData, isBinary: boolean): void {
		this.lastFrameAt = Date.now();
		const parsed = isBinary ? null : parseIncomingFrame(rawToString(data));
		if (!parsed || !parsed.ok) {
			this.opts.onMalformedFrame?.(parsed ? parsed.error : new FrameParseError('binary frame', ''));
			return;
		}
		const frame = parsed.frame;
		if (frame.type === 'res') this.handleResponse(frame);
		else if (frame.event !== 'tick') {
			for (const listener of [...this.eventListeners]) {
				try {
					listener(frame);
				} catch {
					// A faulty listener must not break the socket or the other listeners.
				}
			}
		}
	}

	private handleResponse(frame: ResponseFrame): void {
		this.settle(frame.id, (p) => {
			if (frame.ok) p.resolve(frame.payload);
			else p.reject(new GatewayRequestError(p.method, frame.error ?? { code: 'UNKNOWN', message: 'request failed' }));
		});
	}

	private settle(id: string, fn: (p: PendingRequest) => void): void {
		const p = this.pending.get(id);
		if (!p) return; // late answer after a timeout, or not ours
		this.pending.delete(id);
		clearTimeout(p.timer);
		fn(p);
	}

	private handleClose(close: CloseInfo): void {
		if (this.closeInfo) return;
		this.closeInfo = this.localClose ?? (this.socketError ? { ...close, error: this.socketError } : close);
		clearInterval(this.watchdog);
		for (const id of [...this.pending.keys()]) this.settle(id, (p) => p.reject(new GatewayClosedError(p.method, this.closeInfo)));
		for (const listener of [...this.closeListeners]) {
			try {
				listener(this.closeInfo);
			} catch {
				// see handleMessage
			}
		}
		this.closeListeners.clear();
		this.eventListeners.clear();
	}
}

/** Request ids unique per connection: a random prefix (readable in gateway logs) plus a counter. */
function requestIds(): () => string {
	const prefix = crypto.randomBytes(4).toString('hex');
	let n = 0;
	return () => `${prefix}-${++n}`;
}

function rawToString(data: WebSocket.RawData): string {
	if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
	if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
	return data.toString('utf8');
}
