// The live model of one gateway's pairing state (PairingService in types.ts): one authenticated session at a time,
// kept true by list-after-connect, events, a polling fallback while someone looks, and reconnects with backoff.
// The shared token is only ever handed to connectGateway; nothing here logs a token, a key or a response payload
// that could carry one (device.token.rotate).
import { DEFAULT_SCOPES } from './defaults';
import {
	DeviceIdentity, EventFrame, GatewayClientInfo, GatewayClosedError, GatewayConnectError, GatewaySession, HelloOk,
	connectGateway, isRecord, normalizeTlsFingerprint,
} from '../gateway';
import { PairingActionError, mayMeanRequestGone, toPairingActionError } from './pairingActionError';
import { BackoffOptions, backoffDelay, resolveBackoff } from './backoff';
import type { IdentityStore } from './identityStore';
import { parseDevicePairList, parseNodePairList, parsePairedDevice } from './listParsing';
import { traceJson } from './redact';
import { PAIRING_EVENTS, applyPairingEvent } from './snapshotEvents';
import type {
	ConnectionState, Logger, PairedDevice, PairingService, PairingSnapshot, PendingDeviceRequest, PendingNodeRequest, Unsubscribe,
} from './types';
import { checkGatewayUrl } from './urlPolicy';

/** The fewest scopes that list and approve: asking for more would make our own connect mint an upgrade request
 * that nobody but an admin can approve (openclaw #97859/#98146). */

export interface PairingServiceOptions {
	/** ws:// or wss:// URL of the gateway. */
	url: string;
	/** The shared gateway token (SECRET: never logged). Asked again before every connect, so a changed token applies. */
	token: () => Promise<string | undefined>;
	identityStore: IdentityStore;
	scopes?: readonly string[];
	client?: { displayName?: string; version?: string; platform?: string };
	/** Allow plaintext ws:// to a non-loopback host (the token crosses the network unencrypted). */
	allowInsecureRemote?: boolean;
	/** wss:// only: the sha256 fingerprint of the gateway's certificate (OpenClaw's gateway.remote.tlsFingerprint).
	 * Set: only that certificate is accepted (self-signed is fine); unset: normal CA validation. */
	tlsFingerprint?: string;
	log?: Logger;
	/** Protocol trace (methods, params and event payloads, secrets masked) to log.trace. */
	trace?: boolean;
	/** Polling fallback interval while active. Default 30 s. */
	pollIntervalMs?: number;
	backoff?: Partial<BackoffOptions>;
	/** Per request. Default 30 s. */
	requestTimeoutMs?: number;
	/** Per connect attempt (socket + challenge + hello). Default 15 s. */
	connectTimeoutMs?: number;
	/** Retry delay after an auth refusal or without a token (they need the user, not time). Default 5 min. */
	authRetryMs?: number;
	/** Largest incoming frame; bigger ones close the socket (1009) and we reconnect. Default 64 MiB. */
	maxFrameBytes?: number;
	/** For tests of the jitter; default Math.random. */
	random?: () => number;
}

const DEFAULT_POLL_MS = 30_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_AUTH_RETRY_MS = 5 * 60_000;
const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
/** A session that lived this long was healthy: the next reconnect starts the backoff from the beginning. */
const STABLE_SESSION_MS = 10_000;
/** Coalesces the re-lists a burst of events asks for. */
const RELIST_DEBOUNCE_MS = 50;
const REMEMBERED_REQUESTS = 2_000;

const NOOP_LOGGER: Logger = { info() {}, warn() {}, error() {}, trace() {} };

export function createPairingService(options: PairingServiceOptions): PairingService {
	return new LivePairingService(options);
}

class LivePairingService implements PairingService {
	private readonly log: Logger;
	private readonly scopes: string[];
	private readonly client: GatewayClientInfo;
	private readonly backoff: BackoffOptions;
	private readonly pollIntervalMs: number;
	private readonly requestTimeoutMs: number;
	private readonly connectTimeoutMs: number;
	private readonly authRetryMs: number;
	private readonly random: () => number;

	private _state: ConnectionState = { kind: 'idle' };
	private _snapshot: PairingSnapshot | undefined;
	private readonly stateListeners = new Set<(state: ConnectionState) => void>();
	private readonly snapshotListeners = new Set<(snapshot: PairingSnapshot) => void>();

