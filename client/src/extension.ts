import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerApprovalCommands } from './commands/approvalCommands';
import { registerConnectionCommands } from './commands/connectionCommands';
import { registerDeviceCommands } from './commands/deviceCommands';
import { affectsGateway } from './config';
import { GatewayController, GatewayView } from './gatewayController';
import { startLanguageClient } from './languageClient';
import { OpenClawInUse } from './openClawInUse';
import { registerPairingFileGuard } from './pairingFileGuard';
import { PendingRequestCodeLens } from './pendingCodeLens';
import { GatewayTokenStore } from './secrets';
import { createStatusBar } from './statusBar';
import { PairedTreeProvider } from './views/pairedTree';
import { PendingTreeProvider } from './views/pendingTree';
import { openWalkthroughOnFirstInstall } from './walkthrough';

let client: LanguageClient | undefined;

/** What the extension exposes to its own tests (and to other extensions): read-only views of the live state. */
export interface OpenClawPairingApi {
	/** The live gateway state (read-only); undefined until the workspace is trusted. */
	gateway: GatewayView | undefined;
	/** Only while VS Code runs this extension's own tests (ExtensionMode.Test): its SecretStorage, so a test can check
	 * where the token went, and the language client. Never present for an installed extension. */
	secrets?: vscode.SecretStorage;
	languageClient?: () => LanguageClient | undefined;
}

function testOnly(context: vscode.ExtensionContext): Pick<OpenClawPairingApi, 'secrets' | 'languageClient'> {
	return context.extensionMode === vscode.ExtensionMode.Test ? { secrets: context.secrets, languageClient: () => client } : {};
}

export async function activate(context: vscode.ExtensionContext): Promise<OpenClawPairingApi> {
	const output = vscode.window.createOutputChannel('OpenClaw Pairing', { log: true });
	context.subscriptions.push(output);
	try {
		client = await startLanguageClient(context, output);
	} catch (error) {
		output.error(`The pairing-file language server did not start: ${error instanceof Error ? error.message : String(error)}`);
		void vscode.window.showErrorMessage('OpenClaw Pairing: the language server did not start. See the "OpenClaw Pairing" output for details.');
	}
	// The document selector is fixed when the client starts; a new state dir needs a restart of the client.
	context.subscriptions.push(
		vscode.workspace.onDidChangeConfiguration(async (e) => {
			if (!e.affectsConfiguration('openclawPairing.stateDir') || !client) return;
			await client.stop();
			client = await startLanguageClient(context, output);
		}),
	);

	// Reads only the gateway's lock under the OS temp dir, nothing from the workspace: on in Restricted Mode too.
	context.subscriptions.push(registerPairingFileGuard(output));

	// An untrusted workspace gets validation only: no connection, no token use. Trust granted later turns the gateway
	// features on in place (no window reload that would interrupt what the user is doing).
	const api: OpenClawPairingApi = { gateway: undefined, ...testOnly(context) };
	if (vscode.workspace.isTrusted) {
		api.gateway = readOnly(await startGatewayFeatures(context, output));
	} else {
		startOnTrust(context, output, api);
	}
	// After the status bar exists: what the first screen shows is then settled (a UI test relies on that order).
	void openWalkthroughOnFirstInstall(context, output);
	return api;
}

function startOnTrust(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, api: OpenClawPairingApi): void {
	output.info('Workspace not trusted: gateway features are off; pairing files are still validated.');
	void vscode.commands.executeCommand('setContext', 'openclawPairing.connectionState', 'untrusted');
	const showLogs = vscode.commands.registerCommand('openclawPairing.showLogs', () => output.show(true));
	const granted = vscode.workspace.onDidGrantWorkspaceTrust(async () => {
		granted.dispose();
		showLogs.dispose(); // registered again with the other gateway commands
		output.info('Workspace trusted: gateway features on.');
		api.gateway = readOnly(await startGatewayFeatures(context, output));
	});
	context.subscriptions.push(showLogs, granted);
}

/** A view of the controller that cannot be cast back into it: other extensions read state, they don't act. */
function readOnly(gateway: GatewayController): GatewayView {
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

/** The sidebar, status bar, commands and the connection: only in a trusted workspace. */
async function startGatewayFeatures(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<GatewayController> {
	const tokens = new GatewayTokenStore(context.secrets);
	const gateway = new GatewayController(context, tokens, output);
	const pendingTree = new PendingTreeProvider(gateway);
	const pairedTree = new PairedTreeProvider(gateway);
	const pendingView = vscode.window.createTreeView('openclawPairing.pending', { treeDataProvider: pendingTree, showCollapseAll: false });
	const pairedView = vscode.window.createTreeView('openclawPairing.paired', { treeDataProvider: pairedTree });
	const inUse = new OpenClawInUse(context, [pendingView, pairedView]);
	const updateActive = () => {
		gateway.setActive(pendingView.visible || pairedView.visible);
		// Relative times ("4 min ago") are redrawn only while someone can see them.
		pendingTree.setVisible(pendingView.visible);
		pairedTree.setVisible(pairedView.visible);
	};
	const updateBadge = () => {
		const n = gateway.state.kind === 'connected' ? (gateway.snapshot?.pending.length ?? 0) + (gateway.snapshot?.nodes.length ?? 0) : 0;
		pendingView.badge = n ? { value: n, tooltip: `${n} pending request${n === 1 ? '' : 's'}` } : undefined;
	};
	context.subscriptions.push(
		gateway,
		pendingView,
		pairedView,
		pendingTree,
		pairedTree,
		inUse,
		pendingView.onDidChangeVisibility(updateActive),
		pairedView.onDidChangeVisibility(updateActive),
		gateway.onDidChangeSnapshot(updateBadge),
		gateway.onDidChangeState(updateBadge),
		createStatusBar(gateway, inUse),
		vscode.languages.registerCodeLensProvider([{ scheme: 'file', pattern: '**/devices/{pending,paired}.json' }], new PendingRequestCodeLens(gateway)),
		...registerApprovalCommands(gateway, output),
		...registerDeviceCommands(gateway, output),
		...registerConnectionCommands(gateway, tokens, output),
		tokens.onDidChange(() => void gateway.restart()),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (affectsGateway(e)) void gateway.restart();
		}),
	);
	updateActive();
	await gateway.restart();
	return gateway;
}

export async function deactivate(): Promise<void> {
	await client?.stop();
}
