// Helpers for PairingService tests (real and fake gateway): a capturing logger that fails the test on any secret,
// and waits on state / snapshot changes.
import { generateDeviceIdentity } from '../../core/src/gateway';
import { createPairingService } from '../../core/src/pairing/pairingService';
import { PairingTimers, SYSTEM_TIMERS } from '../../core/src/pairing/timers';
import type { ConnectionState, Logger, PairingService, PairingSnapshot } from '../../core/src/pairing/types';

export interface CapturingLogger extends Logger {
	readonly lines: string[];
	/** Strings that must never appear in a log line (tokens, keys). */
	readonly forbidden: string[];
	assertClean(): void;
}

export function capturingLogger(echo = process.env.PAIRING_TEST_LOG === '1'): CapturingLogger {
	const lines: string[] = [];
	const forbidden: string[] = [];
	const add = (level: string) => (message: string) => {
		lines.push(`${level} ${message}`);
		if (echo) process.stderr.write(`[pairing ${level}] ${message}\n`);
	};
	return {
		lines,
		forbidden,
		info: add('info'),
		warn: add('warn'),
		error: add('error'),
		trace: add('trace'),
		assertClean() {
			for (const secret of forbidden) {
				const leak = lines.find((l) => secret && l.includes(secret));
				if (leak) throw new Error(`a secret reached the log: ${leak.slice(0, 80)}…`);
			}
		},
	};
}

/** Resolves with the first state (current included) that matches. */
export function waitForState(service: PairingService, match: (state: ConnectionState) => boolean, timeoutMs = 20_000): Promise<ConnectionState> {
	return new Promise((resolve, reject) => {
		if (match(service.state)) {
			resolve(service.state);
			return;
		}
		const timer = setTimeout(() => {
			off();
			reject(new Error(`state not reached within ${timeoutMs} ms; last: ${JSON.stringify(service.state)}`));
		}, timeoutMs);
		const off = service.onDidChangeState((state) => {
			if (!match(state)) return;
			clearTimeout(timer);
			off();
			resolve(state);
		});
	});
}

/** Resolves with the first snapshot (current included) that matches. */
export function waitForSnapshot(service: PairingService, match: (snapshot: PairingSnapshot) => boolean, timeoutMs = 10_000): Promise<PairingSnapshot> {
	return new Promise((resolve, reject) => {
		if (service.snapshot && match(service.snapshot)) {
			resolve(service.snapshot);
			return;
		}
		const timer = setTimeout(() => {
			off();
			reject(new Error(`snapshot not reached within ${timeoutMs} ms; pending: ${JSON.stringify(service.snapshot?.pending.map((p) => p.requestId))}`));
		}, timeoutMs);
		const off = service.onDidChangeSnapshot((snapshot) => {
			if (!match(snapshot)) return;
			clearTimeout(timer);
			off();
			resolve(snapshot);
		});
	});
}

/** Real timers that remember what is armed: a test can then show that nothing is scheduled (no poll, no retry)
 * instead of sleeping to see that nothing happens. */
export interface RecordingTimers {
	readonly timers: PairingTimers;
	/** Delays of the timeouts / intervals armed now (not yet fired or cleared). */
	armed(): { timeouts: number[]; intervals: number[] };
	/** Resolves once `count` more timeouts have been armed from now on (e.g. retries scheduled). */
	armedTimeouts(count: number, timeoutMs?: number): Promise<void>;
}

export function recordingTimers(): RecordingTimers {
	const timeouts = new Map<NodeJS.Timeout, number>();
	const intervals = new Map<NodeJS.Timeout, number>();
	let total = 0;
	const waiters = new Set<() => void>();
	const timers: PairingTimers = {
		setTimeout(callback, ms) {
			const timer = SYSTEM_TIMERS.setTimeout(() => {
				timeouts.delete(timer);
				callback();
			}, ms);
			timeouts.set(timer, ms);
			total++;
			for (const waiter of [...waiters]) waiter();
			return timer;
		},
		clearTimeout(timer) {
			if (timer) timeouts.delete(timer);
			SYSTEM_TIMERS.clearTimeout(timer);
		},
		setInterval(callback, ms) {
			const timer = SYSTEM_TIMERS.setInterval(callback, ms);
			intervals.set(timer, ms);
			return timer;
		},
		clearInterval(timer) {
			if (timer) intervals.delete(timer);
			SYSTEM_TIMERS.clearInterval(timer);
		},
	};
	return {
		timers,
		armed: () => ({ timeouts: [...timeouts.values()], intervals: [...intervals.values()] }),
		armedTimeouts(count, timeoutMs = 20_000) {
			const target = total + count;
			return new Promise((resolve, reject) => {
				const check = () => {
					if (total < target) return;
					waiters.delete(check);
					clearTimeout(timer);
					resolve();
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`${count} timeouts not armed within ${timeoutMs} ms`));
				}, timeoutMs);
				waiters.add(check);
			});
		},
	};
}

export function delay(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

/** A PairingService under fault tests: its log forbids the token and its key; `connects()` counts how often it connected. */
export interface ServiceUnderFaults {
	service: PairingService;
	log: CapturingLogger;
	connects(): number;
}

/**
 * The service as the fault tests drive it: through `url` (a fault proxy), tracing every frame, short timeouts and a
 * quick backoff, and no polling, so recovery has to come from reconnect + re-list.
 */
export function serviceUnderFaults(url: string, token: string, requestTimeoutMs: number): ServiceUnderFaults {
	const log = capturingLogger();
	const identity = generateDeviceIdentity();
	log.forbidden.push(token, identity.privateKeyPem);
	const service = createPairingService({
		url,
		token: async () => token,
		identityStore: { loadOrCreate: async () => identity },
		log,
		trace: true,
		requestTimeoutMs,
		connectTimeoutMs: 5_000,
		pollIntervalMs: 3_600_000,
		backoff: { initialMs: 100, maxMs: 1_000, jitter: 0.2 },
	});
	let connects = 0;
	service.onDidChangeState((s) => {
		if (s.kind === 'connected') connects++;
	});
	return { service, log, connects: () => connects };
}
