import * as vscode from 'vscode';
import type { PairedDevice } from '../../../core/src/pairing/types';
import { agoChangesIn, clockTime, deviceName, fingerprint, lastSeen, pairedDescription, scopeList, tokenLine } from './format';
import { escape } from './pendingTree';
import { TimedTreeProvider } from './timedTree';

type PairedNode = { type: 'device'; device: PairedDevice } | { type: 'detail'; label: string; description: string; icon: string; id: string };

/** Paired devices with role, scopes, masked tokens and last-seen; details as children. */
export class PairedTreeProvider extends TimedTreeProvider<PairedNode> {
	protected nextChange(now: number): number | undefined {
		const snapshot = this.gateway.snapshot;
		if (this.gateway.state.kind !== 'connected' || !snapshot) return undefined;
		const shown = snapshot.paired.flatMap((d) => [
			d.connected ? undefined : d.lastSeenAtMs,
			...d.tokens.map((t) => (t.revokedAtMs ? undefined : t.rotatedAtMs)),
		]);
		const next = Math.min(...shown.filter((ms): ms is number => ms !== undefined).map((ms) => agoChangesIn(ms, now)));
		return Number.isFinite(next) ? next : undefined;
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
			...d.tokens.map((t) => ({
				type: 'detail' as const,
				id: `${id}-token-${t.role}`,
				label: `Token (${t.role})`,
				description: tokenLine(t, this.now).replace(`${t.role}: `, ''),
				icon: t.revokedAtMs ? 'circle-slash' : 'key',
			})),
			{ type: 'detail', id: `${id}-seen`, label: 'Last seen', description: lastSeen(d, this.now), icon: 'clock' },
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
		// State first, roles after: the sidebar's default width cuts the end of the description off.
		item.description = pairedDescription(d, this.now);
		item.iconPath = new vscode.ThemeIcon(d.connected ? 'vm-running' : 'vm');
		item.contextValue = 'pairedDevice';
		const md = new vscode.MarkdownString();
		const seenAt = d.connected ? 'connected now' : d.lastSeenAtMs ? `last seen ${clockTime(d.lastSeenAtMs, this.now)}` : 'never seen';
		md.appendMarkdown(
			`**${escape(deviceName(d))}** — ${escape(seenAt)}\n\nRoles: ${escape((d.roles ?? [d.role ?? '']).filter(Boolean).join(', ') || '—')}\n\nScopes: ${escape(scopeList(d.scopes))}\n\n`,
		);
		md.appendMarkdown(`Tokens: ${escape(d.tokens.map((t) => tokenLine(t, this.now)).join('; ') || 'none')}\n\nDevice: \`${d.deviceId}\``);
		item.tooltip = md;
		return item;
	}
}
