import * as vscode from 'vscode';
import type { FleetView } from '../gatewayFleet';
import type { PairingSnapshot } from '../../../core/src/pairing/types';
import { Clock, RelativeTimeRefresh, systemClock } from './relativeTimeRefresh';

/** A gateway whose lists the tree shows: connected, with a snapshot. */
export interface Listed<M> {
	member: M;
	snapshot: PairingSnapshot;
	serverVersion: string | undefined;
}

/**
 * A gateway tree (one gateway's rows, or with several gateways one root row each) whose rows show relative times ("4 min ago"): redrawn on every snapshot and state change, and while
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
		protected readonly fleet: FleetView,
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
		this.subscriptions = [fleet.onDidChange(() => this.times.refresh())];
	}

	/** The gateways whose lists are shown (connected ones), in settings order. */
	protected listed(): Listed<FleetView['members'][number]>[] {
		return this.fleet.members.flatMap((member) => {
			const state = member.controller.state;
			const snapshot = member.controller.snapshot;
			return state.kind === 'connected' && snapshot ? [{ member, snapshot, serverVersion: state.serverVersion }] : [];
		});
	}

	/** One gateway's lists by name (a tree element's `gateway`), when connected. */
	protected listedFor(name: string): Listed<FleetView['members'][number]> | undefined {
		return this.listed().find((l) => l.member.entry.name === name);
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
