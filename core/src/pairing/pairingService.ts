// The live model of one gateway's pairing state (PairingService in types.ts), composed of three parts: the
// connection loop (one session at a time, reconnects with backoff: connectionLoop.ts), the snapshot store (lists,
// events, polling: snapshotStore.ts) and the actions (approve, reject…: pairingActions.ts). The shared token is
// only ever handed to connectGateway; nothing here logs a token, a key or a response payload that could carry one.
import { DEFAULT_SCOPES } from './defaults';
import type { GatewayClientInfo } from '../gateway';
import { BackoffOptions, resolveBackoff } from './backoff';
import { ConnectionLoop, describeState } from './connectionLoop';
import type { IdentityStore } from './identityStore';
import { scopesToApprove, scopesToDecideNode, scopesToReject } from './approvalScopes';
import { PairingActions, listFailure } from './pairingActions';
import { ScopeElevation } from './scopeElevation';
import { errorText, tracedRpc } from './pairingRpc';
import { SetupCodes } from './setupActions';
import type { IssuedSetupCode, SetupCodeRequest } from './setupCode';
import type { SetupOutcome } from './setupOutcome';
import { SnapshotStore } from './snapshotStore';
import { PairingTimers, SYSTEM_TIMERS } from './timers';
import type {
	ConnectionState,
	Logger,
	PairedDevice,
	PairingDataProblem,
	PairingService,
	PairingSnapshot,
	PendingDeviceRequest,
	ScopeUpgradeRequest,
	Unsubscribe,
} from './types';

export { describeState };

export interface PairingServiceOptions {
	/** ws:// or wss:// URL of the gateway. */
	url: string;
	/** The shared gateway token (SECRET: never logged). Asked again before every connect, so a changed token applies. */
	token: () => Promise<string | undefined>;
	identityStore: IdentityStore;
	scopes?: readonly string[];
	client?: { displayName?: string; version?: string; platform?: string };
	/** Log in as our paired device even on loopback with the shared token (default: device-less there; connectMode.ts). */
	preferDevice?: boolean;
	/** Allow plaintext ws:// to a non-loopback host (the token crosses the network unencrypted). */
	allowInsecureRemote?: boolean;
	/** wss:// only: the sha256 fingerprint of the gateway's certificate (OpenClaw's gateway.remote.tlsFingerprint).
	 * Set: only that certificate is accepted (self-signed is fine); unset: normal CA validation. */
	tlsFingerprint?: string;
	log?: Logger;
	/** Protocol trace (methods, params and event payloads, secrets masked) to log.trace. */
	trace?: boolean;
	/** Data the gateway sent that could not be read (also logged as a warning). */
	onDataProblem?: (problem: PairingDataProblem) => void;
	/** One connection attempt and one session: no retries, no reconnects (a CLI; see connectOnce). */
	once?: boolean;
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
	/** For tests that check what is scheduled; default the global timers. */
	timers?: PairingTimers;
}

const DEFAULT_POLL_MS = 30_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_AUTH_RETRY_MS = 5 * 60_000;

const NOOP_LOGGER: Logger = { info() {}, warn() {}, error() {}, trace() {} };

export function createPairingService(options: PairingServiceOptions): PairingService {
	return new LivePairingService(options);
}

/**
 * One connection, no retries (a CLI): resolves once it is connected and listed, or with the first state that says
 * why not (or a stand-in "disconnected" after `timeoutMs`). Call `service.stop()` when done.
 */
export function connectOnce(options: Omit<PairingServiceOptions, 'once'>, timeoutMs: number): Promise<{ service: PairingService; state: ConnectionState }> {
	const service = createPairingService({ ...options, once: true });
	return new Promise((resolve) => {
		const done = (state: ConnectionState) => {
			if (state.kind === 'idle' || state.kind === 'connecting') return;
			off();
			clearTimeout(timer);
			resolve({ service, state });
		};
		const off = service.onDidChangeState(done);
		const timer = setTimeout(
			() => done({ kind: 'disconnected', message: `no answer within ${timeoutMs} ms`, retryAt: undefined, unreachable: true }),
			timeoutMs,
		);
		service.start();
		done(service.state);
	});
}

class LivePairingService implements PairingService {
	private readonly log: Logger;
	private readonly stateListeners = new Set<(state: ConnectionState) => void>();
	private readonly loop: ConnectionLoop;
	private readonly store: SnapshotStore;
	private readonly actions: PairingActions;
	private readonly elevation: ScopeElevation;
	private readonly setup: SetupCodes;