	private url: string | undefined;
	private displayUrl = '';
	private running = false;
	/** Bumped by start()/stop(): async work that started under another epoch drops its result. */
	private epoch = 0;
	private currentAttempt: Promise<void> | undefined;
	private abort: AbortController | undefined;
	private session: GatewaySession | undefined;
	private lastHello: HelloOk | undefined;
	private connectedAt = 0;
	private failures = 0;
	private retryTimer: NodeJS.Timeout | undefined;
	private identity: DeviceIdentity | undefined;
	private lastLoggedProblem: string | undefined;

	private active = false;
	private pollTimer: NodeJS.Timeout | undefined;
	private relistTimer: NodeJS.Timeout | undefined;
	private relistRunning = false;
	private relistAgain = false;
	private listSeq = 0;
	private publishedSeq = 0;
	/** Events that arrived while a list was in flight, replayed on its (possibly older) answer. */
	private readonly eventBuffers = new Set<EventFrame[]>();
	private nodeListDisabled = false;
	/** requestId -> deviceId of requests seen, to tell "superseded" from "expired" after they vanish. */
	private readonly requestDevices = new Map<string, string>();
	private readonly inFlight = new Set<string>();

	constructor(private readonly options: PairingServiceOptions) {
		this.log = options.log ?? NOOP_LOGGER;
		this.scopes = options.scopes && options.scopes.length > 0 ? [...options.scopes] : [...DEFAULT_SCOPES];
		this.client = {
			id: 'gateway-client', // with mode "ui": a valid enum pair that no Control UI rule applies to (protocol.md §3.9)
			mode: 'ui',
			version: options.client?.version || '0.0.0',
			platform: options.client?.platform || process.platform,
			...(options.client?.displayName ? { displayName: options.client.displayName } : {}),
		};
		this.backoff = resolveBackoff(options.backoff);
		this.pollIntervalMs = positive(options.pollIntervalMs, DEFAULT_POLL_MS);
		this.requestTimeoutMs = positive(options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS);
		this.connectTimeoutMs = positive(options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
		this.authRetryMs = positive(options.authRetryMs, DEFAULT_AUTH_RETRY_MS);
		this.random = options.random ?? Math.random;
	}

	get state(): ConnectionState {
		return this._state;
	}

	get snapshot(): PairingSnapshot | undefined {
		return this._snapshot;
	}

	/** Our own deviceId once the identity is loaded. */
	get deviceId(): string | undefined {
		return this.identity?.deviceId;
	}

	onDidChangeState(listener: (state: ConnectionState) => void): Unsubscribe {
		this.stateListeners.add(listener);
		return () => this.stateListeners.delete(listener);
	}

	onDidChangeSnapshot(listener: (snapshot: PairingSnapshot) => void): Unsubscribe {
		this.snapshotListeners.add(listener);
		return () => this.snapshotListeners.delete(listener);
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
		void this.connectNow();
	}

	async stop(): Promise<void> {
		this.running = false;
		this.epoch++;
		this.clearTimers();
		this.abort?.abort();
		this.currentAttempt = undefined; // a start() right after must not wait on the abandoned attempt
		const session = this.session;
		this.session = undefined;
		await session?.close(1000, 'client closing');
		this.setState({ kind: 'idle' });
	}

	setActive(active: boolean): void {
		const wasActive = this.active;
		this.active = active;
		this.updatePolling();
		// Someone just started looking: show fresh data rather than whatever events we may have missed.
		if (active && !wasActive && this.session && this._state.kind === 'connected') this.scheduleRelist();
	}

	supports(method: string): boolean {
		return this.lastHello?.features.methods.includes(method) ?? false;
	}

	async refresh(): Promise<PairingSnapshot> {
		const session = this.session ?? (await this.reconnectOnDemand());
		try {
			return await this.relistNow(session);
		} catch (error) {
			throw this.listFailure(error);
		}
	}

	async pendingRequest(requestId: string): Promise<PendingDeviceRequest> {
		const session = this.session ?? (await this.reconnectOnDemand());
		await this.ensureStillPending(session, requestId, 'device');
		const request = this._snapshot?.pending.find((p) => p.requestId === requestId);
		if (!request) throw new PairingActionError('expired', `request ${requestId} is no longer pending`);
		return request;
	}

	approve(requestId: string): Promise<PairedDevice | undefined> {
		return this.action(`request:${requestId}`, 'device.pair.approve', async (session) => {
			await this.ensureStillPending(session, requestId, 'device');
			const payload = await this.send(session, 'device.pair.approve', { requestId }, requestId, 'device');
			const device = parsePairedDevice(isRecord(payload) ? payload.device : undefined);
			this.patch((s) => ({
				...s,
				pending: s.pending.filter((p) => p.requestId !== requestId),
				paired: device ? [device, ...s.paired.filter((p) => p.deviceId !== device.deviceId)] : s.paired,
			}));
			this.scheduleRelist();
			return device;
		});
	}

	reject(requestId: string): Promise<void> {
		return this.action(`request:${requestId}`, 'device.pair.reject', async (session) => {
			await this.ensureStillPending(session, requestId, 'device');
			await this.send(session, 'device.pair.reject', { requestId }, requestId, 'device');
			this.patch((s) => ({ ...s, pending: s.pending.filter((p) => p.requestId !== requestId) }));
			this.scheduleRelist();
		});
	}

	approveNode(requestId: string): Promise<void> {
		return this.nodeDecision(requestId, 'node.pair.approve');
	}

	rejectNode(requestId: string): Promise<void> {
		return this.nodeDecision(requestId, 'node.pair.reject');
	}

	remove(deviceId: string): Promise<void> {
		return this.action(`device:${deviceId}:remove`, 'device.pair.remove', async (session) => {
			await this.send(session, 'device.pair.remove', { deviceId });
			this.patch((s) => ({ ...s, paired: s.paired.filter((p) => p.deviceId !== deviceId), pending: s.pending.filter((p) => p.deviceId !== deviceId) }));
			this.scheduleRelist();
		});
	}

	rename(deviceId: string, label: string): Promise<void> {
		return this.action(`device:${deviceId}:rename`, 'device.pair.rename', async (session) => {
			const trimmed = label.trim();
			// The gateway's schema: 1..64 characters; say so before sending rather than relaying a schema error.
			if (trimmed.length < 1 || trimmed.length > 64) throw new PairingActionError('gateway', 'device.pair.rename: the label must be 1 to 64 characters');
			await this.send(session, 'device.pair.rename', { deviceId, label: trimmed });
			this.patch((s) => ({ ...s, paired: s.paired.map((p) => (p.deviceId === deviceId ? { ...p, operatorLabel: trimmed } : p)) }));
			this.scheduleRelist();
		});
	}

	rotateToken(deviceId: string, role: string): Promise<void> {
		return this.action(`device:${deviceId}:token:${role}`, 'device.token.rotate', async (session) => {
			// The answer may carry the new bearer token (same-device callers): it is dropped here, unread.
			await this.send(session, 'device.token.rotate', { deviceId, role });
			this.scheduleRelist();
		});
	}

	revokeToken(deviceId: string, role: string): Promise<void> {
		return this.action(`device:${deviceId}:token:${role}`, 'device.token.revoke', async (session) => {
			await this.send(session, 'device.token.revoke', { deviceId, role });
			this.scheduleRelist();
		});
	}

	// ---- connection lifecycle ----

	private connectNow(): Promise<void> {
		if (this.currentAttempt) return this.currentAttempt;
		if (!this.running || this.session || !this.url) return Promise.resolve();
		this.clearRetry();
		const attempt = this.attempt(this.url).catch((error: unknown) => this.log.error(`connect attempt failed unexpectedly: ${errorText(error)}`)).finally(() => {
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
			this.scheduleRetry(this.authRetryMs);
			this.logOnce('noToken', 'no gateway token is configured; not connecting');
			this.setState({ kind: 'noToken' });
			return;
		}
		let identity: DeviceIdentity;
		try {
			identity = this.identity ??= await this.options.identityStore.loadOrCreate();
		} catch (error) {
			if (epoch !== this.epoch) return;
			this.failures++;
			const message = `the device identity is unavailable: ${errorText(error)}`;
			const retryAt = this.scheduleRetry(this.authRetryMs);
			this.logOnce(message, message, 'error');
			this.setState({ kind: 'disconnected', message, retryAt });
			return;
		}
		if (epoch !== this.epoch) return;
		const abort = new AbortController();
		this.abort = abort;
		let session: GatewaySession;
		try {
			session = await connectGateway({
				url,
				auth: { token },
				identity,
				role: 'operator',
				scopes: this.scopes,
				client: this.client,
				connectTimeoutMs: this.connectTimeoutMs,
				requestTimeoutMs: this.requestTimeoutMs,
				maxPayload: this.options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
				// A timed-out request pings; a link that can't answer that is dropped and we reconnect and re-list.
				pingTimeoutMs: Math.min(this.requestTimeoutMs, 10_000),
				...(this.options.tlsFingerprint?.trim() ? { tlsFingerprint: this.options.tlsFingerprint } : {}),
				signal: abort.signal,
				// The excerpt is not logged: a broken frame could be a truncated hello-ok with a device token in it.
				onMalformedFrame: (error) => this.log.warn(`ignored a malformed frame from the gateway: ${error.message}`),
			});
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
		this.onConnected(session);
	}

	private onConnectFailed(error: unknown, identity: DeviceIdentity): void {
		if (error instanceof GatewayConnectError && error.kind === 'aborted') return;
		this.failures++;
		if (error instanceof GatewayConnectError && error.pairingRequired) {
			// Keep retrying: each retry refreshes the same request, and the first one after approval connects.
			this.scheduleRetry(backoffDelay(this.failures, this.backoff, this.random));
			const requestId = error.requestId;
			this.logOnce(`pairing:${requestId}`, `this device (${identity.deviceId.slice(0, 16)}…) awaits approval on the gateway: openclaw devices approve ${requestId ?? '<requestId>'}`);
			this.setState({ kind: 'awaitingPairing', deviceId: identity.deviceId, requestId, reason: error.reason });
			return;
		}
		if (error instanceof GatewayConnectError && error.detailCode?.startsWith('AUTH_')) {
			this.scheduleRetry(Math.max(this.authRetryMs, error.retryAfterMs ?? 0));
			const message = error.message;
			this.logOnce(`auth:${message}`, `the gateway refused our credentials (${error.detailCode}): ${message}`);
			this.setState({ kind: 'authFailed', code: error.detailCode, message });
			return;
		}
		if (error instanceof GatewayConnectError && error.kind === 'tls') {
			// A refused certificate needs the user (trust it, fix or pin it), not a fast retry loop.
			const message = error.message;
			const retryAt = this.scheduleRetry(this.authRetryMs);
			this.logOnce(`tls:${message}`, `cannot connect to ${this.displayUrl}: ${message}`, 'error');
			this.setState({ kind: 'disconnected', message, retryAt });
			return;
		}
		const delay = backoffDelay(this.failures, this.backoff, this.random);
		const retryAt = this.scheduleRetry(delay);
		const message = connectFailureText(error);
		const unreachable = !(error instanceof GatewayConnectError) || error.kind === 'socket' || error.kind === 'timeout';
		this.logOnce(`down:${message}`, `cannot connect to ${this.displayUrl}: ${message} (retrying with backoff)`);
		this.setState({ kind: 'disconnected', message, retryAt, ...(unreachable ? { unreachable } : {}) });
	}

	private onConnected(session: GatewaySession): void {
		this.session = session;
		this.lastHello = session.hello;
		this.connectedAt = Date.now();
		this.nodeListDisabled = false;
		this.lastLoggedProblem = undefined;
		session.onEvent((event) => this.onEvent(session, event));
		session.onClose((close) => this.onSessionClosed(session, close.code, [close.reason, close.error].filter(Boolean).join('; ')));
		const version = typeof session.hello.server.version === 'string' ? session.hello.server.version : undefined;
		this.log.info(`connected to ${this.displayUrl} (openclaw ${version ?? 'unknown version'}; scopes ${session.hello.auth.scopes.join(', ') || 'none'})`);
		void this.initialList(session, version);
	}

	private async initialList(session: GatewaySession, version: string | undefined): Promise<void> {
		try {
			await this.relistNow(session);
		} catch (error) {
			if (!session.closed) this.log.warn(`listing pairing requests failed: ${errorText(error)}`);
		}
		if (this.session !== session || session.closed) return;
		this.setState({ kind: 'connected', serverVersion: version, scopes: [...session.hello.auth.scopes] });
		this.updatePolling();
	}

	private onSessionClosed(session: GatewaySession, code: number, reason: string): void {
		if (this.session !== session) return;
		this.session = undefined;
		this.stopPolling();
		clearTimeout(this.relistTimer);
		this.relistTimer = undefined;
		if (!this.running) return;
		// A flapping connection (accepted, then closed at once) keeps growing the delay; a healthy one starts over.
		this.failures = Date.now() - this.connectedAt >= STABLE_SESSION_MS ? 1 : this.failures + 1;
		const delay = backoffDelay(this.failures, this.backoff, this.random);
		const retryAt = this.scheduleRetry(delay);
		const message = `the gateway connection closed (${code}${reason ? ` ${reason}` : ''})`;
		this.log.warn(`${message}; reconnecting in ${delay} ms`);
		this.setState({ kind: 'disconnected', message, retryAt });
	}

	/** refresh() while not connected: retry now instead of at the backoff's time, and wait for that attempt. */
	private async reconnectOnDemand(): Promise<GatewaySession> {
		if (!this.running) throw new PairingActionError('notConnected', describeState(this._state));
		await (this.currentAttempt ?? this.connectNow());
		if (this.session && !this.session.closed) return this.session;
		throw new PairingActionError('notConnected', describeState(this._state));
	}

	private scheduleRetry(delayMs: number): number {
		this.clearRetry();
		const epoch = this.epoch;
		this.retryTimer = setTimeout(() => {
			this.retryTimer = undefined;
			if (epoch === this.epoch) void this.connectNow();
		}, delayMs);
		this.retryTimer.unref(); // the service alone never keeps a process alive
		return Date.now() + delayMs;
	}

	private clearRetry(): void {
		clearTimeout(this.retryTimer);
		this.retryTimer = undefined;
	}

	private clearTimers(): void {
		this.clearRetry();
		this.stopPolling();
		clearTimeout(this.relistTimer);
		this.relistTimer = undefined;
	}

	// ---- snapshot: lists, events, polling ----

	private onEvent(session: GatewaySession, event: EventFrame): void {
		if (session !== this.session || !PAIRING_EVENTS.has(event.event)) return;
		if (this.options.trace) this.log.trace(`← event ${event.event} ${traceJson(event.payload)}`);
		this.rememberRequest(event.payload);
		for (const buffer of this.eventBuffers) buffer.push(event);
		const current = this._snapshot;
		if (!current) {
			this.scheduleRelist();
			return;
		}
		const outcome = applyPairingEvent(current, event);
		if (outcome.malformed) this.log.warn(`ignored an unreadable ${event.event} event; re-listing instead`);
		if (outcome.changed) this.publish(outcome.snapshot);
		if (outcome.relist) this.scheduleRelist();
	}

	/** One device.pair.list (+ node.pair.list) round; publishes unless a newer list already answered. */
	private async relistNow(session: GatewaySession): Promise<PairingSnapshot> {
		const seq = ++this.listSeq;
		const buffer: EventFrame[] = [];
		this.eventBuffers.add(buffer);
		try {
			// Both in flight at once; Promise.all so a failure of either is never left unhandled.
			const [devicesAnswer, nodes] = await Promise.all([this.send(session, 'device.pair.list', {}), this.listNodes(session)]);
			const devices = parseDevicePairList(devicesAnswer);
			if (devices.skipped > 0) this.log.warn(`device.pair.list: skipped ${devices.skipped} unreadable entries`);
			let snapshot: PairingSnapshot = { pending: devices.pending, nodes, paired: devices.paired, listedAt: Date.now() };
			for (const request of snapshot.pending) this.rememberRequest(request);
			for (const event of buffer) snapshot = applyPairingEvent(snapshot, event).snapshot;
			if (seq > this.publishedSeq && session === this.session) {
				this.publishedSeq = seq;
				// A poll that finds nothing new refreshes listedAt quietly instead of re-rendering every view.
				if (this._snapshot && sameContent(this._snapshot, snapshot)) this._snapshot = snapshot;
				else this.publish(snapshot);
			}
			return snapshot;
		} finally {
			this.eventBuffers.delete(buffer);
		}
	}

	/** node.pair.list when the gateway has it and our scopes allow it; a refusal turns it off for this session. */
	private async listNodes(session: GatewaySession): Promise<PendingNodeRequest[]> {
		const scopes = session.hello.auth.scopes;
		const permitted = scopes.includes('operator.pairing') || scopes.includes('operator.admin');
		if (this.nodeListDisabled || !permitted || !session.hello.features.methods.includes('node.pair.list')) return [];
		try {
			const nodes = parseNodePairList(await this.send(session, 'node.pair.list', {}));
			return nodes.pending;
		} catch (error) {
			if (error instanceof GatewayClosedError) throw error;
			this.nodeListDisabled = true;
			this.log.info(`node pairing requests are not listed on this connection: ${errorText(error)}`);
			return [];
		}
	}

	private scheduleRelist(): void {
		if (this.relistTimer || !this.session) return;
		this.relistTimer = setTimeout(() => {
			this.relistTimer = undefined;
			void this.backgroundRelist();
		}, RELIST_DEBOUNCE_MS);
		this.relistTimer.unref();
	}

	private async backgroundRelist(): Promise<void> {
		const session = this.session;
		if (!session) return;
		if (this.relistRunning) {
			this.relistAgain = true; // one more round after the running one: it may predate what asked for this
			return;
		}
		this.relistRunning = true;
		try {
			await this.relistNow(session);
		} catch (error) {
			if (!session.closed) this.log.warn(`re-listing pairing requests failed: ${errorText(error)}`);
		} finally {
			this.relistRunning = false;
			if (this.relistAgain) {
				this.relistAgain = false;
				this.scheduleRelist();
			}
		}
	}

	private updatePolling(): void {
		const wanted = this.active && this.session !== undefined && this._state.kind === 'connected';
		if (wanted && !this.pollTimer) {
			this.pollTimer = setInterval(() => void this.backgroundRelist(), this.pollIntervalMs);
			this.pollTimer.unref();
		} else if (!wanted) {
			this.stopPolling();
		}
	}

	private stopPolling(): void {
		clearInterval(this.pollTimer);
		this.pollTimer = undefined;
	}

	private patch(change: (snapshot: PairingSnapshot) => PairingSnapshot): void {
		if (this._snapshot) this.publish(change(this._snapshot));
	}

	private publish(snapshot: PairingSnapshot): void {
		this._snapshot = snapshot;
		for (const listener of [...this.snapshotListeners]) {
			try {
				listener(snapshot);
			} catch (error) {
				this.log.error(`a snapshot listener failed: ${errorText(error)}`);
			}
		}
	}

	private setState(state: ConnectionState): void {
		if (JSON.stringify(state) === JSON.stringify(this._state)) return;
		this._state = state;
		this.updatePolling();
		for (const listener of [...this.stateListeners]) {
			try {
				listener(state);
			} catch (error) {
				this.log.error(`a state listener failed: ${errorText(error)}`);
			}
		}
	}

	private rememberRequest(value: unknown): void {
		if (!isRecord(value) || typeof value.requestId !== 'string' || typeof value.deviceId !== 'string') return;
		this.requestDevices.delete(value.requestId);
		this.requestDevices.set(value.requestId, value.deviceId);
		if (this.requestDevices.size > REMEMBERED_REQUESTS) this.requestDevices.delete(this.requestDevices.keys().next().value as string);
	}

	// ---- actions ----

	/** Guard an action: one in flight per key, sent only on a live session that offers the method. */
	private async action<T>(key: string, method: string, run: (session: GatewaySession) => Promise<T>): Promise<T> {
		// Checked and marked before the first await, so a second call in the same tick already sees it.
		if (this.inFlight.has(key)) throw new PairingActionError('inFlight', `${method}: the same action is already in progress; it is not sent twice`);
		const session = this.session;
		if (!session || session.closed) throw new PairingActionError('notConnected', describeState(this._state));
		if (!session.hello.features.methods.includes(method)) {
			const version = typeof session.hello.server.version === 'string' ? session.hello.server.version : 'this gateway';
			throw new PairingActionError('unsupported', `${method} is not offered by openclaw ${version}`);
		}
		this.inFlight.add(key);
		try {
			return await run(session);
		} catch (error) {
			throw toPairingActionError(error, method);
		} finally {
			this.inFlight.delete(key);
		}
	}

	private nodeDecision(requestId: string, method: 'node.pair.approve' | 'node.pair.reject'): Promise<void> {
		return this.action(`node-request:${requestId}`, method, async (session) => {
			if (!this.nodeListDisabled) await this.ensureStillPending(session, requestId, 'node');
			await this.send(session, method, { requestId }, requestId, 'node');
			this.patch((s) => ({ ...s, nodes: s.nodes.filter((n) => n.requestId !== requestId) }));
			this.scheduleRelist();
		});
	}

	/** Re-list, then fail as superseded/expired when the id is gone: request ids change when a device asks again. */
	private async ensureStillPending(session: GatewaySession, requestId: string, kind: 'device' | 'node'): Promise<void> {
		const before = this._snapshot;
		let fresh: PairingSnapshot;
		try {
			fresh = await this.relistNow(session);
		} catch (error) {
			throw this.listFailure(error);
		}
		const gone = this.goneError(requestId, kind, before, fresh);
		if (gone) throw gone;
	}

	private goneError(requestId: string, kind: 'device' | 'node', before: PairingSnapshot | undefined, fresh: PairingSnapshot): PairingActionError | undefined {
		if (kind === 'node') {
			if (fresh.nodes.some((n) => n.requestId === requestId)) return undefined;
			const nodeId = before?.nodes.find((n) => n.requestId === requestId)?.nodeId;
			const replacement = nodeId ? fresh.nodes.find((n) => n.nodeId === nodeId) : undefined;
			return replacement
				? new PairingActionError('superseded', `node request ${requestId} was superseded by ${replacement.requestId}`, { replacementRequestId: replacement.requestId })
				: new PairingActionError('expired', `node request ${requestId} is no longer pending (expired or resolved elsewhere)`);
		}
		if (fresh.pending.some((p) => p.requestId === requestId)) return undefined;
		const deviceId = this.requestDevices.get(requestId) ?? before?.pending.find((p) => p.requestId === requestId)?.deviceId;
		const replacement = deviceId ? fresh.pending.find((p) => p.deviceId === deviceId) : undefined;
		return replacement
			? new PairingActionError('superseded', `request ${requestId} was superseded by ${replacement.requestId}: the device asked again with other roles or scopes`, {
				replacementRequestId: replacement.requestId,
			})
			: new PairingActionError('expired', `request ${requestId} is no longer pending (expired after 5 minutes, or resolved elsewhere)`);
	}

	/**
	 * One request, traced without its answer (rotate answers can hold a token). When `requestId` is given and the
	 * refusal may just mean the id vanished, re-list to say superseded/expired instead of "denied".
	 */
	private async send(session: GatewaySession, method: string, params: Record<string, unknown>, requestId?: string, kind?: 'device' | 'node'): Promise<unknown> {
		const trace = this.options.trace === true;
		if (trace) this.log.trace(`→ ${method} ${traceJson(params)}`);
		const started = performance.now();
		try {
			const payload = await session.request(method, params, { timeoutMs: this.requestTimeoutMs });
			if (trace) this.log.trace(`← ${method} ok (${Math.round(performance.now() - started)} ms)`);
			return payload;
		} catch (error) {
			if (trace) this.log.trace(`← ${method} failed (${Math.round(performance.now() - started)} ms): ${errorText(error)}`);
			if (requestId && kind && mayMeanRequestGone(error) && !session.closed) {
				const before = this._snapshot;
				const fresh = await this.relistNow(session).catch(() => undefined);
				const gone = fresh && this.goneError(requestId, kind, before, fresh);
				if (gone) throw gone;
			}
			throw error;
		}
	}

	/** A list that failed before an action was sent: nothing was approved, so "not connected", not "outcome unknown". */
	private listFailure(error: unknown): PairingActionError {
		if (error instanceof GatewayClosedError) return new PairingActionError('notConnected', 'the connection dropped while listing; nothing else was sent');
		return toPairingActionError(error, 'device.pair.list');
	}

	private logOnce(key: string, message: string, level: 'info' | 'warn' | 'error' = 'info'): void {
		if (this.lastLoggedProblem === key) return;
		this.lastLoggedProblem = key;
		this.log[level](message);
	}
}

/** Why a configured pin can't be used with this URL, or undefined. */
function checkPinSetting(pin: string | undefined, url: string): string | undefined {
	if (!pin?.trim()) return undefined;
	if (!normalizeTlsFingerprint(pin)) return 'the TLS fingerprint must be a SHA-256 certificate fingerprint (64 hex digits, colons allowed)';
	if (!url.startsWith('wss:')) return 'a TLS fingerprint needs a wss:// gateway URL';
	return undefined;
}

function sameContent(a: PairingSnapshot, b: PairingSnapshot): boolean {
	return JSON.stringify([a.pending, a.nodes, a.paired]) === JSON.stringify([b.pending, b.nodes, b.paired]);
}

function positive(value: number | undefined, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function connectFailureText(error: unknown): string {
	if (error instanceof GatewayConnectError && error.kind === 'socket') return `cannot reach the gateway (${error.message})`;
	if (error instanceof GatewayConnectError && error.kind === 'timeout') return `no answer from the gateway (${error.message})`;
	return errorText(error);
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
