import * as vscode from 'vscode';
import type { PairedDevice, PendingDeviceRequest, PendingNodeRequest } from '../../../core/src/pairing/types';
import {
	agoChangesIn,
	clockTime,
	deviceName,
	expiresAt,
	expiresIn,
	expiresInChangesIn,
	fingerprint,
	nodeDescription,
	nodeSummary,
	pendingDescription,
	changeLabel,
	changeRows,
} from './format';
import { classifyRequest } from '../../../core/src/pairing/requestChange';
import { gatewayItem } from './gatewayItem';
import { TimedTreeProvider } from './timedTree';

/** Every element names its gateway, so a command run from it acts there (GatewayFleet.resolve). */
type PendingNode = { gateway: string } & (
	| { type: 'gateway' }
	| { type: 'group'; group: 'devices' | 'nodes' }
	| { type: 'device'; request: PendingDeviceRequest }
	| { type: 'node'; request: PendingNodeRequest }
);

/** Pending device pairing requests and node approvals, as two clearly separate groups; one root row per gateway when there are several. */
export class PendingTreeProvider extends TimedTreeProvider<PendingNode> {
	protected nextChange(now: number): number | undefined {
		const changes = this.listed().flatMap(({ snapshot }) => [
			...snapshot.pending.flatMap((r) => [agoChangesIn(r.ts, now), expiresInChangesIn(r, now)]),
			...snapshot.nodes.map((n) => agoChangesIn(n.ts, now)),
		]);
		const next = Math.min(...changes.filter((ms): ms is number => ms !== undefined));
		return Number.isFinite(next) ? next : undefined;
	}

	getChildren(element?: PendingNode): PendingNode[] {
		if (!element && this.fleet.multiple) return this.fleet.members.map((m) => ({ type: 'gateway', gateway: m.entry.name }));
		const gateway = element?.gateway ?? this.fleet.members[0].entry.name;
		const listed = this.listedFor(gateway);
		if (!listed) return [];
		const { snapshot } = listed;
		if (!element || element.type === 'gateway')
			return [
				{ type: 'group', group: 'devices', gateway },
				{ type: 'group', group: 'nodes', gateway },
			];
		if (element.type !== 'group') return [];
		return element.group === 'devices'
			? snapshot.pending.map((request) => ({ type: 'device', request, gateway }))
			: snapshot.nodes.map((request) => ({ type: 'node', request, gateway }));
	}

	getTreeItem(element: PendingNode): vscode.TreeItem {
		const listed = this.listedFor(element.gateway);
		const snapshot = listed?.snapshot;
		if (element.type === 'gateway') {
			const member = this.fleet.members.find((m) => m.entry.name === element.gateway);
			const count = snapshot ? snapshot.pending.length + snapshot.nodes.length : 0;
			return gatewayItem(element.gateway, member?.entry.url ?? '', member?.controller.state, `${count} pending`, 'pending');
		}
		if (element.type === 'group') {
			const count = element.group === 'devices' ? (snapshot?.pending.length ?? 0) : (snapshot?.nodes.length ?? 0);
			const item = new vscode.TreeItem(
				element.group === 'devices' ? `Device pairing requests (${count})` : `Node approvals (${count})`,
				count > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
			);
			item.contextValue = `group-${element.group}`;
			item.iconPath = new vscode.ThemeIcon(element.group === 'devices' ? 'device-mobile' : 'server-process');
			return item;
		}
		if (element.type === 'device')
			return pendingDeviceItem(
				element.request,
				snapshot?.paired.find((p) => p.deviceId === element.request.deviceId),
				this.now,
				listed?.serverVersion,
			);
		return pendingNodeItem(element.request, this.now);
	}
}

/** `version`: the gateway's, for which implied scopes count as already approved. */
function pendingDeviceItem(req: PendingDeviceRequest, paired: PairedDevice | undefined, now: number, version: string | undefined): vscode.TreeItem {
	const change = classifyRequest(req, paired, version);
	const kind = changeLabel(change);
	const item = new vscode.TreeItem(deviceName(req), vscode.TreeItemCollapsibleState.None);
	item.id = `pending-${req.requestId}`;
	// What it asks for first: the sidebar's default width cuts the end of the description off.
	item.description = pendingDescription(req, paired, now, version);
	item.iconPath = new vscode.ThemeIcon(change.kind === 'new pairing' ? 'device-mobile' : change.kind === 'repair' ? 'sync' : 'arrow-up');
	item.contextValue = 'pendingDevice';
	const md = new vscode.MarkdownString(undefined, true);
	md.appendMarkdown(`**${escape(deviceName(req))}** — ${kind}\n\n`);
	md.appendMarkdown(`| | |\n|---|---|\n`);
	md.appendMarkdown(
		`| Platform | ${escape(req.platform ?? '—')} |\n| Client | ${escape([req.clientId, req.clientMode].filter(Boolean).join(' / ') || '—')} |\n| IP | ${escape(req.remoteIp ?? '—')} |\n`,
	);
	for (const row of changeRows(change, 'Requested scopes')) md.appendMarkdown(`| ${row.label} | ${escape(row.value)} |\n`);
	md.appendMarkdown(`| Asked at | ${clockTime(req.ts, now)} |\n| Expires | ${clockTime(expiresAt(req), now)} (${expiresIn(req, now)}) |\n`);
	md.appendMarkdown(`| Key fingerprint | \`${fingerprint(req.deviceId)}\` |\n| Request | ${codeSpan(req.requestId)} |\n`);
	item.tooltip = md;
	return item;
}

function pendingNodeItem(req: PendingNodeRequest, now: number): vscode.TreeItem {
	const item = new vscode.TreeItem(deviceName(req), vscode.TreeItemCollapsibleState.None);
	item.id = `node-${req.requestId}`;
	item.description = nodeDescription(req, now);
	item.iconPath = new vscode.ThemeIcon('server-process');
	item.contextValue = 'pendingNode';
	const md = new vscode.MarkdownString();
	md.appendMarkdown(
		`**Node approval: ${escape(deviceName(req))}**\n\nCommands: ${escape((req.commands ?? []).join(', ') || 'none')}\n\nApproving needs: ${escape((req.requiredApproveScopes ?? ['operator.pairing']).join(', '))}`,
	);
	md.appendMarkdown(`\n\n${escape(nodeSummary(req) || 'no platform details')}\n\nRequested ${clockTime(req.ts, now)}`);
	item.tooltip = md;
	return item;
}

/** Inline code in a table cell: backslash escapes are literal inside a code span, so drop what could end it instead. */
function codeSpan(text: string): string {
	return `\`${text.replace(/[`|\r\n]/g, '')}\``;
}

export function escape(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
