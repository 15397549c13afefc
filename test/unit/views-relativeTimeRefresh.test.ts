import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Clock, RelativeTimeRefresh } from '../../client/src/views/relativeTimeRefresh';

/** A clock that moves only when the test says so, and runs due timers as it passes them. */
class FakeClock implements Clock {
	time = 1_000_000;
	private timers = new Map<number, { at: number; fn: () => void }>();
	private nextId = 1;
	now = () => this.time;
	setTimeout = (fn: () => void, ms: number) => {
		const id = this.nextId++;
		this.timers.set(id, { at: this.time + ms, fn });
		return id;
	};
	clearTimeout = (handle: unknown) => {
		this.timers.delete(handle as number);
	};
	get pending(): number {
		return this.timers.size;
	}
	advance(ms: number): void {
		const end = this.time + ms;
		for (;;) {
			const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
			if (!due) break;
			this.timers.delete(due[0]);
			this.time = due[1].at;
			due[1].fn();
		}
		this.time = end;
	}
}

describe('RelativeTimeRefresh', () => {
	const setup = (nextChange: (now: number) => number | undefined) => {
		const clock = new FakeClock();
		const renders: number[] = [];
		const refresh = new RelativeTimeRefresh((now) => renders.push(now), nextChange, clock);
		return { clock, renders, refresh };
	};

	test('while visible, redraws just after each change and not before', () => {
		const { clock, renders, refresh } = setup((now) => 60_000 - (now % 60_000));
		clock.time = 60_000 * 100 + 34_000; // 34 s into a minute
		refresh.setVisible(true);
		assert.equal(renders.length, 1, 'drawn at once when shown');
		clock.advance(26_000 - 1);
		assert.equal(renders.length, 1, 'nothing before the minute turns');
		clock.advance(RelativeTimeRefresh.SLACK_MS + 1);
		assert.equal(renders.length, 2);
		assert.ok(renders[1] % 60_000 >= 0 && renders[1] % 60_000 <= RelativeTimeRefresh.SLACK_MS, 'the redraw sees the new minute');
		clock.advance(3 * 60_000);
		assert.equal(renders.length, 5, 'one redraw per minute');
	});

	test('a hidden view is never redrawn by time, and is redrawn at once when shown again', () => {
		const { clock, renders, refresh } = setup(() => 1_000);
		refresh.setVisible(true);
		refresh.setVisible(false);
		assert.equal(clock.pending, 0, 'hiding cancels the timer');
		clock.advance(60_000);
		assert.equal(renders.length, 1);
		refresh.refresh();
		assert.equal(renders.length, 2, 'a data change still draws');
		assert.equal(clock.pending, 0, 'but plans no redraw while hidden');
		refresh.setVisible(true);
		assert.equal(renders.length, 3);
	});

	test('a data change replans instead of adding a second timer; no times shown, no timer', () => {
		let next: number | undefined = 5_000;
		const { clock, refresh } = setup(() => next);
		refresh.setVisible(true);
		refresh.refresh();
		refresh.refresh();
		assert.equal(clock.pending, 1);
		next = undefined;
		refresh.refresh();
		assert.equal(clock.pending, 0);
	});

	test('dispose stops the timer', () => {
		const { clock, renders, refresh } = setup(() => 1_000);
		refresh.setVisible(true);
		refresh.dispose();
		clock.advance(10_000);
		assert.equal(renders.length, 1);
		assert.equal(clock.pending, 0);
	});
});
