// The webview panel of one "Pair a Phone or Node" run: shows a SetupPageState, and hands the page's button clicks
// (a fixed list; anything else is ignored) to the command. Scripts run only with the page's nonce; no local or
// remote resources are allowed (localResourceRoots: []).
import crypto from 'node:crypto';
import * as vscode from 'vscode';
import { SETUP_PAGE_MESSAGES, SetupPageMessage, SetupPageState, setupPageHtml } from './setupHtml';

export class SetupPanel implements vscode.Disposable {
	private readonly panel: vscode.WebviewPanel;
	private readonly disposables: vscode.Disposable[] = [];
	private _state: SetupPageState = { phase: 'choosing' };
	private disposed = false;
	private readyAtMs: number | undefined;
	private drawn: string | undefined;
	private readonly closed = new vscode.EventEmitter<void>();
	readonly onDidClose = this.closed.event;

	constructor(
		private readonly version: () => string | undefined,
		onMessage: (message: SetupPageMessage) => void,
	) {
		this.panel = vscode.window.createWebviewPanel(
			'openclawPairing.pairPhone',
			'Pair a Phone or Node',
			{ viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
			{ enableScripts: true, localResourceRoots: [], enableCommandUris: false, retainContextWhenHidden: false },
		);
		this.disposables.push(
			this.panel.webview.onDidReceiveMessage((raw: unknown) => {
				const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
				if (type === 'ready') this.ready((raw as { phase?: unknown }).phase);
				else if (typeof type === 'string' && SETUP_PAGE_MESSAGES.has(type)) onMessage(type as SetupPageMessage);
			}),
			// A page hidden and shown again is rebuilt from the state (retainContextWhenHidden is off).
			this.panel.onDidChangeViewState(() => {
				if (this.panel.visible) this.render();
			}),
			this.panel.onDidDispose(() => {
				this.disposed = true;
				this.closed.fire();
				this.dispose();
			}),
		);
		this.render();
	}

	get state(): SetupPageState {
		return this._state;
	}

	get isDisposed(): boolean {
		return this.disposed;
	}

	get visible(): boolean {
		return !this.disposed && this.panel.visible;
	}

	/** performance.now() when the page first said it was on screen (its script ran in the webview). */
	get readyAt(): number | undefined {
		return this.readyAtMs;
	}

	/** The phase of the last page the webview drew (what the user sees, which may lag `state`). */
	get drawnPhase(): string | undefined {
		return this.drawn;
	}

	show(state: SetupPageState): void {
		this._state = state;
		this.render();
	}

	reveal(): void {
		if (!this.disposed) this.panel.reveal(undefined, false);
	}

	dispose(): void {
		if (!this.disposed) {
			this.disposed = true;
			this.panel.dispose();
		}
		for (const d of this.disposables.splice(0)) d.dispose();
		this.closed.dispose();
	}

	private ready(phase: unknown): void {
		this.readyAtMs ??= performance.now();
		if (typeof phase === 'string' && /^[a-zA-Z]{1,24}$/.test(phase)) this.drawn = phase;
	}

	private render(): void {
		if (this.disposed) return;
		this.panel.webview.html = setupPageHtml(this._state, crypto.randomBytes(18).toString('base64'), Date.now(), this.version());
	}
}
