// The snapshot half of the pairing service: what the gateway lists, kept true by list-after-connect, events, and a
// polling fallback while someone looks. Lists are sequenced (an older answer never replaces a newer one) and the
// events that arrive while a list is in flight are replayed on its answer. It never connects: the connection loop
// hands it the live session.
import { EventFrame, GatewayClosedError, GatewaySession, isRecord } from '../gateway';
import { sessionScopes } from './approvalScopes';
import { parseDevicePairList, parseNodePairList } from './listParsing';
import { PairingRpc, errorText } from './pairingRpc';
import { traceJson } from './redact';
import { PAIRING_EVENTS, applyPairingEvent } from './snapshotEvents';
import type { PairingTimers } from './timers';
import type { Logger, PairingDataProblem, PairingSnapshot, PendingNodeRequest, Unsubscribe } from './types';

/** Coalesces the re-lists a burst of events asks for. */
const RELIST_DEBOUNCE_MS = 50;
const REMEMBERED_REQUESTS = 2_000;

export interface SnapshotStoreOptions {
	log: Logger;
	trace: boolean;
	pollIntervalMs: number;
	rpc: PairingRpc;
	timers: PairingTimers;
	/** The live session, undefined while the connection is down. */
	session: () => GatewaySession | undefined;
	/** Whether the connection is up and listed (state "connected"): polling and eager re-lists run only then. */
	connected: () => boolean;
	/** Something the gateway sent could not be read (already worded); logged by the caller's handler. */
	dataProblem: (problem: PairingDataProblem) => void;
	/** Each pairing event of the live session, after the snapshot took it (the setup events' listeners). */
	eventSeen?: (event: EventFrame) => void;
}

export class SnapshotStore {
	private _snapshot: PairingSnapshot | undefined;
	private readonly listeners = new Set<(snapshot: PairingSnapshot) => void>();
	private active = false;
	private pollTimer: NodeJS.Timeout | undefined;
	private relistTimer: NodeJS.Timeout | undefined;
	private relistRunning = false;
	private relistAgain = false;
	private listSeq = 0;
	private publishedSeq = 0;
	/** Events that arrived while a list was in flight, replayed on its (possibly older) answer. */
	private readonly eventBuffers = new Set<EventFrame[]>();
	private _nodeListDisabled = false;
	/** requestId -> deviceId of requests seen, to tell "superseded" from "expired" after they vanish. */
	private readonly requestDevices = new Map<string, string>();

	constructor(private readonly options: SnapshotStoreOptions) {}

	get snapshot(): PairingSnapshot | undefined {
		return this._snapshot;
	}

	/** node.pair.list was refused on this session: node requests are not known. */
	get nodeListDisabled(): boolean {
		return this._nodeListDisabled;
	}

