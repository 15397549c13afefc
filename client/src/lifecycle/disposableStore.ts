// No vscode import (vscode.Disposable fits the shape): the extension's context object and each component own one.

/** vscode.Disposable, a tree view, an emitter, a restarter: whatever can be disposed, synchronously or not. */
export interface DisposableLike {
	dispose(): unknown;
}

/**
 * What one owner made, disposed by that owner in reverse order of creation (a view before the provider it shows,
 * the gateway before the output channel it logs to). Async disposals (a service's stop) are awaited one after the
 * other; a failing one is reported and the rest still run. Anything added after dispose is disposed at once.
 */
export class DisposableStore implements DisposableLike {
	private readonly items: DisposableLike[] = [];
	private disposing: Promise<void> | undefined;

	constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

	get isDisposed(): boolean {
		return this.disposing !== undefined;
	}

	add<T extends DisposableLike>(item: T): T {
		if (this.disposing) void this.disposeOne(item);
		else this.items.push(item);
		return item;
	}

	push(...items: DisposableLike[]): void {
		for (const item of items) this.add(item);
	}

	dispose(): Promise<void> {
		this.disposing ??= (async () => {
			while (this.items.length) await this.disposeOne(this.items.pop()!);
		})();
		return this.disposing;
	}

	private async disposeOne(item: DisposableLike): Promise<void> {
		try {
			await item.dispose();
		} catch (error) {
			this.onError(error);
		}
	}
}
