import type * as vscode from 'vscode';
import type { GatewayFleet } from '../gatewayFleet';
import type { GatewayController } from '../gatewayController';
import { NewRequestNotifier } from './notifier';

/** One NewRequestNotifier per configured gateway, kept in step with the list; with several, each names its gateway. */
export class FleetNotifiers implements vscode.Disposable {
	private readonly notifiers = new Map<GatewayController, NewRequestNotifier>();
	private readonly subscription: vscode.Disposable;

	constructor(
		private readonly fleet: GatewayFleet,
		private readonly output: vscode.LogOutputChannel,
	) {
		this.sync();
		this.subscription = fleet.onDidChangeMembers(() => this.sync());
	}

	private sync(): void {
		const members = new Map(this.fleet.members.map((m) => [m.controller, m] as const));
		for (const [controller, notifier] of this.notifiers) {
			if (members.has(controller)) continue;
			notifier.dispose();
			this.notifiers.delete(controller);
		}
		for (const [controller, member] of members) {
			if (this.notifiers.has(controller)) continue;
			this.notifiers.set(controller, new NewRequestNotifier(controller, this.output, () => (this.fleet.multiple ? member.entry.name : undefined)));
		}
	}

	dispose(): void {
		this.subscription.dispose();
		for (const n of this.notifiers.values()) n.dispose();
		this.notifiers.clear();
	}
}
