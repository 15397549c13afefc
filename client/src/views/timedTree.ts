import * as vscode from 'vscode';
import type { GatewayView } from '../gatewayController';
import { Clock, RelativeTimeRefresh, systemClock } from './relativeTimeRefresh';

/**
 * A gateway tree whose rows show relative times ("4 min ago"): redrawn on every snapshot and state change, and while
 * visible whenever one of its times would change. Every row, detail and tooltip of one drawing is relative to the same
 * `now`, so a row and its detail agree.
 */
export abstract class TimedTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<T | undefined>();
	readonly onDidChangeTreeData = this.changed.event;
	protected now: number;
	private readonly times: RelativeTimeRefresh;
	private readonly subscriptions: vscode.Disposable[];

	constructor(
		protected readonly gateway: GatewayView,
		clock: Clock = systemClock,
	) {
		this.now = clock.now();
		this.times = new RelativeTimeRefresh(
			(now) => {
				this.now = now;
				this.changed.fire(undefined);
			},
			(now) => this.nextChange(now),
			clock,
		);
		this.subscriptions = [gateway.onDidChangeSnapshot(() => this.times.refresh()), gateway.onDidChangeState(() => this.times.refresh())];
	}

	/** Only a visible view is redrawn as its times go by. */
	setVisible(visible: boolean): void {
		this.times.setVisible(visible);
	}

	dispose(): void {
		this.times.dispose();
		this.changed.dispose();
		for (const s of this.subscriptions) s.dispose();
	}

	/** Milliseconds until the first time shown would read differently; undefined when none is shown. */
	protected abstract nextChange(now: number): number | undefined;

	abstract getChildren(element?: T): T[];
	abstract getTreeItem(element: T): vscode.TreeItem;
}
