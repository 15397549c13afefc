// No vscode import: the gateway controller and the language client each own one of these; unit tests drive it with
// fake services whose start and stop resolve when the test says so.

/** What can be restarted: the PairingService (start is sync) and the LanguageClient (start is async) both fit. */
export interface Restartable {
	start(): void | Promise<void>;
	stop(): Promise<void>;
}

/** Undo one subscription. */
export type Detach = () => void;

export interface RestartHooks<S extends Restartable> {
	/** Build a new service from today's settings; called when its restart begins, never earlier. */
	create(): S | Promise<S>;
	/** Subscribe to the new service before it starts; every function returned is called when it is replaced or disposed. */
	attach(service: S): Detach[];
	/** After the new service started (listeners attached, it is `current`). */
	started?(service: S): void;
}

/** init: nothing built yet; running: a service exists or is being built; disposed: nothing runs, restart() is a no-op. */
export type LifecyclePhase = 'init' | 'running' | 'disposed';

/**
 * One service at a time, replaced one restart after the other. restart() never overlaps another: it waits for the one
 * in progress (whose stop and start are awaited), and the calls made meanwhile share a single restart that runs next
 * and reads the settings then, so a token change that overlaps a settings change leaves exactly one service running,
 * and only that one has listeners attached.
 */
export class SerialRestarter<S extends Restartable> {
	private service: S | undefined;
	private detach: Detach[] = [];
	/** The restart in progress (or done); the next one runs after it, whatever its outcome. */
	private tail: Promise<unknown> = Promise.resolve();
	/** A restart asked for but not begun: later calls join it instead of queueing another. */
	private queued: Promise<S | undefined> | undefined;
	private lifecycle: LifecyclePhase = 'init';

	constructor(private readonly hooks: RestartHooks<S>) {}

	get phase(): LifecyclePhase {
		return this.lifecycle;
	}

	/** The running service, undefined between the stop of one and the start of the next (and after dispose). */
	get current(): S | undefined {
		return this.service;
	}

	/** Stop the current service and start a new one; resolves with it (undefined once disposed). */
	restart(): Promise<S | undefined> {
		if (this.lifecycle === 'disposed') return Promise.resolve(undefined);
		if (this.queued) return this.queued;
		this.lifecycle = 'running';
		const next = this.tail.then(() => {
			this.queued = undefined;
			return this.replace();
		});
		this.queued = next;
		this.tail = next.catch(() => undefined);
		return next;
	}

	/** Detach and stop the current service now; a restart in progress stops what it builds. Idempotent. */
	async dispose(): Promise<void> {
		if (this.lifecycle !== 'disposed') {
			this.lifecycle = 'disposed';
			await this.stopCurrent();
		}
		await this.tail;
	}

	private async replace(): Promise<S | undefined> {
		await this.stopCurrent();
		if (this.isDisposed()) return undefined;
		const service = await this.hooks.create();
		if (this.isDisposed()) {
			await service.stop().catch(() => undefined);
			return undefined;
		}
		this.service = service;
		this.detach = this.hooks.attach(service);
		try {
			await service.start();
		} catch (error) {
			await this.stopCurrent().catch(() => undefined);
			throw error;
		}
		// Disposed while it started: dispose() already stopped it.
		if (this.service !== service) return undefined;
		this.hooks.started?.(service);
		return service;
	}

	/** A method, not a field test: the phase changes while replace() awaits. */
	private isDisposed(): boolean {
		return this.lifecycle === 'disposed';
	}

	private async stopCurrent(): Promise<void> {
		const old = this.service;
		const detach = this.detach;
		this.service = undefined;
		this.detach = [];
		for (const off of detach) off();
		await old?.stop();
	}
}
