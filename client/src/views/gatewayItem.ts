import * as vscode from 'vscode';
import { describeState } from '../../../core/src/pairing/connectionStateText';
import type { ConnectionState } from '../../../core/src/pairing/types';

const ICONS: Record<ConnectionState['kind'], string> = {
	connected: 'plug',
	connecting: 'sync~spin',
	awaitingPairing: 'watch',
	authFailed: 'error',
	noToken: 'key',
	refused: 'shield',
	disconnected: 'debug-disconnect',
	idle: 'plug',
};

/** With several gateways, the root row of one: its name, its state and (connected) a count; the tooltip names the URL. */
export function gatewayItem(name: string, url: string, state: ConnectionState | undefined, count: string, view: 'pending' | 'paired'): vscode.TreeItem {
	const kind = state?.kind ?? 'idle';
	const item = new vscode.TreeItem(name, kind === 'connected' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
	item.id = `gateway-${view}-${name}`;
	item.description = kind === 'connected' ? count : state ? describeState(state) : 'not started';
	item.iconPath = new vscode.ThemeIcon(ICONS[kind]);
	item.contextValue = `gateway-${kind}`;
	item.tooltip = new vscode.MarkdownString().appendText(`${name} — ${url}\n\n${state ? describeState(state) : 'not started'}`);
	return item;
}
