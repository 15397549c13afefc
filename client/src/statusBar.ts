import * as vscode from 'vscode';
import type { FleetView } from './gatewayFleet';
import { describeState } from '../../core/src/pairing/connectionStateText';
import type { OpenClawInUse } from './openClawInUse';
import type { ConnectionState } from '../../core/src/pairing/types';

interface Look {
	text: string;
	tooltip: string;
	background?: string;
}

/** The doctor (commands/doctorCommand.ts): paste a device's error line, get the reason and the fix. */
const DOCTOR_LINK = '[Why is a device not connecting?](command:openclawPairing.doctor)';

/** The connection state in words, with the actions that help from that state as tooltip links. */
export function statusLook(state: ConnectionState, pendingCount: number): Look {
	switch (state.kind) {
		case 'connected':
			return {
				text: `$(plug) OpenClaw${pendingCount ? ` $(bell-dot) ${pendingCount}` : ''}`,
				tooltip: `Connected to the gateway${state.serverVersion ? ` (${state.serverVersion})` : ''}. ${pendingCount} pending request${pendingCount === 1 ? '' : 's'}.\n\n[Show pending](command:openclawPairing.pending.focus) · [Open pairing state](command:openclawPairing.openPairingState) · [Refresh](command:openclawPairing.refresh) · ${DOCTOR_LINK} · [Logs](command:openclawPairing.showLogs)`,
			};
		case 'awaitingPairing':
			return {
				text: '$(watch) OpenClaw: awaiting pairing',
				tooltip: `This editor's device waits for approval.${state.requestId ? ` Run \`openclaw devices approve ${state.requestId}\` on the gateway host.` : ''}\n\n[Copy approve command](command:openclawPairing.copyOwnApproveCommand) · ${DOCTOR_LINK} · [Logs](command:openclawPairing.showLogs)`,
				background: 'statusBarItem.warningBackground',
			};
		case 'authFailed':
			return {
				text: '$(error) OpenClaw: auth failed',
				tooltip: `${state.message}\n\n[Set Gateway Token](command:openclawPairing.setToken) · ${DOCTOR_LINK} · [Logs](command:openclawPairing.showLogs)`,
				background: 'statusBarItem.errorBackground',
			};
		case 'noToken':
			return {
				text: '$(key) OpenClaw: no token',
				tooltip:
					'No gateway token yet.\n\n[Set Gateway Token](command:openclawPairing.setToken) · [Read it from openclaw.json](command:openclawPairing.importToken)',
				background: 'statusBarItem.warningBackground',
			};
		case 'refused':
			return {
				text: '$(shield) OpenClaw: refused',
				tooltip: `${state.message}\n\n[Open Settings](command:workbench.action.openSettings?%5B%22openclawPairing.gateway%22%5D)`,
				background: 'statusBarItem.errorBackground',
			};
		case 'connecting':
			return { text: '$(sync~spin) OpenClaw', tooltip: `Connecting to the gateway (attempt ${state.attempt})…` };
		case 'disconnected':
			return {
				text: '$(debug-disconnect) OpenClaw',
				tooltip: `Disconnected: ${state.message}${state.retryAt ? ` Retrying in ${Math.max(0, Math.round((state.retryAt - Date.now()) / 1000))} s.` : ''}\n\n[Reconnect](command:openclawPairing.reconnect) · ${DOCTOR_LINK} · [Logs](command:openclawPairing.showLogs)`,
			};
		case 'idle':
			return { text: '$(plug) OpenClaw', tooltip: 'Not connected.\n\n[Connect](command:openclawPairing.reconnect)' };
	}
}

/** Several gateways summed up: how many are connected and pending in all, each one's state a line in the tooltip. */
export function fleetLook(gateways: readonly { name: string; state: ConnectionState; pending: number }[]): Look {
	const connected = gateways.filter((g) => g.state.kind === 'connected').length;
	const pending = gateways.reduce((n, g) => n + (g.state.kind === 'connected' ? g.pending : 0), 0);
	const lines = gateways.map((g) => `- **${g.name}**: ${g.state.kind === 'connected' ? `connected, ${g.pending} pending` : describeState(g.state)}`);
	const kinds = new Set(gateways.map((g) => g.state.kind));
	const background =
		kinds.has('authFailed') || kinds.has('refused')
			? 'statusBarItem.errorBackground'
			: kinds.has('awaitingPairing') || kinds.has('noToken')
				? 'statusBarItem.warningBackground'
				: undefined;
	return {
		text: `$(plug) OpenClaw ${connected}/${gateways.length}${pending ? ` $(bell-dot) ${pending}` : ''}`,
		tooltip: `${connected} of ${gateways.length} gateways connected, ${pending} pending request${pending === 1 ? '' : 's'}.\n\n${lines.join('\n')}\n\n[Show pending](command:openclawPairing.pending.focus) · [Set Gateway Token](command:openclawPairing.setToken) · [Reconnect](command:openclawPairing.reconnect) · ${DOCTOR_LINK} · [Logs](command:openclawPairing.showLogs)`,
		...(background ? { background } : {}),
	};
}

/** The connection state, shown once the user works with OpenClaw (a pairing file or the view opened, see OpenClawInUse). */
export function createStatusBar(fleet: FleetView, inUse: OpenClawInUse): vscode.Disposable {
	const item = vscode.window.createStatusBarItem('openclawPairing.status', vscode.StatusBarAlignment.Left, 10);
	item.name = 'OpenClaw Gateway';
	const update = () => {
		const gateway = fleet.members[0].controller;
		const look = fleet.multiple
			? fleetLook(fleet.members.map((m) => ({ name: m.entry.name, state: m.controller.state, pending: m.controller.snapshot?.pending.length ?? 0 })))
			: statusLook(gateway.state, gateway.snapshot?.pending.length ?? 0);
		item.text = look.text;
		const md = new vscode.MarkdownString(look.tooltip, true);
		md.isTrusted = {
			enabledCommands: [
				'openclawPairing.pending.focus',
				'openclawPairing.refresh',
				'openclawPairing.showLogs',
				'openclawPairing.copyOwnApproveCommand',
				'openclawPairing.setToken',
				'openclawPairing.importToken',
				'openclawPairing.reconnect',
				'openclawPairing.doctor',
				'openclawPairing.openPairingState',
				'workbench.action.openSettings',
			],
		};
		item.tooltip = md;
		item.backgroundColor = look.background ? new vscode.ThemeColor(look.background) : undefined;
		item.command =
			!fleet.multiple && (gateway.state.kind === 'noToken' || gateway.state.kind === 'authFailed')
				? 'openclawPairing.setToken'
				: 'openclawPairing.pending.focus';
		if (inUse.inUse) item.show();
		// viewsWelcome and menus read this context key.
		void vscode.commands.executeCommand('setContext', 'openclawPairing.connectionState', gateway.state.kind);
	};
	const subs = [fleet.onDidChange(update), inUse.onDidStart(update)];
	update();
	return vscode.Disposable.from(item, ...subs);
}
