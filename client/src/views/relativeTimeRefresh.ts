// No vscode import: the tree providers own one of these, unit tests drive it with a fake clock.

/** Time and timers, injected so a test can move time by hand. */
export interface Clock {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Redraws a view when one of its relative times ("4 min ago") would change, and only while the view is visible.
 * render(now) draws every row, detail and tooltip with the same `now`, so a row and its detail always agree;
 * nextChange(now) says in how many ms the first of them changes (undefined: none shows a time).
 */
export class RelativeTimeRefresh {
	/** A timer a hair late sees the new text: it must not wake up a millisecond before the unit turns over. */
	static readonly SLACK_MS = 25;
	private visible = false;
	private timer: unknown;

	constructor(
		private readonly render: (now: number) => void,
		private readonly nextChange: (now: number) => number | undefined,
		private readonly clock: Clock = systemClock,
	) {}

	/** The data changed (or time did): draw now and plan the next redraw. */
	refresh(): void {
		this.cancel();
		const now = this.clock.now();
		this.render(now);
		if (!this.visible) return;
		const ms = this.nextChange(now);
		if (ms === undefined) return;
		this.timer = this.clock.setTimeout(
			() => {
				this.timer = undefined;
				this.refresh();
			},
			Math.max(0, ms) + RelativeTimeRefresh.SLACK_MS,
		);
	}

	/** A hidden view is not redrawn by time; shown again, it is redrawn at once (what it showed has gone stale). */
	setVisible(visible: boolean): void {
		if (visible === this.visible) return;
		this.visible = visible;
		if (visible) this.refresh();
		else this.cancel();
	}

	dispose(): void {
		this.visible = false;
		this.cancel();
	}

	private cancel(): void {
		if (this.timer === undefined) return;
		this.clock.clearTimeout(this.timer);
		this.timer = undefined;
	}
}
