// The connection half of the pairing service: one authenticated session at a time, reconnected with backoff (or,
// `once`, a single attempt for a CLI), and the ConnectionState that says where it stands. It knows nothing of
// lists or actions: the hooks hand each session to the snapshot store. The shared token is only ever handed to
// connectGateway; nothing here logs a token or a key.
import { ConnectGatewayOptions, DeviceIdentity, GatewayClientInfo, GatewaySession, HelloOk, connectGateway, serverVersion } from '../gateway';
import { sessionScopes } from './approvalScopes';
import { BackoffOptions, backoffDelay } from './backoff';
import { classifyConnectFailure } from './connectFailure';
import { ConnectVia, SHARED_TOKEN_CLIENT, keptScopes, trySharedTokenFirst } from './connectMode';
import { PairingActionError } from './pairingActionError';
import { errorText } from './pairingRpc';
import type { PairingServiceOptions } from './pairingService';
import type { PairingTimers } from './timers';
import type { ConnectionState, Logger, PairingDataProblem } from './types';
import { checkGatewayUrl } from './urlPolicy';
import { checkPinSetting, describeState } from './connectionStateText';

export { describeState };

const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
/** A session that lived this long was healthy: the next reconnect starts the backoff from the beginning. */
const STABLE_SESSION_MS = 10_000;

export interface ConnectionLoopSettings {
	log: Logger;
	scopes: string[];
	client: GatewayClientInfo;
	backoff: BackoffOptions;
	requestTimeoutMs: number;
	connectTimeoutMs: number;
	authRetryMs: number;
	random: () => number;
	timers: PairingTimers;
}

export interface ConnectionLoopHooks {
	/** A session is up (hello-ok). The state turns "connected" once the returned promise settles (the first list). */
	opened(session: GatewaySession): Promise<void>;
	/** The current session closed (not called for the one stop() closes). */
	closed(session: GatewaySession): void;
	stateChanged(state: ConnectionState): void;
	dataProblem(problem: PairingDataProblem): void;
}

export class ConnectionLoop {
	private _state: ConnectionState = { kind: 'idle' };
	private url: string | undefined;
	private displayUrl = '';
	private loopback = false;
	/** The gateway cleared a device-less login's scopes once (not direct loopback to it): log in as a device from now on. */
	private sharedRefused = false;
	private _via: ConnectVia | undefined;
	private running = false;
	/** Bumped by start()/stop(): async work that started under another epoch drops its result. */
	private epoch = 0;
	private currentAttempt: Promise<void> | undefined;
	private abort: AbortController | undefined;
	private _session: GatewaySession | undefined;
	private lastHello: HelloOk | undefined;
	private connectedAt = 0;
	private failures = 0;
	private retryTimer: NodeJS.Timeout | undefined;
	private identity: DeviceIdentity | undefined;
	private lastLoggedProblem: string | undefined;
	private readonly log: Logger;

	constructor(
		private readonly options: PairingServiceOptions,
		private readonly settings: ConnectionLoopSettings,
		private readonly hooks: ConnectionLoopHooks,
	) {
		this.log = settings.log;
	}

	get state(): ConnectionState {
		return this._state;
	}

	/** The live session, undefined while down. */
	get session(): GatewaySession | undefined {
		return this._session;
	}

	get deviceId(): string | undefined {
		return this.identity?.deviceId;
	}

	/** How the live (or last) session logged in. */
	get via(): ConnectVia | undefined {
		return this._via;
	}

	/** The hello-ok of the last session (kept after it closed). */
	get hello(): HelloOk | undefined {
		return this.lastHello;
	}

	start(): void {
		if (this.running) return;
		this.running = true;
		this.epoch++;
		const check = checkGatewayUrl(this.options.url, this.options.allowInsecureRemote === true);
		if (!check.ok) {
			this.log.error(check.message);
			this.setState({ kind: 'refused', message: check.message });
			return;
		}
		const pinProblem = checkPinSetting(this.options.tlsFingerprint, check.url);
		if (pinProblem) {
			this.log.error(pinProblem);
			this.setState({ kind: 'refused', message: pinProblem });
			return;
		}
		this.url = check.url;
		this.displayUrl = check.display;
		this.loopback = check.loopback;
		void this.connectNow();
	}

