import * as vscode from 'vscode';
import { hasPairingFileName, pairingDocumentSelector } from './documentSelector';

const IN_USE_KEY = 'openclawPairing.inUse';

/**
 * Whether the user works with OpenClaw here: a pairing file was opened in an editor or one of the OpenClaw views was
 * shown. The extension also activates for any JSON file, and a status-bar item saying "no token" next to someone's
 * package.json is noise; once either happened, it is remembered (globalState) so the item is there from the next start.
 */
export class OpenClawInUse implements vscode.Disposable {
	private readonly started = new vscode.EventEmitter<void>();
	/** Fires once, when inUse turns true. */
	readonly onDidStart = this.started.event;
	private readonly subscriptions: vscode.Disposable[] = [];
	private used: boolean;

	constructor(
		private readonly context: vscode.ExtensionContext,
		views: readonly vscode.TreeView<unknown>[],
	) {
		this.used = context.globalState.get<boolean>(IN_USE_KEY) === true;
		if (this.used) return;
		this.subscriptions.push(
			vscode.workspace.onDidOpenTextDocument((doc) => {
				if (isPairingFile(doc)) this.start();
			}),
			...views.map((view) => view.onDidChangeVisibility((e) => e.visible && this.start())),
		);
		if (views.some((view) => view.visible) || vscode.workspace.textDocuments.some(isPairingFile)) this.used = true;
		if (this.used) void context.globalState.update(IN_USE_KEY, true);
	}

	get inUse(): boolean {
		return this.used;
	}

	dispose(): void {
		this.started.dispose();
		for (const s of this.subscriptions) s.dispose();
	}

	private start(): void {
		if (this.used) return;
		this.used = true;
		void this.context.globalState.update(IN_USE_KEY, true);
		this.started.fire();
	}
}

/** The files the language server checks, and any file named like one (devices/paired.json, …). */
function isPairingFile(doc: vscode.TextDocument): boolean {
	if (doc.uri.scheme === 'file' && hasPairingFileName(doc.uri.fsPath)) return true;
	const selector = pairingDocumentSelector(vscode.workspace.getConfiguration('openclawPairing').get<string>('stateDir'));
	return vscode.languages.match(selector, doc) > 0;
}
