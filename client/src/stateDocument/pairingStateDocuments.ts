// OpenClaw: Open Pairing State — the gateway's live pairing state as two read-only documents in the retired files'
// shapes (paired.json beside pending.json), from device.pair.list, tokens masked (core/src/openclaw/pairingStateDocument.ts).
// The language server checks them like the files (same codes and ranges); they follow the gateway's pairing events.
// Any era: on 2026.8.1+ there is no file to open, on the JSON era it is what the gateway holds right now.
import * as vscode from 'vscode';
import { fromDevicePairList, renderPairingState } from '../../../core/src/openclaw/pairingStateDocument';
import { PAIRING_STATE_SCHEME, parseStateDocumentUri, stateDocumentUri } from '../../../core/src/openclaw/stateDocumentUri';
import { describeState } from '../../../core/src/pairing/pairingService';
import { readGatewayConfig } from '../config';
import type { GatewayView } from '../gatewayController';

export class PairingStateDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.changed.event;
	/** What each open document was last given: disconnected, it keeps that; an unchanged list fires no change (no flicker). */
	private readonly served = new Map<string, string>();
	private readonly subscriptions: vscode.Disposable[];

	constructor(private readonly gateway: GatewayView) {
		this.subscriptions = [
			gateway.onDidChangeSnapshot(() => this.refresh()),
			// After a reconnect the first list arrives before the state says connected: render it then.
			gateway.onDidChangeState(() => this.refresh()),
			vscode.workspace.onDidCloseTextDocument((doc) => this.served.delete(doc.uri.toString())),
		];
	}

	provideTextDocumentContent(uri: vscode.Uri): string {
		const text = this.render(uri) ?? this.served.get(uri.toString()) ?? '{}\n';
		this.served.set(uri.toString(), text);
		return text;
	}

	/** Open the paired devices, and the pending requests beside them. */
	async open(): Promise<void> {
		const state = this.gateway.state;
		if (state.kind !== 'connected' || !this.gateway.snapshot) {
			void vscode.window.showWarningMessage(`The pairing state comes from the gateway: ${describeState(state)}.`);
			return;
		}
		const url = readGatewayConfig().url;
		const uri = (kind: 'paired' | 'pending') => vscode.Uri.parse(stateDocumentUri(url, kind, state.serverVersion));
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri('paired')), { preview: false });
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri('pending')), {
			viewColumn: vscode.ViewColumn.Beside,
			preview: false,
			preserveFocus: true,
		});
	}

	dispose(): void {
		for (const s of this.subscriptions) s.dispose();
		this.changed.dispose();
	}

	private render(uri: vscode.Uri): string | undefined {
		const parsed = parseStateDocumentUri(uri.toString());
		const snapshot = this.gateway.state.kind === 'connected' ? this.gateway.snapshot : undefined;
		return parsed && snapshot ? renderPairingState(fromDevicePairList(snapshot))[parsed.kind] : undefined;
	}

	/** A change event for each open state document whose text the new snapshot changes; VS Code keeps its scroll position. */
	private refresh(): void {
		for (const doc of vscode.workspace.textDocuments) {
			if (doc.uri.scheme !== PAIRING_STATE_SCHEME) continue;
			const text = this.render(doc.uri);
			if (text !== undefined && text !== this.served.get(doc.uri.toString())) this.changed.fire(doc.uri);
		}
	}
}

export function registerPairingStateDocuments(gateway: GatewayView): vscode.Disposable {
	const documents = new PairingStateDocuments(gateway);
	return vscode.Disposable.from(
		documents,
		vscode.workspace.registerTextDocumentContentProvider(PAIRING_STATE_SCHEME, documents),
		vscode.commands.registerCommand('openclawPairing.openPairingState', () => documents.open()),
	);
}
