import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DisposableStore } from '../../client/src/lifecycle/disposableStore';

describe('DisposableStore', () => {
	test('disposes in reverse order of creation, awaiting async disposals one after the other', async () => {
		const order: string[] = [];
		const store = new DisposableStore();
		store.add({ dispose: () => order.push('output channel') });
		store.add({
			dispose: async () => {
				await new Promise((r) => setTimeout(r, 5));
				order.push('gateway stopped');
			},
		});
		store.push({ dispose: () => order.push('tree provider') }, { dispose: () => order.push('tree view') });
		await store.dispose();
		assert.deepEqual(order, ['tree view', 'tree provider', 'gateway stopped', 'output channel']);
	});

	test('a failing disposal is reported and the others still run; dispose twice disposes once', async () => {
		const errors: unknown[] = [];
		let count = 0;
		const store = new DisposableStore((e) => errors.push(e));
		store.add({ dispose: () => count++ });
		store.add({
			dispose: () => {
				throw new Error('boom');
			},
		});
		await Promise.all([store.dispose(), store.dispose()]);
		assert.equal(count, 1);
		assert.equal(errors.length, 1);
		assert.equal(store.isDisposed, true);
	});

	test('what is added after dispose is disposed at once (a late subscription does not leak)', async () => {
		const store = new DisposableStore();
		await store.dispose();
		let disposed = false;
		const item = store.add({ dispose: () => (disposed = true) });
		assert.ok(item);
		await new Promise((r) => setImmediate(r));
		assert.equal(disposed, true);
	});
});
