// Reconnect delays: exponential from initialMs to maxMs, with jitter so many editors restarted together by one
// gateway restart don't reconnect in lockstep.

export interface BackoffOptions {
	initialMs: number;
	maxMs: number;
	/** 0..1: the fraction of each delay that is randomized (0 = none, 1 = "full jitter" between 0 and the delay). */
	jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000, jitter: 0.2 };

/** Fill in defaults and clamp nonsense (negative, NaN, max < initial) instead of throwing in a reconnect loop. */
export function resolveBackoff(partial: Partial<BackoffOptions> | undefined): BackoffOptions {
	const pick = (value: number | undefined, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback);
	const initialMs = pick(partial?.initialMs, DEFAULT_BACKOFF.initialMs);
	const maxMs = Math.max(initialMs, pick(partial?.maxMs, DEFAULT_BACKOFF.maxMs));
	const jitter = Math.min(1, pick(partial?.jitter, DEFAULT_BACKOFF.jitter));
	return { initialMs, maxMs, jitter };
}

/**
 * Delay before retry number `failures` (1 = after the first failure): initialMs * 2^(failures-1), capped at maxMs,
 * then shortened by up to `jitter` of itself. Never above maxMs, never below (1 - jitter) of the capped delay.
 */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
	const exponent = Math.max(0, Math.min(failures - 1, 30)); // 2^30 already exceeds any sane maxMs
	const capped = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
	const r = Math.min(Math.max(random(), 0), 1);
	return Math.round(capped * (1 - options.jitter * r));
}
