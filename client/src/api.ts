import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GatewayController, GatewayView } from './gatewayController';

/** What the extension exposes to its own tests (and to other extensions): read-only views of the live state. */
export interface OpenClawPairingApi {
	/** The live gateway state (read-only); undefined until the workspace is trusted. */
	readonly gateway: GatewayView | undefined;
	/** Every configured gateway (openclawPairing.gateways), the primary first; empty until the workspace is trusted. */
	readonly gateways: readonly { readonly name: string; readonly url: string; readonly gateway: GatewayView }[];
	/** Only while VS Code runs this extension's own tests (ExtensionMode.Test): its SecretStorage, so a test can check
	 * where the token went, and the language client. Never present for an installed extension. */
	secrets?: vscode.SecretStorage;
	languageClient?: () => LanguageClient | undefined;
	/** Test mode only: how long starting the gateway features took (bench/activationTime.ts). */
	gatewayFeaturesMs?: () => number | undefined;
}

/** A view of the controller that cannot be cast back into it: other extensions read state, they don't act. */
export function readOnly(gateway: GatewayController): GatewayView {
	return Object.freeze({
		get state() {
			return gateway.state;
		},
		get snapshot() {
			return gateway.snapshot;
		},
		get ownDeviceId() {
			return gateway.ownDeviceId;
		},
		onDidChangeState: gateway.onDidChangeState,
		onDidChangeSnapshot: gateway.onDidChangeSnapshot,
	});
}
