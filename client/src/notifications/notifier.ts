import * as vscode from 'vscode';
import { SECTION } from '../config';
import type { GatewayView } from '../gatewayController';
import { SYSTEM_TIMERS } from '../../../core/src/pairing/timers';
import { ACTION_LABELS, NewRequestNotices, NotificationAction, RequestNotification } from './newRequests';

/** `openclawPairing.notifications.newRequests`: a notification for each new pairing request (default on). */
export const NOTIFY_SETTING = 'notifications.newRequests';

export function notificationsEnabled(): boolean {
	return vscode.workspace.getConfiguration(SECTION).get<boolean>(NOTIFY_SETTING, true) !== false;
}

/**
 * A VS Code notification for each new pending device or node request, seen or not seen in the sidebar: the snapshot
 * diff, coalescing and wording are newRequests.ts's; this shows the result and runs the button the user picks.
 * Requests are tracked while the setting is off too, so turning it on does not announce old ones.
 */
export class NewRequestNotifier implements vscode.Disposable {
	private readonly notices = new NewRequestNotices(SYSTEM_TIMERS, (n) => void this.show(n));
	/** The requests this editor itself waited on (awaitingPairing): never announced to it. */
	private readonly ownRequestIds = new Set<string>();
	private readonly subscriptions: vscode.Disposable[];

	/** `gatewayName`: with several gateways, the one this notifier watches, named in every notification. */
	constructor(
		private readonly gateway: GatewayView,
		private readonly output: vscode.LogOutputChannel,
		private readonly gatewayName: () => string | undefined = () => undefined,
	) {
		this.subscriptions = [
			gateway.onDidChangeState((state) => {
				if (state.kind === 'awaitingPairing' && state.requestId) this.ownRequestIds.add(state.requestId);
				this.update();
			}),
			gateway.onDidChangeSnapshot(() => this.update()),
		];
		this.update();
	}

	private update(): void {
		const state = this.gateway.state;
		const snapshot = this.gateway.snapshot;
		// Only a connected service's lists are the gateway's present; anything else is stale.
		if (state.kind !== 'connected' || !snapshot) return;
		this.notices.update({ snapshot, ownDeviceId: this.gateway.ownDeviceId, ownRequestIds: this.ownRequestIds, version: state.serverVersion, now: Date.now() });
	}

	private async show(notification: RequestNotification): Promise<void> {
		const ids = notification.requestIds.join(', ');
		if (!notificationsEnabled()) {
			this.output.info(`new pairing request ${ids} (notifications are off)`);
			return;
		}
		const name = this.gatewayName();
		const message = name ? `${name}: ${notification.message}` : notification.message;
		this.output.info(`notified: ${message} (request ${ids})`);
		const labels = notification.actions.map((a) => ACTION_LABELS[a]);
		const picked = await vscode.window.showInformationMessage(message, ...labels);
		const action = notification.actions.find((a) => ACTION_LABELS[a] === picked);
		if (action) await this.run(action, notification);
	}

	private async run(action: NotificationAction, notification: RequestNotification): Promise<void> {
		if (action === 'approve' && notification.approve) {
			// A notification cannot be taken back once shown: its request may have been approved in the sidebar since.
			const { requestId } = notification.approve;
			const snapshot = this.gateway.snapshot;
			if (snapshot && ![...snapshot.pending, ...snapshot.nodes].some((r) => r.requestId === requestId)) {
				void vscode.window.showInformationMessage('That request is no longer pending: it was approved or rejected meanwhile, or it expired.');
				return;
			}
			// The approve command re-lists and confirms in its modal what exactly is granted; nothing is approved from here.
			await vscode.commands.executeCommand(notification.approve.command, requestId);
		} else if (action === 'show') {
			await vscode.commands.executeCommand('openclawPairing.pending.focus');
		} else if (action === 'mute') {
			await vscode.workspace.getConfiguration(SECTION).update(NOTIFY_SETTING, false, vscode.ConfigurationTarget.Global);
			const open = 'Open Setting';
			const again = await vscode.window.showInformationMessage(
				`OpenClaw: no more notifications for new pairing requests; they still appear in the Pending view. To turn them back on, enable "${SECTION}.${NOTIFY_SETTING}".`,
				open,
			);
			if (again === open) await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.${NOTIFY_SETTING}`);
		}
	}

	dispose(): void {
		this.notices.dispose();
		for (const s of this.subscriptions) s.dispose();
	}
}
