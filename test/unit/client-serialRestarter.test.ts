import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SerialRestarter } from '../../client/src/lifecycle/serialRestarter';

/** A deferred the test resolves by hand, so it decides the order in which stops and starts finish. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

class FakeService {
	state: 'created' | 'running' | 'stopping' | 'stopped' = 'created';
	readonly listeners = new Set<() => void>();
	/** Set by the test before stop() is called: the stop then waits for it. */
	stopGate: Promise<void> | undefined;
	constructor(readonly id: number) {}
	start(): void {
		this.state = 'running';
	}
	async stop(): Promise<void> {
		this.state = 'stopping';
		await this.stopGate;
		this.state = 'stopped';
	}
	on(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}

function harness(options: { createGate?: () => Promise<void> } = {}) {
	const created: FakeService[] = [];
	const started: number[] = [];
	const restarter = new SerialRestarter<FakeService>({
		create: async () => {
			await options.createGate?.();
			const service = new FakeService(created.length);
			created.push(service);
			return service;
		},
		attach: (service) => [service.on(() => undefined), service.on(() => undefined)],
		started: (service) => started.push(service.id),
	});
	const running = () => created.filter((s) => s.state === 'running');
	return { restarter, created, started, running };
}

/** Let every settled promise run its continuations. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('SerialRestarter', () => {
	test('three overlapping restarts leave exactly one service running; the others are stopped with no listener left', async () => {
		const { restarter, created, running } = harness();
		const first = await restarter.restart();
		assert.equal(first?.id, 0);
		// Restart A begins stopping service 0; that stop hangs until the test lets it go.
		const gate0 = deferred();
		created[0].stopGate = gate0.promise;
		const a = restarter.restart();
		await settle();
		assert.equal(created[0].state, 'stopping');
		// B and C arrive while A is stuck: they share one restart that runs after A.
		const b = restarter.restart();
		const c = restarter.restart();
		assert.equal(b, c, 'the calls made during a restart share the next one');
		gate0.resolve();
		const [sa, sb, sc] = await Promise.all([a, b, c]);
		assert.equal(sa?.id, 1);
		assert.equal(sb?.id, 2);
		assert.equal(sc, sb);
		assert.deepEqual(
			running().map((s) => s.id),
			[2],
			'one service left running',
		);
		assert.equal(restarter.current, created[2]);
		for (const old of created.slice(0, 2)) {
			assert.equal(old.state, 'stopped', `service ${old.id} stopped`);
			assert.equal(old.listeners.size, 0, `service ${old.id} has no listener left`);
		}
		assert.equal(created[2].listeners.size, 2);
	});

	test('builds that finish out of order (a later one first) never leave two services running', async () => {
		// Every build waits for its own gate; the test opens them last one first.
		const gates: ReturnType<typeof deferred>[] = [deferred(), deferred(), deferred()];
		let builds = 0;
		const created: FakeService[] = [];
		const restarter = new SerialRestarter<FakeService>({
			create: async () => {
				const n = builds++;
				await gates[n].promise;
				const service = new FakeService(n);
				created.push(service);
				return service;
			},
			attach: (service) => [service.on(() => undefined)],
		});
		const a = restarter.restart();
		await settle();
		const b = restarter.restart();
		gates[2].resolve();
		gates[1].resolve();
		await settle();
		assert.equal(builds, 1, 'the next build does not begin while one is in progress');
		gates[0].resolve();
		await a;
		await settle();
		const c = restarter.restart();
		await Promise.all([a, b, c]);
		assert.equal(builds, 3);
		assert.deepEqual(
			created.filter((s) => s.state === 'running').map((s) => s.id),
			[2],
		);
		assert.deepEqual(
			created.filter((s) => s.listeners.size > 0).map((s) => s.id),
			[2],
			'listeners only on the running service',
		);
		assert.ok(created.slice(0, 2).every((s) => s.state === 'stopped'));
	});

	test('each restart builds its service when it begins: a restart queued behind a slow build reads the newest settings', async () => {
		let setting = 'old';
		const gate = deferred();
		let gated = true;
		const seen: string[] = [];
		const restarter = new SerialRestarter<FakeService>({
			create: async () => {
				seen.push(setting);
				if (gated) {
					gated = false;
					await gate.promise;
				}
				return new FakeService(seen.length);
			},
			attach: () => [],
		});
		const first = restarter.restart();
		await settle();
		setting = 'new';
		const second = restarter.restart();
		gate.resolve();
		await Promise.all([first, second]);
		assert.deepEqual(seen, ['old', 'new']);
		assert.equal(restarter.current?.id, 2);
		assert.equal(restarter.current?.state, 'running');
	});

	test('init → running → disposed: dispose stops and detaches the service; a restart in progress stops what it builds', async () => {
		const gate = deferred();
		let gated = false;
		const { restarter, created, running, started } = harness({ createGate: () => (gated ? gate.promise : Promise.resolve()) });
		assert.equal(restarter.phase, 'init');
		await restarter.restart();
		assert.equal(restarter.phase, 'running');
		gated = true;
		const inFlight = restarter.restart();
		await settle();
		const disposed = restarter.dispose();
		assert.equal(restarter.phase, 'disposed');
		gate.resolve();
		await disposed;
		assert.equal(await inFlight, undefined);
		assert.equal(running().length, 0);
		assert.ok(
			created.every((s) => s.state === 'stopped' && s.listeners.size === 0),
			JSON.stringify(created.map((s) => s.state)),
		);
		assert.deepEqual(started, [0], 'the service built during dispose never counts as started');
		assert.equal(restarter.current, undefined);
		assert.equal(await restarter.restart(), undefined, 'restart after dispose is a no-op');
		assert.equal(created.length, 2);
		await restarter.dispose();
	});

	test('a failing build rejects that restart only; the next one runs', async () => {
		let fail = true;
		const restarter = new SerialRestarter<FakeService>({
			create: () => {
				if (fail) throw new Error('bad url');
				return new FakeService(1);
			},
			attach: () => [],
		});
		await assert.rejects(restarter.restart(), /bad url/);
		assert.equal(restarter.current, undefined);
		fail = false;
		assert.equal((await restarter.restart())?.id, 1);
	});

	test('a service whose start rejects is detached and stopped, and the error reaches the caller', async () => {
		const service = new FakeService(7);
		service.start = () => {
			throw new Error('server did not start');
		};
		const restarter = new SerialRestarter<FakeService>({ create: () => service, attach: (s) => [s.on(() => undefined)] });
		await assert.rejects(restarter.restart(), /server did not start/);
		assert.equal(restarter.current, undefined);
		assert.equal(service.state, 'stopped');
		assert.equal(service.listeners.size, 0);
	});
});
