import * as path from 'node:path';
import * as vscode from 'vscode';
import { readGatewayConfig } from './config';
import { channelLogger } from './logger';
import { FileIdentityStore } from '../../core/src/pairing/identityStore';
import { createPairingService } from '../../core/src/pairing/pairingService';
import type { ConnectionState, PairingService, PairingSnapshot } from '../../core/src/pairing/types';
import type { GatewayTokenStore } from './secrets';

/** The live state, read-only: what the views, the status bar, CodeLens and the extension's API get (never the means to act). */
export interface GatewayView {
	readonly state: ConnectionState;
	readonly snapshot: PairingSnapshot | undefined;
	/** This editor's own device id, once its identity is loaded. */
	readonly ownDeviceId: string | undefined;
	readonly onDidChangeState: vscode.Event<ConnectionState>;
	readonly onDidChangeSnapshot: vscode.Event<PairingSnapshot | undefined>;
}

/**
 * Owns the one PairingService of the window: builds it from user settings, the token in SecretStorage and the
 * extension's own device identity (global storage, owner-only), and rebuilds it when any of those change. Views and
 * commands subscribe here once and survive rebuilds.
 */
export class GatewayController implements vscode.Disposable, GatewayView {
	private service: PairingService | undefined;
	private unsubscribe: (() => void)[] = [];
	private active = false;
	private readonly stateChanged = new vscode.EventEmitter<ConnectionState>();
	private readonly snapshotChanged = new vscode.EventEmitter<PairingSnapshot | undefined>();
	readonly onDidChangeState = this.stateChanged.event;
	readonly onDidChangeSnapshot = this.snapshotChanged.event;

	constructor(
		private readonly context: vscode.ExtensionContext,
		private readonly tokens: GatewayTokenStore,
		private readonly output: vscode.LogOutputChannel,
	) {}

	get state(): ConnectionState {
		return this.service?.state ?? { kind: 'idle' };
	}

	get snapshot(): PairingSnapshot | undefined {
		return this.service?.snapshot;
	}

	get ownDeviceId(): string | undefined {
		return this.service?.deviceId;
	}

	get current(): PairingService | undefined {
		return this.service;
	}

	get identityPath(): string {
		return path.join(this.context.globalStorageUri.fsPath, 'device-identity.json');
	}

	async restart(): Promise<void> {
		await this.stopService();
		const config = readGatewayConfig();
		const service = createPairingService({
			url: config.url,
			token: () => this.tokens.get(),
			identityStore: new FileIdentityStore(this.identityPath),
			scopes: config.scopes,
			client: { displayName: `VS Code (${vscode.env.appName})`, version: String(this.context.extension.packageJSON.version ?? '0.0.0'), platform: process.platform },
			allowInsecureRemote: config.allowInsecureRemote,
			log: channelLogger(this.output, () => readGatewayConfig().traceProtocol),
			trace: config.traceProtocol,
		});
		this.service = service;
		this.unsubscribe = [service.onDidChangeState((s) => this.stateChanged.fire(s)), service.onDidChangeSnapshot((s) => this.snapshotChanged.fire(s))];
		service.setActive(this.active);
		service.start();
		this.stateChanged.fire(service.state);
		this.snapshotChanged.fire(service.snapshot);
	}

	/** Polling and eager refresh only while a pairing view is visible. */
	setActive(active: boolean): void {
		this.active = active;
		this.service?.setActive(active);
	}

	private async stopService(): Promise<void> {
		for (const off of this.unsubscribe) off();
		this.unsubscribe = [];
		const old = this.service;
		this.service = undefined;
		await old?.stop();
	}

	dispose(): void {
		void this.stopService();
		this.stateChanged.dispose();
		this.snapshotChanged.dispose();
	}
}
