import * as vscode from 'vscode';
import type { GatewayView } from './gatewayController';
import { deviceName } from './views/format';

/**
 * "Approve" / "Reject" above a live pending request: in pending.json on its requestId key, and in paired.json on a
 * device that is waiting for an upgrade. Only requests the gateway lists right now get a lens, so a stale file never
 * offers an approval.
 */
export class PendingRequestCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChangeCodeLenses = this.changed.event;
	private readonly subscription: vscode.Disposable;

	constructor(private readonly gateway: GatewayView) {
		this.subscription = gateway.onDidChangeSnapshot(() => this.changed.fire());
	}

	dispose(): void {
		this.subscription.dispose();
		this.changed.dispose();
	}

	provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
		const snapshot = this.gateway.snapshot;
		if (!snapshot || this.gateway.state.kind !== 'connected') return [];
		const text = document.getText();
		const inPending = document.uri.path.endsWith('/devices/pending.json');
		const lenses: vscode.CodeLens[] = [];
		for (const req of snapshot.pending) {
			const needle = `"${inPending ? req.requestId : req.deviceId}"`;
			const at = text.indexOf(needle);
			if (at < 0) continue;
			const range = new vscode.Range(document.positionAt(at), document.positionAt(at + needle.length));
			const what = inPending ? '' : ` pending ${req.isRepair ? 'upgrade' : 'request'}`;
			lenses.push(
				new vscode.CodeLens(range, {
					title: `$(check) Approve${what} (${(req.scopes ?? []).join(', ') || 'no scopes'})`,
					command: 'openclawPairing.approve',
					arguments: [req.requestId],
					tooltip: `Approve ${deviceName(req)} through the gateway`,
				}),
				new vscode.CodeLens(range, { title: '$(x) Reject', command: 'openclawPairing.reject', arguments: [req.requestId] }),
			);
		}
		return lenses;
	}
}
