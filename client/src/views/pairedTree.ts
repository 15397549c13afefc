import * as vscode from 'vscode';
import type { PairedDevice } from '../../../core/src/pairing/types';
import { agoChangesIn, clockTime, deviceName, fingerprint, lastSeen, pairedDescription, scopeList, tokenLine } from './format';
import { escape } from './pendingTree';
import { gatewayItem } from './gatewayItem';
import { TimedTreeProvider } from './timedTree';

/** Every element names its gateway, so a command run from it acts there (GatewayFleet.resolve). */
type PairedNode = { gateway: string } & (
	{ type: 'gateway' } | { type: 'device'; device: PairedDevice } | { type: 'detail'; label: string; description: string; icon: string; id: string }
);

/** Paired devices with role, scopes, masked tokens and last-seen; details as children; one root row per gateway when there are several. */
export class PairedTreeProvider extends TimedTreeProvider<PairedNode> {
	protected nextChange(now: number): number | undefined {
		const shown = this.listed()
			.flatMap(({ snapshot }) => snapshot.paired)
			.flatMap((d) => [d.connected ? undefined : d.lastSeenAtMs, ...d.tokens.map((t) => (t.revokedAtMs ? undefined : t.rotatedAtMs))]);
		const next = Math.min(...shown.filter((ms): ms is number => ms !== undefined).map((ms) => agoChangesIn(ms, now)));
		return Number.isFinite(next) ? next : undefined;
	}

	getChildren(element?: PairedNode): PairedNode[] {
		if (!element && this.fleet.multiple) return this.fleet.members.map((m) => ({ type: 'gateway', gateway: m.entry.name }));
		const gateway = element?.gateway ?? this.fleet.members[0].entry.name;
		const snapshot = this.listedFor(gateway)?.snapshot;
		if (!snapshot) return [];
		if (!element || element.type === 'gateway') return snapshot.paired.map((device) => ({ type: 'device', device, gateway }));
		if (element.type !== 'device') return [];
		const d = element.device;
		// Ids are per view: the same device may be paired with two gateways.
		const id = this.fleet.multiple ? `${gateway}-${d.deviceId}` : d.deviceId;
		const detail = { type: 'detail' as const, gateway };
		return [
			{ ...detail, id: `${id}-roles`, label: 'Roles', description: (d.roles ?? [d.role ?? '']).filter(Boolean).join(', ') || '—', icon: 'person' },
			{ ...detail, id: `${id}-scopes`, label: 'Scopes', description: scopeList(d.scopes), icon: 'shield' },
			...d.tokens.map((t) => ({
				...detail,
				id: `${id}-token-${t.role}`,
				label: `Token (${t.role})`,
				description: tokenLine(t, this.now).replace(`${t.role}: `, ''),
				icon: t.revokedAtMs ? 'circle-slash' : 'key',
			})),
			{ ...detail, id: `${id}-seen`, label: 'Last seen', description: lastSeen(d, this.now), icon: 'clock' },
			{ ...detail, id: `${id}-key`, label: 'Key fingerprint', description: fingerprint(d.deviceId), icon: 'fingerprint' },
		];
	}

	getTreeItem(element: PairedNode): vscode.TreeItem {
		if (element.type === 'gateway') {
			const member = this.fleet.members.find((m) => m.entry.name === element.gateway);
			const count = this.listedFor(element.gateway)?.snapshot.paired.length ?? 0;
			return gatewayItem(element.gateway, member?.entry.url ?? '', member?.controller.state, `${count} paired`, 'paired');
		}
		if (element.type === 'detail') {
			const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
			item.id = element.id;
			item.description = element.description;
			item.iconPath = new vscode.ThemeIcon(element.icon);
			return item;
		}
		const d = element.device;
		const item = new vscode.TreeItem(deviceName(d), vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.fleet.multiple ? `paired-${element.gateway}-${d.deviceId}` : `paired-${d.deviceId}`;
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