	async stop(): Promise<void> {
		this.running = false;
		this.epoch++;
		this.clearRetry();
		this.abort?.abort();
		this.currentAttempt = undefined; // a start() right after must not wait on the abandoned attempt
		const session = this._session;
		this._session = undefined;
		await session?.close(1000, 'client closing');
		this.setState({ kind: 'idle' });
	}

	/** The live session, or (not connected) a retry now instead of at the backoff's time; `once`: no second attempt. */
	async sessionOnDemand(): Promise<GatewaySession> {
		if (this._session) return this._session;
		if (!this.running || this.options.once) throw new PairingActionError('notConnected', describeState(this._state));
		await (this.currentAttempt ?? this.connectNow());
		const session = this._session as GatewaySession | undefined; // set by the attempt just awaited
		if (session && !session.closed) return session;
		throw new PairingActionError('notConnected', describeState(this._state));
	}

	/**
	 * A second, short login the way the live session logged in, asking for `scopes` (one action that needs more than
	 * we hold; scopeElevation.ts). The caller closes it. Fails like any connect (a device login may get 1008).
	 */
	async openExtra(scopes: readonly string[]): Promise<GatewaySession> {
		const token = (await this.options.token())?.trim();
		if (!this.url || !token || !this._via) throw new PairingActionError('notConnected', describeState(this._state));
		const identity = this._via === 'device' ? (this.identity ?? null) : null;
		return connectGateway(this.connectOptions(this.url, token, scopes, identity));
	}

	private connectNow(): Promise<void> {
		if (this.currentAttempt) return this.currentAttempt;
		if (!this.running || this._session || !this.url) return Promise.resolve();
		this.clearRetry();
		const attempt = this.attempt(this.url)
			.catch((error: unknown) => this.log.error(`connect attempt failed unexpectedly: ${errorText(error)}`))
			.finally(() => {
				if (this.currentAttempt === attempt) this.currentAttempt = undefined;
			});
		this.currentAttempt = attempt;
		return attempt;
	}

	private async attempt(url: string): Promise<void> {
		const epoch = this.epoch;
		// While awaiting approval the retries are silent: the view keeps showing what to approve instead of flickering.
		if (this._state.kind !== 'awaitingPairing') this.setState({ kind: 'connecting', attempt: this.failures + 1 });
		let token: string | undefined;
		try {
			token = (await this.options.token())?.trim() || undefined;
		} catch (error) {
			this.log.warn(`the gateway token could not be read: ${errorText(error)}`);
		}
		if (epoch !== this.epoch) return;
		if (!token) {
			this.scheduleRetry(this.settings.authRetryMs);
			this.logOnce('noToken', 'no gateway token is configured; not connecting');
			this.setState({ kind: 'noToken' });
			return;
		}
		if (trySharedTokenFirst({ loopback: this.loopback, preferDevice: this.options.preferDevice === true, refusedBefore: this.sharedRefused })) {
			const outcome = await this.attemptShared(url, token, epoch);
			if (outcome !== 'fallBack') return;
		}
		let identity: DeviceIdentity;
		try {
			identity = this.identity ??= await this.options.identityStore.loadOrCreate();
		} catch (error) {
			if (epoch !== this.epoch) return;
			this.failures++;
			const message = `the device identity is unavailable: ${errorText(error)}`;
			const retryAt = this.scheduleRetry(this.settings.authRetryMs);
			this.logOnce(message, message, 'error');
			this.setState({ kind: 'disconnected', message, retryAt });
			return;
		}
		if (epoch !== this.epoch) return;
		const abort = new AbortController();
		this.abort = abort;
		let session: GatewaySession;
		try {
			session = await connectGateway({ ...this.connectOptions(url, token, this.settings.scopes, identity), signal: abort.signal });
		} catch (error) {
			if (epoch === this.epoch) this.onConnectFailed(error, identity);
			return;
		} finally {
			if (this.abort === abort) this.abort = undefined;
		}
		if (epoch !== this.epoch) {
			void session.close(1000, 'client closing');
			return;
		}
		this.onConnected(session, 'device');
	}

