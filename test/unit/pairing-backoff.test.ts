import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_BACKOFF, backoffDelay, resolveBackoff } from '../../core/src/pairing/backoff';

describe('backoff', () => {
	const noJitter = { initialMs: 1_000, maxMs: 30_000, jitter: 0 };

	test('doubles from initialMs and caps at maxMs', () => {
		assert.deepEqual(
			[1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelay(n, noJitter)),
			[1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000],
		);
	});

	test('failure 0 or negative counts as the first delay; huge counts do not overflow', () => {
		assert.equal(backoffDelay(0, noJitter), 1_000);
		assert.equal(backoffDelay(-3, noJitter), 1_000);
		assert.equal(backoffDelay(Number.MAX_SAFE_INTEGER, noJitter), 30_000);
	});

	test('jitter shortens by at most its fraction and never exceeds the cap', () => {
		const opts = { initialMs: 1_000, maxMs: 30_000, jitter: 0.2 };
		assert.equal(
			backoffDelay(3, opts, () => 0),
			4_000,
		);
		assert.equal(
			backoffDelay(3, opts, () => 1),
			3_200,
		);
		assert.equal(
			backoffDelay(3, opts, () => 0.5),
			3_600,
		);
		assert.equal(
			backoffDelay(20, opts, () => 0),
			30_000,
		);
		for (let i = 0; i < 1_000; i++) {
			const d = backoffDelay(1 + (i % 8), opts);
			const capped = Math.min(30_000, 1_000 * 2 ** (i % 8));
			assert.ok(d <= capped && d >= capped * 0.8, `${d} within [${capped * 0.8}, ${capped}]`);
		}
	});

	test('a misbehaving random() is clamped', () => {
		const opts = { initialMs: 1_000, maxMs: 30_000, jitter: 0.5 };
		assert.equal(
			backoffDelay(1, opts, () => 7),
			500,
		);
		assert.equal(
			backoffDelay(1, opts, () => -1),
			1_000,
		);
	});

	test('full jitter (1) spreads over [0, delay]', () => {
		const opts = { initialMs: 1_000, maxMs: 30_000, jitter: 1 };
		assert.equal(
			backoffDelay(2, opts, () => 1),
			0,
		);
		assert.equal(
			backoffDelay(2, opts, () => 0.25),
			1_500,
		);
	});

	test('resolveBackoff fills defaults and repairs nonsense', () => {
		assert.deepEqual(resolveBackoff(undefined), DEFAULT_BACKOFF);
		assert.deepEqual(resolveBackoff({ initialMs: 200 }), { initialMs: 200, maxMs: 30_000, jitter: 0.2 });
		assert.deepEqual(resolveBackoff({ initialMs: 5_000, maxMs: 100, jitter: 3 }), { initialMs: 5_000, maxMs: 5_000, jitter: 1 });
		assert.deepEqual(resolveBackoff({ initialMs: -1, maxMs: Number.NaN, jitter: -0.5 }), DEFAULT_BACKOFF);
	});
});
