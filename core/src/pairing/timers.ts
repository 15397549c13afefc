// The timers the pairing service runs on (reconnect backoff, polling, re-list debounce), injectable so tests can
// see what is armed instead of sleeping to show that something did not happen.
export interface PairingTimers {
	setTimeout(callback: () => void, ms: number): NodeJS.Timeout;
	clearTimeout(timer: NodeJS.Timeout | undefined): void;
	setInterval(callback: () => void, ms: number): NodeJS.Timeout;
	clearInterval(timer: NodeJS.Timeout | undefined): void;
}

export const SYSTEM_TIMERS: PairingTimers = {
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: (timer) => clearTimeout(timer),
	setInterval: (callback, ms) => setInterval(callback, ms),
	clearInterval: (timer) => clearInterval(timer),
};