	/**
	 * The device-less login (connectMode.ts). 'done': connected, or a failure that is reported (a wrong token is wrong
	 * either way); 'fallBack': the gateway cleared our scopes, so this is not direct loopback to it: log in as a device.
	 */
	private async attemptShared(url: string, token: string, epoch: number): Promise<'done' | 'fallBack'> {
		const abort = new AbortController();
		this.abort = abort;
		let session: GatewaySession;
		try {
			session = await connectGateway({ ...this.connectOptions(url, token, this.settings.scopes, null), signal: abort.signal });
		} catch (error) {
			if (epoch === this.epoch) this.onConnectFailed(error, undefined);
			return 'done';
		} finally {
			if (this.abort === abort) this.abort = undefined;
		}
		if (epoch !== this.epoch) {
			void session.close(1000, 'client closing');
			return 'done';
		}
		const version = serverVersion(session.hello);
		if (!keptScopes(this.settings.scopes, session.hello.auth.scopes, version)) {
			this.sharedRefused = true;
			this.log.info(
				`${this.displayUrl} does not treat this connection as direct loopback (it cleared the scopes of a login without a device, e.g. behind a proxy or in a container): connecting as a paired device instead`,
			);
			await session.close(1000, 'client closing');
			return 'fallBack';
		}
		this.onConnected(session, 'sharedToken');
		return 'done';
	}

	/** One connect's options. `identity` null: the device-less shared-token login (SHARED_TOKEN_CLIENT). */
	connectOptions(url: string, token: string, scopes: readonly string[], identity: DeviceIdentity | null): ConnectGatewayOptions {
		return {
			url,
			auth: { token },
			identity,
			role: 'operator',
			scopes,
			client: identity ? this.settings.client : { ...this.settings.client, ...SHARED_TOKEN_CLIENT },
			connectTimeoutMs: this.settings.connectTimeoutMs,
			requestTimeoutMs: this.settings.requestTimeoutMs,
			maxPayload: this.options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
			// A timed-out request pings; a link that can't answer that is dropped and we reconnect and re-list.
			pingTimeoutMs: Math.min(this.settings.requestTimeoutMs, 10_000),
			...(this.options.tlsFingerprint?.trim() ? { tlsFingerprint: this.options.tlsFingerprint } : {}),
			// The excerpt is not logged: a broken frame could be a truncated hello-ok with a device token in it.
			onMalformedFrame: (error) => this.hooks.dataProblem({ kind: 'malformedFrame', message: `ignored a malformed frame from the gateway: ${error.message}` }),
		};
	}

	private onConnectFailed(error: unknown, identity: DeviceIdentity | undefined): void {
		const failure = classifyConnectFailure(error);
		if (failure.kind === 'aborted') return;
		this.failures++;
		switch (failure.kind) {
			case 'awaitingPairing': {
				if (!identity) {
					// A device-less login is never asked to pair; should a gateway do it anyway, log in as a device next time.
					this.sharedRefused = true;
					this.scheduleRetry(backoffDelay(this.failures, this.settings.backoff, this.settings.random));
					this.setState({ kind: 'disconnected', message: 'the gateway asked a login without a device to pair', retryAt: undefined });
					return;
				}
				// Keep retrying: each retry refreshes the same request, and the first one after approval connects.
				this.scheduleRetry(backoffDelay(this.failures, this.settings.backoff, this.settings.random));
				const { requestId, reason } = failure;
				this.logOnce(
					`pairing:${requestId}`,
					`this device (${identity.deviceId.slice(0, 16)}…) awaits approval on the gateway: openclaw devices approve ${requestId ?? '<requestId>'}`,
				);
				this.setState({ kind: 'awaitingPairing', deviceId: identity.deviceId, requestId, reason });
				return;
			}
			case 'authFailed':
				this.scheduleRetry(Math.max(this.settings.authRetryMs, failure.retryAfterMs ?? 0));
				this.logOnce(`auth:${failure.message}`, `the gateway refused our credentials (${failure.code}): ${failure.message}`);
				this.setState({ kind: 'authFailed', code: failure.code, message: failure.message });
				return;
			case 'tlsRefused': {
				// A refused certificate needs the user (trust it, fix or pin it), not a fast retry loop.
				const retryAt = this.scheduleRetry(this.settings.authRetryMs);
				this.logOnce(`tls:${failure.message}`, `cannot connect to ${this.displayUrl}: ${failure.message}`, 'error');
				this.setState({ kind: 'disconnected', message: failure.message, retryAt });
				return;
			}
			case 'down': {
				const retryAt = this.scheduleRetry(backoffDelay(this.failures, this.settings.backoff, this.settings.random));
				const { message, unreachable } = failure;
				this.logOnce(`down:${message}`, `cannot connect to ${this.displayUrl}: ${message}${this.options.once ? '' : ' (retrying with backoff)'}`);
				this.setState({ kind: 'disconnected', message, retryAt, ...(unreachable ? { unreachable } : {}) });
			}
		}
	}

