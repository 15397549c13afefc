import * as vscode from 'vscode';
import type { GatewayView } from '../gatewayController';
import type { PairedDevice } from '../pairing/types';
import { age, deviceName, fingerprint, scopeList, tokenLine } from './format';
import { escape } from './pendingTree';

type PairedNode = { type: 'device'; device: PairedDevice } | { type: 'detail'; label: string; description: string; icon: string; id: string };

/** Paired devices with role, scopes, masked tokens and last-seen; details as children. */
export class PairedTreeProvider implements vscode.TreeDataProvider<PairedNode> {
	private readonly changed = new vscode.EventEmitter<PairedNode | undefined>();
	readonly onDidChangeTreeData = this.changed.event;

	constructor(private readonly gateway: GatewayView) {
		gateway.onDidChangeSnapshot(() => this.changed.fire(undefined));
		gateway.onDidChangeState(() => this.changed.fire(undefined));
	}

	getChildren(element?: PairedNode): PairedNode[] {
		const snapshot = this.gateway.snapshot;
		if (this.gateway.state.kind !== 'connected' || !snapshot) return [];
		if (!element) return snapshot.paired.map((device) => ({ type: 'device', device }));
		if (element.type !== 'device') return [];
		const d = element.device;
		const id = d.deviceId;
		return [
			{ type: 'detail', id: `${id}-roles`, label: 'Roles', description: (d.roles ?? [d.role ?? '']).filter(Boolean).join(', ') || '—', icon: 'person' },
			{ type: 'detail', id: `${id}-scopes`, label: 'Scopes', description: scopeList(d.scopes), icon: 'shield' },
			...d.tokens.map((t) => ({ type: 'detail' as const, id: `${id}-token-${t.role}`, label: `Token (${t.role})`, description: tokenLine(t).replace(`${t.role}: `, ''), icon: t.revokedAtMs ? 'circle-slash' : 'key' })),
			{ type: 'detail', id: `${id}-seen`, label: 'Last seen', description: d.lastSeenAtMs ? `${age(d.lastSeenAtMs)} ago` : 'never', icon: 'clock' },
			{ type: 'detail', id: `${id}-key`, label: 'Key fingerprint', description: fingerprint(d.deviceId), icon: 'fingerprint' },
		];
	}

	getTreeItem(element: PairedNode): vscode.TreeItem {
		if (element.type === 'detail') {
			const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
			item.id = element.id;
			item.description = element.description;
			item.iconPath = new vscode.ThemeIcon(element.icon);
			return item;
		}
		const d = element.device;
		const item = new vscode.TreeItem(deviceName(d), vscode.TreeItemCollapsibleState.Collapsed);
		item.id = `paired-${d.deviceId}`;
		item.description = [(d.roles ?? [d.role]).filter(Boolean).join(', '), d.connected ? 'connected' : d.lastSeenAtMs ? `seen ${age(d.lastSeenAtMs)} ago` : undefined].filter(Boolean).join(' · ');
		item.iconPath = new vscode.ThemeIcon(d.connected ? 'vm-running' : 'vm');
		item.contextValue = 'pairedDevice';
		const md = new vscode.MarkdownString();
		md.appendMarkdown(`**${escape(deviceName(d))}**\n\nScopes: ${escape(scopeList(d.scopes))}\n\nTokens: ${escape(d.tokens.map(tokenLine).join('; ') || 'none')}\n\nDevice: \`${d.deviceId}\``);
		item.tooltip = md;
		return item;
	}
}
