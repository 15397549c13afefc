import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GatewayController } from './gatewayController';
import type { GatewayFleet } from './gatewayFleet';
import { startGatewayFeatures } from './gatewayFeatures';
import { createLanguageClient } from './languageClient';
import { DisposableStore } from './lifecycle/disposableStore';
import { SerialRestarter } from './lifecycle/serialRestarter';
import { registerPairingFileGuard } from './pairingFileGuard';
import { openWalkthroughOnFirstInstall } from './walkthrough';

export type CtxPhase = 'init' | 'running' | 'disposed';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The extension's one context object (after rust-analyzer's editors/code Ctx): it owns the output channel, the
 * language client, the pairing-file guard and, in a trusted workspace, the gateway features, with an explicit
 * lifecycle: init (constructed, nothing runs) → running (start()) → disposed (dispose(): everything it made, in
 * reverse order of creation, the gateway service and the language server stopped and awaited).
 */
export class Ctx implements vscode.Disposable {
	private lifecycle: CtxPhase = 'init';
	private readonly owned: DisposableStore;
	private readonly languageClients: SerialRestarter<LanguageClient>;
	private fleet: GatewayFleet | undefined;
	/** How long starting the gateway features took (the activation bench reads it through the test-mode API). */
	gatewayFeaturesMs: number | undefined;

	constructor(
		readonly extension: vscode.ExtensionContext,
		readonly output: vscode.LogOutputChannel,
	) {
		this.owned = new DisposableStore((error) => output.warn(`disposing: ${errorText(error)}`));
		// First made, last disposed: the language client and the gateway log to it until they have stopped.
		this.owned.add(output);
		this.languageClients = this.owned.add(new SerialRestarter<LanguageClient>({ create: () => createLanguageClient(extension, output), attach: () => [] }));
	}

	get phase(): CtxPhase {
		return this.lifecycle;
	}

	/** The running language client; undefined if it did not start (or while a new state dir restarts it). */
	get languageClient(): LanguageClient | undefined {
		return this.languageClients.current;
	}

	/** The gateway controller; undefined until the workspace is trusted. */
	get gateway(): GatewayController | undefined {
		return this.fleet?.primary.controller;
	}

	/** Every configured gateway; undefined until the workspace is trusted. */
	get gateways(): GatewayFleet | undefined {
		return this.fleet;
	}

	/** init → running: the language client, the file guard, then the gateway features (now, or once trusted). */
	async start(): Promise<void> {
		if (this.lifecycle !== 'init') throw new Error(`Ctx.start() in phase ${this.lifecycle}`);
		this.lifecycle = 'running';
		// The document selector is fixed when the client starts; a new state dir needs a restart of the client (not
		// tested on `languageClient`, which is undefined while a restart is under way: a second change must not be lost).
		if (await this.startLanguageClient()) {
			this.owned.add(
				vscode.workspace.onDidChangeConfiguration((e) => {
					if (e.affectsConfiguration('openclawPairing.stateDir')) void this.startLanguageClient();
				}),
			);
		}
		// Reads only the gateway's lock under the OS temp dir, nothing from the workspace: on in Restricted Mode too.
		this.owned.add(registerPairingFileGuard(this.output));
		// An untrusted workspace gets validation only: no connection, no token use. Trust granted later turns the gateway
		// features on in place (no window reload that would interrupt what the user is doing).
		if (vscode.workspace.isTrusted) await this.startGateway();
		else this.startOnTrust();
		// After the status bar exists: what the first screen shows is then settled (a UI test relies on that order).
		void openWalkthroughOnFirstInstall(this.extension, this.output);
	}

	/** running → disposed. Idempotent: deactivate() and context.subscriptions may both call it. */
	dispose(): Promise<void> {
		this.lifecycle = 'disposed';
		return this.owned.dispose();
	}

	/** Start (or restart) the language client; false, with the error shown, if it did not start. */
	private async startLanguageClient(): Promise<boolean> {
		try {
			return (await this.languageClients.restart()) !== undefined;
		} catch (error) {
			this.output.error(`The pairing-file language server did not start: ${errorText(error)}`);
			void vscode.window.showErrorMessage('OpenClaw Pairing: the language server did not start. See the "OpenClaw Pairing" output for details.');
			return false;
		}
	}

	private async startGateway(): Promise<void> {
		if (this.lifecycle !== 'running' || this.fleet) return;
		const features = this.owned.add(new DisposableStore((error) => this.output.warn(`disposing the gateway features: ${errorText(error)}`)));
		const t0 = performance.now();
		this.fleet = await startGatewayFeatures(this.extension, this.output, features, () => this.languageClient);
		// What the gateways add to activation (views, commands, one controller per gateway; no connection awaited).
		this.gatewayFeaturesMs = performance.now() - t0;
		this.output.info(
			`gateway features ready in ${this.gatewayFeaturesMs.toFixed(1)} ms (${this.fleet.members.length} gateway${this.fleet.members.length === 1 ? '' : 's'})`,
		);
	}

	private startOnTrust(): void {
		this.output.info('Workspace not trusted: gateway features are off; pairing files are still validated.');
		void vscode.commands.executeCommand('setContext', 'openclawPairing.connectionState', 'untrusted');
		const untrusted = this.owned.add(new DisposableStore());
		// Registered again with the other gateway commands.
		untrusted.add(vscode.commands.registerCommand('openclawPairing.showLogs', () => this.output.show(true)));
		untrusted.add(
			vscode.workspace.onDidGrantWorkspaceTrust(async () => {
				await untrusted.dispose();
				this.output.info('Workspace trusted: gateway features on.');
				await this.startGateway();
			}),
		);
	}
}