	constructor(options: PairingServiceOptions) {
		const log = (this.log = options.log ?? NOOP_LOGGER);
		const client: GatewayClientInfo = {
			id: 'gateway-client', // with mode "ui": a valid enum pair that no Control UI rule applies to (protocol.md §3.9)
			mode: 'ui',
			version: options.client?.version || '0.0.0',
			platform: options.client?.platform || process.platform,
			...(options.client?.displayName ? { displayName: options.client.displayName } : {}),
		};
		const requestTimeoutMs = positive(options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS);
		const rpc = tracedRpc(log, options.trace === true, requestTimeoutMs);
		const dataProblem = (problem: PairingDataProblem) => {
			log.warn(problem.message);
			options.onDataProblem?.(problem);
		};
		const session = () => this.loop.session;
		const timers = options.timers ?? SYSTEM_TIMERS;
		this.store = new SnapshotStore({
			log,
			trace: options.trace === true,
			pollIntervalMs: positive(options.pollIntervalMs, DEFAULT_POLL_MS),
			rpc,
			timers,
			session,
			connected: () => this.loop.state.kind === 'connected',
			dataProblem,
			eventSeen: (event) => this.setup.handleEvent(event.event, event.payload),
		});
		this.actions = new PairingActions({ store: this.store, rpc, session, notConnected: () => describeState(this.loop.state) });
		this.loop = new ConnectionLoop(
			options,
			{
				log,
				scopes: options.scopes && options.scopes.length > 0 ? [...options.scopes] : [...DEFAULT_SCOPES],
				client,
				backoff: resolveBackoff(options.backoff),
				requestTimeoutMs,
				connectTimeoutMs: positive(options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS),
				authRetryMs: positive(options.authRetryMs, DEFAULT_AUTH_RETRY_MS),
				random: options.random ?? Math.random,
				timers,
			},
			{
				opened: (s) => this.store.attach(s),
				closed: () => this.store.detach(),
				stateChanged: (state) => this.onStateChanged(state),
				dataProblem,
			},
		);
		this.elevation = new ScopeElevation({
			loop: this.loop,
			rpc,
			snapshot: () => this.store.snapshot,
			relist: async () => {
				const live = session();
				return live ? await this.store.relistNow(live).catch(() => this.store.snapshot) : this.store.snapshot;
			},
		});
		this.setup = new SetupCodes({ elevation: this.elevation, rpc, log, notConnected: () => describeState(this.loop.state) });
	}

	get state(): ConnectionState {
		return this.loop.state;
	}

	get snapshot(): PairingSnapshot | undefined {
		return this.store.snapshot;
	}

	/** Our own deviceId once the identity is loaded. */
	get deviceId(): string | undefined {
		return this.loop.deviceId;
	}

	onDidChangeState(listener: (state: ConnectionState) => void): Unsubscribe {
		this.stateListeners.add(listener);
		return () => this.stateListeners.delete(listener);
	}

	onDidChangeSnapshot(listener: (snapshot: PairingSnapshot) => void): Unsubscribe {
		return this.store.onDidChange(listener);
	}

	start(): void {
		this.loop.start();
	}

	stop(): Promise<void> {
		this.store.stopTimers();
		return this.loop.stop();
	}

	setActive(active: boolean): void {
		this.store.setActive(active);
	}

	supports(method: string): boolean {
		return this.loop.hello?.features.methods.includes(method) ?? false;
	}

	async refresh(): Promise<PairingSnapshot> {
		const session = await this.loop.sessionOnDemand();
		try {
			return await this.store.relistNow(session);
		} catch (error) {
			throw listFailure(error);
		}
	}

	async pendingRequest(requestId: string): Promise<PendingDeviceRequest> {
		return this.actions.pendingRequest(await this.loop.sessionOnDemand(), requestId);
	}

	// Each decision runs on a login that holds what the gateway checks for it (approvalScopes.ts): the live one, or a
	// short wider one (scopeElevation.ts). A request not in the last list needs nothing extra: the action re-lists first.
	approve(requestId: string): Promise<PairedDevice | undefined> {
		const request = this.store.snapshot?.pending.find((p) => p.requestId === requestId);
		return this.elevation.run(request ? scopesToApprove(request) : [], 'approving this request', (on) => this.actions.approve(requestId, on));
	}

	reject(requestId: string): Promise<void> {
		const request = this.store.snapshot?.pending.find((p) => p.requestId === requestId);
		return this.elevation.run(request ? scopesToReject(request) : [], 'rejecting this request', (on) => this.actions.reject(requestId, on));
	}

	approveNode(requestId: string): Promise<void> {
		return this.nodeDecision(requestId, 'node.pair.approve');
	}

	rejectNode(requestId: string): Promise<void> {
		return this.nodeDecision(requestId, 'node.pair.reject');
	}

	askForScopes(scopes: readonly string[]): Promise<ScopeUpgradeRequest> {
		return this.elevation.askForScopes(scopes);
	}

	waitForScopes(request: ScopeUpgradeRequest, signal?: AbortSignal): Promise<void> {
		return this.elevation.waitForScopes(request, signal);
	}

	createSetupCode(request: SetupCodeRequest): Promise<IssuedSetupCode> {
		return this.setup.create(request);
	}

	setupStatus(setupId: string): Promise<SetupOutcome | undefined> {
		return this.setup.status(setupId);
	}

	onDidSetupOutcome(listener: (outcome: SetupOutcome) => void): Unsubscribe {
		return this.setup.onDidOutcome(listener);
	}

	private nodeDecision(requestId: string, method: 'node.pair.approve' | 'node.pair.reject'): Promise<void> {
		// requiredApproveScopes is what approving needs; a rejection needs only the method's operator.pairing.
		const request = method === 'node.pair.approve' ? this.store.snapshot?.nodes.find((n) => n.requestId === requestId) : undefined;
		return this.elevation.run(request ? scopesToDecideNode(request) : [], 'deciding this node request', (on) =>
			this.actions.nodeDecision(requestId, method, on),
		);
	}

	remove(deviceId: string): Promise<void> {
		return this.actions.remove(deviceId);
	}

	rename(deviceId: string, label: string): Promise<void> {
		return this.actions.rename(deviceId, label);
	}

	rotateToken(deviceId: string, role: string): Promise<void> {
		return this.actions.rotateToken(deviceId, role);
	}

	revokeToken(deviceId: string, role: string): Promise<void> {
		return this.actions.revokeToken(deviceId, role);
	}

	private onStateChanged(state: ConnectionState): void {
		this.store.updatePolling();
		for (const listener of [...this.stateListeners]) {
			try {
				listener(state);
			} catch (error) {
				this.log.error(`a state listener failed: ${errorText(error)}`);
			}
		}
	}
}

function positive(value: number | undefined, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
