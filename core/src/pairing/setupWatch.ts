// Follow one setup code until it is used or expires, from every signal the gateway gives (none is guaranteed):
//   - 2026.8.1+: device.pair.setup.completed / deliveryUncertain for its setupId (dropped for slow clients);
//   - device.pair.setupStatus for its setupId, asked when the paired list gains a device, after a reconnect (events
//     may have been missed) and at expiry (the Control UI's reconcile; "nothing" then means expired unused);
//     Measured on 9.6: between handing the phone its credentials and confirming that, setupStatus already answers
//     deliveryUncertain, and the completed event follows milliseconds later. So a status "uncertain" is asked again
//     once after a short wait (an event in between decides); only an uncertain that stays is reported;
//   - JSON era (no setupId, no events, no status): a device that appears in the paired list after the code was made.
//     The code is single-use and only it pairs silently, so that is taken as its device (said to be inferred).
import { deviceName } from './deviceName';
import type { IssuedSetupCode } from './setupCode';
import type { SetupOutcome } from './setupOutcome';
import { errorText } from './pairingRpc';
import { SYSTEM_TIMERS, type PairingTimers } from './timers';
import type { Logger, PairedDevice, PairingService, PairingSnapshot, Unsubscribe } from './types';

export type SetupWatchState =
	| { phase: 'waiting' }
	/** `inferred`: from the paired list alone (JSON era), not from the gateway naming this code. */
	| { phase: 'paired'; deviceId: string; name: string; access: string; inferred: boolean }
	| { phase: 'deliveryUncertain'; deviceId: string; name: string }
	| { phase: 'expired' };

/** How long a setupStatus "deliveryUncertain" is given to turn into the completed event (or a confirmed status). */
export const UNCERTAIN_RECHECK_MS = 2_000;

export interface SetupWatchOptions {
	log?: Logger;
	timers?: PairingTimers;
	now?: () => number;
}

export class SetupWatch {
	private _state: SetupWatchState = { phase: 'waiting' };
	private readonly listeners = new Set<(state: SetupWatchState) => void>();
	private readonly subscriptions: Unsubscribe[] = [];
	private readonly baseline: Set<string>;
	private readonly timers: PairingTimers;
	private readonly now: () => number;
	private expiryTimer: NodeJS.Timeout | undefined;
	private wasConnected: boolean;
	private reconciling: Promise<void> | undefined;
	private recheckTimer: NodeJS.Timeout | undefined;
	private uncertainSeen = false;

	constructor(
		private readonly service: PairingService,
		readonly issued: IssuedSetupCode,
		private readonly options: SetupWatchOptions = {},
	) {
		this.timers = options.timers ?? SYSTEM_TIMERS;
		this.now = options.now ?? Date.now;
		this.baseline = new Set((service.snapshot?.paired ?? []).map((d) => d.deviceId));
		this.wasConnected = service.state.kind === 'connected';
		this.subscriptions.push(
			service.onDidSetupOutcome((outcome) => this.onOutcome(outcome)),
			service.onDidChangeSnapshot((snapshot) => this.onSnapshot(snapshot)),
			service.onDidChangeState((state) => {
				const connected = state.kind === 'connected';
				if (connected && !this.wasConnected) void this.reconcile('reconnected');
				this.wasConnected = connected;
			}),
		);
		this.armExpiry();
	}

	get state(): SetupWatchState {
		return this._state;
	}

	onDidChange(listener: (state: SetupWatchState) => void): Unsubscribe {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	dispose(): void {
		for (const off of this.subscriptions.splice(0)) off();
		this.timers.clearTimeout(this.expiryTimer);
		this.timers.clearTimeout(this.recheckTimer);
		this.listeners.clear();
	}

	/** Ask the gateway now (2026.8.1+); resolves when the answer was applied. */
	reconcile(why: string): Promise<void> {
		const setupId = this.issued.setupId;
		if (!setupId || this._state.phase !== 'waiting') return Promise.resolve();
		this.reconciling ??= this.service
			.setupStatus(setupId)
			.then((outcome) => {
				if (outcome?.kind === 'deliveryUncertain' && !this.uncertainSeen && this.now() < this.issued.expiresAtMs) {
					this.uncertainSeen = true;
					this.recheckTimer = this.timers.setTimeout(() => void this.reconcile('an uncertain status'), UNCERTAIN_RECHECK_MS);
					this.recheckTimer.unref?.();
				} else if (outcome) this.onOutcome(outcome);
				else if (this.now() >= this.issued.expiresAtMs) this.finish({ phase: 'expired' });
			})
			.catch((error: unknown) => {
				this.options.log?.warn(`setup code ${setupId}: status after ${why} failed: ${errorText(error)}`);
				if (this.now() >= this.issued.expiresAtMs) this.finish({ phase: 'expired' });
			})
			.finally(() => (this.reconciling = undefined));
		return this.reconciling;
	}

	private onOutcome(outcome: SetupOutcome): void {
		if (outcome.setupId !== this.issued.setupId) return;
		const known = this.service.snapshot?.paired.find((d) => d.deviceId === outcome.deviceId);
		const name = outcome.deviceName ?? (known ? deviceName(known) : outcome.deviceId.slice(0, 12));
		this.finish(
			outcome.kind === 'completed'
				? { phase: 'paired', deviceId: outcome.deviceId, name, access: outcome.access, inferred: false }
				: { phase: 'deliveryUncertain', deviceId: outcome.deviceId, name },
		);
	}

	private onSnapshot(snapshot: PairingSnapshot): void {
		if (this._state.phase !== 'waiting') return;
		const fresh = snapshot.paired.filter((d) => !this.baseline.has(d.deviceId));
		if (fresh.length === 0) return;
		if (this.issued.setupId) {
			void this.reconcile('a new paired device');
			return;
		}
		const device = pickRedeemer(fresh);
		this.finish({ phase: 'paired', deviceId: device.deviceId, name: deviceName(device), access: this.issued.access, inferred: true });
	}

	private armExpiry(): void {
		const wait = Math.max(0, this.issued.expiresAtMs - this.now());
		this.expiryTimer = this.timers.setTimeout(() => {
			this.expiryTimer = undefined;
			if (this.issued.setupId) void this.reconcile('expiry');
			else
				void this.service.refresh().then(
					(snapshot) => (this.onSnapshot(snapshot), this.finish({ phase: 'expired' })),
					() => this.finish({ phase: 'expired' }),
				);
		}, wait);
		this.expiryTimer.unref?.();
	}

	private finish(state: Exclude<SetupWatchState, { phase: 'waiting' }>): void {
		if (this._state.phase !== 'waiting') return;
		this._state = state;
		this.timers.clearTimeout(this.expiryTimer);
		this.timers.clearTimeout(this.recheckTimer);
		for (const listener of [...this.listeners]) listener(state);
	}
}

/** A bootstrap-approved device (approvedVia, 2026.9) before any other; else the newest. */
function pickRedeemer(devices: PairedDevice[]): PairedDevice {
	const bootstrap = devices.filter((d) => d.approvedVia === 'bootstrap');
	const pool = bootstrap.length > 0 ? bootstrap : devices;
	return pool.reduce((a, b) => ((b.approvedAtMs ?? 0) > (a.approvedAtMs ?? 0) ? b : a));
}