	onDidChange(listener: (snapshot: PairingSnapshot) => void): Unsubscribe {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** The deviceId of a request this store has seen (listed or in an event), even after it vanished. */
	deviceOfRequest(requestId: string): string | undefined {
		return this.requestDevices.get(requestId);
	}

	/** A new session is up: follow its events, then list. Resolves when the first list answered (or failed). */
	async attach(session: GatewaySession): Promise<void> {
		this._nodeListDisabled = false;
		session.onEvent((event) => this.onEvent(session, event));
		try {
			await this.relistNow(session);
		} catch (error) {
			if (!session.closed) this.options.log.warn(`listing pairing requests failed: ${errorText(error)}`);
		}
	}

	/** The session is gone: no polling, no pending re-list. */
	detach(): void {
		this.stopTimers();
	}

	setActive(active: boolean): void {
		const wasActive = this.active;
		this.active = active;
		this.updatePolling();
		// Someone just started looking: show fresh data rather than whatever events we may have missed.
		if (active && !wasActive && this.options.session() && this.options.connected()) this.scheduleRelist();
	}

	stopTimers(): void {
		this.stopPolling();
		this.options.timers.clearTimeout(this.relistTimer);
		this.relistTimer = undefined;
	}

	/** One device.pair.list (+ node.pair.list) round; publishes unless a newer list already answered. */
	async relistNow(session: GatewaySession): Promise<PairingSnapshot> {
		const seq = ++this.listSeq;
		const buffer: EventFrame[] = [];
		this.eventBuffers.add(buffer);
		try {
			// Both in flight at once; Promise.all so a failure of either is never left unhandled.
			const [devicesAnswer, nodes] = await Promise.all([this.options.rpc(session, 'device.pair.list', {}), this.listNodes(session)]);
			const devices = parseDevicePairList(devicesAnswer);
			if (devices.skipped > 0)
				this.options.dataProblem({ kind: 'unreadableEntries', message: `device.pair.list: skipped ${devices.skipped} unreadable entries` });
			let snapshot: PairingSnapshot = { pending: devices.pending, nodes, paired: devices.paired, listedAt: Date.now() };
			for (const request of snapshot.pending) this.rememberRequest(request);
			for (const event of buffer) snapshot = applyPairingEvent(snapshot, event).snapshot;
			if (seq > this.publishedSeq && session === this.options.session()) {
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

	scheduleRelist(): void {
		if (this.relistTimer || !this.options.session()) return;
		this.relistTimer = this.options.timers.setTimeout(() => {
			this.relistTimer = undefined;
			void this.backgroundRelist();
		}, RELIST_DEBOUNCE_MS);
		this.relistTimer.unref();
	}

	/** Polling runs while someone looks and the connection is up; called whenever either changes. */
	updatePolling(): void {
		const wanted = this.active && this.options.session() !== undefined && this.options.connected();
		if (wanted && !this.pollTimer) {
			this.pollTimer = this.options.timers.setInterval(() => void this.backgroundRelist(), this.options.pollIntervalMs);
			this.pollTimer.unref();
		} else if (!wanted) {
			this.stopPolling();
		}
	}

	/** An action's known effect, shown before the re-list confirms it. */
	patch(change: (snapshot: PairingSnapshot) => PairingSnapshot): void {
		if (this._snapshot) this.publish(change(this._snapshot));
	}

	private onEvent(session: GatewaySession, event: EventFrame): void {
		if (session !== this.options.session() || !PAIRING_EVENTS.has(event.event)) return;
		if (this.options.trace) this.options.log.trace(`← event ${event.event} ${traceJson(event.payload)}`);
		this.rememberRequest(event.payload);
		for (const buffer of this.eventBuffers) buffer.push(event);
		const current = this._snapshot;
		if (!current) {
			this.scheduleRelist();
			this.options.eventSeen?.(event);
			return;
		}
		const outcome = applyPairingEvent(current, event);
		if (outcome.malformed) this.options.dataProblem({ kind: 'unreadableEvent', message: `ignored an unreadable ${event.event} event; re-listing instead` });
		if (outcome.changed) this.publish(outcome.snapshot);
		if (outcome.relist) this.scheduleRelist();
		this.options.eventSeen?.(event);
	}

	/** node.pair.list when the gateway has it and our scopes allow it; a refusal turns it off for this session. */
	private async listNodes(session: GatewaySession): Promise<PendingNodeRequest[]> {
		const scopes = sessionScopes(session);
		const permitted = scopes.includes('operator.pairing') || scopes.includes('operator.admin');
		if (this._nodeListDisabled || !permitted || !session.hello.features.methods.includes('node.pair.list')) return [];
		try {
			const nodes = parseNodePairList(await this.options.rpc(session, 'node.pair.list', {}));
			return nodes.pending;
		} catch (error) {
			if (error instanceof GatewayClosedError) throw error;
			this._nodeListDisabled = true;
			this.options.log.info(`node pairing requests are not listed on this connection: ${errorText(error)}`);
			return [];
		}
	}

	private async backgroundRelist(): Promise<void> {
		const session = this.options.session();
		if (!session) return;
		if (this.relistRunning) {
			this.relistAgain = true; // one more round after the running one: it may predate what asked for this
			return;
		}
		this.relistRunning = true;
		try {
			await this.relistNow(session);
		} catch (error) {
			if (!session.closed) this.options.log.warn(`re-listing pairing requests failed: ${errorText(error)}`);
		} finally {
			this.relistRunning = false;
			if (this.relistAgain) {
				this.relistAgain = false;
				this.scheduleRelist();
			}
		}
	}

	private stopPolling(): void {
		this.options.timers.clearInterval(this.pollTimer);
		this.pollTimer = undefined;
	}

	private publish(snapshot: PairingSnapshot): void {
		this._snapshot = snapshot;
		for (const listener of [...this.listeners]) {
			try {
				listener(snapshot);
			} catch (error) {
				this.options.log.error(`a snapshot listener failed: ${errorText(error)}`);
			}
		}
	}

	private rememberRequest(value: unknown): void {
		if (!isRecord(value) || typeof value.requestId !== 'string' || typeof value.deviceId !== 'string') return;
		this.requestDevices.delete(value.requestId);
		this.requestDevices.set(value.requestId, value.deviceId);
		if (this.requestDevices.size > REMEMBERED_REQUESTS) this.requestDevices.delete(this.requestDevices.keys().next().value as string);
	}
}

function sameContent(a: PairingSnapshot, b: PairingSnapshot): boolean {
	return JSON.stringify([a.pending, a.nodes, a.paired]) === JSON.stringify([b.pending, b.nodes, b.paired]);
}
