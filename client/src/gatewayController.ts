import * as path from 'node:path';
import * as vscode from 'vscode';
import { readGatewayConfig } from './config';
import { SerialRestarter } from './lifecycle/serialRestarter';
import { channelLogger } from './logger';
import { FileIdentityStore } from '../../core/src/pairing/identityStore';
import { createPairingService } from '../../core/src/pairing/pairingService';
import type { ResolvedGateway } from '../../core/src/pairing/gatewayProfiles';
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
 * Owns the PairingService of one gateway (the fleet, gatewayFleet.ts, holds one controller per configured gateway): builds it from user settings, the token in SecretStorage and the
 * extension's own device identity (global storage, owner-only), and rebuilds it when any of those change, one rebuild
 * at a time (SerialRestarter: overlapping token and settings changes leave one service, the only one listened to).
 * Views and commands subscribe here once and survive rebuilds.
 */
export class GatewayController implements vscode.Disposable, GatewayView {
	private readonly services = new SerialRestarter<PairingService>({
		create: () => this.createService(),
		attach: (service) => {
			service.setActive(this.active);
			return [service.onDidChangeState((s) => this.stateChanged.fire(s)), service.onDidChangeSnapshot((s) => this.snapshotChanged.fire(s))];
		},
		started: (service) => {
			this.stateChanged.fire(service.state);
			this.snapshotChanged.fire(service.snapshot);
		},
	});
	private active = false;
	private readonly stateChanged = new vscode.EventEmitter<ConnectionState>();
	private readonly snapshotChanged = new vscode.EventEmitter<PairingSnapshot | undefined>();
	readonly onDidChangeState = this.stateChanged.event;
	readonly onDidChangeSnapshot = this.snapshotChanged.event;

	constructor(
		private readonly context: vscode.ExtensionContext,
		readonly tokens: GatewayTokenStore,
		private readonly output: vscode.LogOutputChannel,
		/** Which gateway, read on every rebuild: the primary's entry changes with the settings. */
		private readonly entry: () => ResolvedGateway,
	) {}

	/** The gateway's name (the settings entry's, or "gateway" without a list) and URL. */
	get gateway(): ResolvedGateway {
		return this.entry();
	}

	get state(): ConnectionState {
		return this.current?.state ?? { kind: 'idle' };
	}

	get snapshot(): PairingSnapshot | undefined {
		return this.current?.snapshot;
	}

	get ownDeviceId(): string | undefined {
		return this.current?.deviceId;
	}

	/** The service right now; a command that awaits the user holds a ConnectedGateway instead (commands/connectedGateway.ts). */
	get current(): PairingService | undefined {
		return this.services.current;
	}

	get identityPath(): string {
		return path.join(this.context.globalStorageUri.fsPath, 'device-identity.json');
	}

	/** Stop the service and build a new one from today's settings and token; calls made meanwhile share the next rebuild. */
	async restart(): Promise<void> {
		await this.services.restart();
	}

	private createService(): PairingService {
		const config = readGatewayConfig();
		const entry = this.entry();
		return createPairingService({
			url: entry.url,
			...(entry.tlsFingerprint ? { tlsFingerprint: entry.tlsFingerprint } : {}),
			token: () => this.tokens.get(),
			identityStore: new FileIdentityStore(this.identityPath),
			scopes: config.scopes,
			client: {
				displayName: `VS Code (${vscode.env.appName})`,
				version: String(this.context.extension.packageJSON.version ?? '0.0.0'),
				platform: process.platform,
			},
			allowInsecureRemote: config.allowInsecureRemote,
			preferDevice: config.preferDevice,
			log: channelLogger(
				this.output,
				() => readGatewayConfig().traceProtocol,
				() => (this.entry().implicit ? '' : `[${this.entry().name}] `),
			),
			trace: config.traceProtocol,
		});
	}

	/** Polling and eager refresh only while a pairing view is visible. */
	setActive(active: boolean): void {
		this.active = active;
		this.current?.setActive(active);
	}

	/** Stops the service (awaited by the extension's context on deactivate), then the emitters. */
	async dispose(): Promise<void> {
		await this.services.dispose();
		this.stateChanged.dispose();
		this.snapshotChanged.dispose();
	}
}