	private onConnected(session: GatewaySession, via: ConnectVia): void {
		this._session = session;
		this._via = via;
		this.lastHello = session.hello;
		this.connectedAt = Date.now();
		this.lastLoggedProblem = undefined;
		session.onClose((close) => this.onSessionClosed(session, close.code, [close.reason, close.error].filter(Boolean).join('; ')));
		const version = serverVersion(session.hello);
		const how = via === 'sharedToken' ? 'the shared token on loopback, no device pairing needed' : 'this paired device';
		// What calls are authorised with; a device token may be granted more than was asked for (sessionScopes).
		const scopes = sessionScopes(session);
		this.log.info(`connected to ${this.displayUrl} with ${how} (openclaw ${version ?? 'unknown version'}; scopes ${scopes.join(', ') || 'none'})`);
		void this.hooks
			.opened(session)
			.catch((error: unknown) => this.log.error(`setting up the session failed: ${errorText(error)}`))
			.then(() => {
				if (this._session !== session || session.closed) return;
				this.setState({ kind: 'connected', serverVersion: version, scopes, via });
			});
	}

	private onSessionClosed(session: GatewaySession, code: number, reason: string): void {
		if (this._session !== session) return;
		this._session = undefined;
		this.hooks.closed(session);
		if (!this.running) return;
		// A flapping connection (accepted, then closed at once) keeps growing the delay; a healthy one starts over.
		this.failures = Date.now() - this.connectedAt >= STABLE_SESSION_MS ? 1 : this.failures + 1;
		const delay = backoffDelay(this.failures, this.settings.backoff, this.settings.random);
		const retryAt = this.scheduleRetry(delay);
		const message = `the gateway connection closed (${code}${reason ? ` ${reason}` : ''})`;
		this.log.warn(this.options.once ? message : `${message}; reconnecting in ${delay} ms`);
		this.setState({ kind: 'disconnected', message, retryAt });
	}

	/** When the next attempt runs (Date.now() based), or undefined: `once` never retries. */
	private scheduleRetry(delayMs: number): number | undefined {
		this.clearRetry();
		if (this.options.once) return undefined;
		const epoch = this.epoch;
		this.retryTimer = this.settings.timers.setTimeout(() => {
			this.retryTimer = undefined;
			if (epoch === this.epoch) void this.connectNow();
		}, delayMs);
		this.retryTimer.unref(); // the service alone never keeps a process alive
		return Date.now() + delayMs;
	}

	private clearRetry(): void {
		this.settings.timers.clearTimeout(this.retryTimer);
		this.retryTimer = undefined;
	}

	private setState(state: ConnectionState): void {
		if (JSON.stringify(state) === JSON.stringify(this._state)) return;
		this._state = state;
		this.hooks.stateChanged(state);
	}

	private logOnce(key: string, message: string, level: 'info' | 'warn' | 'error' = 'info'): void {
		if (this.lastLoggedProblem === key) return;
		this.lastLoggedProblem = key;
		this.log[level](message);
	}
}
