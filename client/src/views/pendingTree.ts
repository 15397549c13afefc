import * as vscode from 'vscode';
import type { GatewayView } from '../gatewayController';
import type { PendingDeviceRequest, PendingNodeRequest } from '../pairing/types';
import { age, deviceName, expiresIn, fingerprint, nodeSummary, requestKind, scopeList } from './format';

type PendingNode = { type: 'group'; group: 'devices' | 'nodes' } | { type: 'device'; request: PendingDeviceRequest } | { type: 'node'; request: PendingNodeRequest };

/** Pending device pairing requests and node approvals, as two clearly separate groups. */
export class PendingTreeProvider implements vscode.TreeDataProvider<PendingNode> {
	private readonly changed = new vscode.EventEmitter<PendingNode | undefined>();
	readonly onDidChangeTreeData = this.changed.event;

	constructor(private readonly gateway: GatewayView) {
		gateway.onDidChangeSnapshot(() => this.changed.fire(undefined));
		gateway.onDidChangeState(() => this.changed.fire(undefined));
	}

	getChildren(element?: PendingNode): PendingNode[] {
		const snapshot = this.gateway.snapshot;
		if (this.gateway.state.kind !== 'connected' || !snapshot) return [];
		if (!element) return [{ type: 'group', group: 'devices' }, { type: 'group', group: 'nodes' }];
		if (element.type !== 'group') return [];
		return element.group === 'devices' ? snapshot.pending.map((request) => ({ type: 'device', request })) : snapshot.nodes.map((request) => ({ type: 'node', request }));
	}

	getTreeItem(element: PendingNode): vscode.TreeItem {
		const snapshot = this.gateway.snapshot;
		if (element.type === 'group') {
			const count = element.group === 'devices' ? (snapshot?.pending.length ?? 0) : (snapshot?.nodes.length ?? 0);
			const item = new vscode.TreeItem(element.group === 'devices' ? `Device pairing requests (${count})` : `Node approvals (${count})`, count > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
			item.contextValue = `group-${element.group}`;
			item.iconPath = new vscode.ThemeIcon(element.group === 'devices' ? 'device-mobile' : 'server-process');
			return item;
		}
		if (element.type === 'device') return pendingDeviceItem(element.request, snapshot?.paired.find((p) => p.deviceId === element.request.deviceId)?.scopes);
		return pendingNodeItem(element.request);
	}
}

function pendingDeviceItem(req: PendingDeviceRequest, currentScopes: string[] | undefined): vscode.TreeItem {
	const kind = requestKind(req, currentScopes ? { deviceId: req.deviceId, tokens: [], scopes: currentScopes } : undefined);
	const item = new vscode.TreeItem(deviceName(req), vscode.TreeItemCollapsibleState.None);
	item.id = `pending-${req.requestId}`;
	item.description = `${kind} · ${req.role ?? 'operator'} · ${age(req.ts)} ago`;
	item.iconPath = new vscode.ThemeIcon(kind === 'new pairing' ? 'device-mobile' : 'arrow-up');
	item.contextValue = 'pendingDevice';
	const md = new vscode.MarkdownString(undefined, true);
	md.appendMarkdown(`**${escape(deviceName(req))}** — ${kind}\n\n`);
	md.appendMarkdown(`| | |\n|---|---|\n`);
	md.appendMarkdown(`| Platform | ${escape(req.platform ?? '—')} |\n| Client | ${escape([req.clientId, req.clientMode].filter(Boolean).join(' / ') || '—')} |\n| IP | ${escape(req.remoteIp ?? '—')} |\n`);
	md.appendMarkdown(`| Role | ${escape((req.roles ?? [req.role ?? 'operator']).join(', '))} |\n| Requested scopes | ${escape(scopeList(req.scopes))} |\n`);
	if (currentScopes) md.appendMarkdown(`| Has now | ${escape(scopeList(currentScopes))} |\n`);
	md.appendMarkdown(`| Age | ${age(req.ts)} (${expiresIn(req)}) |\n| Key fingerprint | \`${fingerprint(req.deviceId)}\` |\n| Request | ${codeSpan(req.requestId)} |\n`);
	item.tooltip = md;
	return item;
}

function pendingNodeItem(req: PendingNodeRequest): vscode.TreeItem {
	const item = new vscode.TreeItem(deviceName(req), vscode.TreeItemCollapsibleState.None);
	item.id = `node-${req.requestId}`;
	item.description = `${nodeSummary(req)} · ${age(req.ts)} ago`;
	item.iconPath = new vscode.ThemeIcon('server-process');
	item.contextValue = 'pendingNode';
	const md = new vscode.MarkdownString();
	md.appendMarkdown(`**Node approval: ${escape(deviceName(req))}**\n\nCommands: ${escape((req.commands ?? []).join(', ') || 'none')}\n\nApproving needs: ${escape((req.requiredApproveScopes ?? ['operator.pairing']).join(', '))}`);
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
