import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerApprovalCommands } from './commands/approvalCommands';
import { loopBreaker, registerBreakLoopCommand } from './commands/breakLoopFlow';
import { registerConnectionCommands } from './commands/connectionCommands';
import { registerDeviceCommands } from './commands/deviceCommands';
import { registerDoctorCommand } from './commands/doctorCommand';
import { affectsGateway } from './config';
import { GatewayController } from './gatewayController';
import type { DisposableStore } from './lifecycle/disposableStore';
import { NewRequestNotifier } from './notifications/notifier';
import { OpenClawInUse } from './openClawInUse';
import { PendingRequestCodeLens } from './pendingCodeLens';
import { GatewayTokenStore } from './secrets';
import { createStatusBar } from './statusBar';
import { registerGatewayFixCommand } from './stateDocument/gatewayFixCommand';
import { registerMigratedCodeAction } from './stateDocument/migratedCodeAction';
import { registerPairingStateDocuments } from './stateDocument/pairingStateDocuments';
import { registerPairPhoneCommand } from './setupCode/pairPhoneCommand';
import { PairedTreeProvider } from './views/pairedTree';
import { PendingTreeProvider } from './views/pendingTree';

/**
 * The sidebar, status bar, CodeLens, commands and the connection: only in a trusted workspace. Everything made here is
 * added to `owned` as it is made, so disposing it (in reverse) removes the commands and views first and stops the
 * gateway service last.
 */
export async function startGatewayFeatures(
	context: vscode.ExtensionContext,
	output: vscode.LogOutputChannel,
	owned: DisposableStore,
	languageClient: () => LanguageClient | undefined,
): Promise<GatewayController> {
	const tokens = owned.add(new GatewayTokenStore(context.secrets));
	const gateway = owned.add(new GatewayController(context, tokens, output));
	const pendingTree = owned.add(new PendingTreeProvider(gateway));
	const pairedTree = owned.add(new PairedTreeProvider(gateway));
	const pendingView = owned.add(vscode.window.createTreeView('openclawPairing.pending', { treeDataProvider: pendingTree, showCollapseAll: false }));
	const pairedView = owned.add(vscode.window.createTreeView('openclawPairing.paired', { treeDataProvider: pairedTree }));
	const inUse = owned.add(new OpenClawInUse(context, [pendingView, pairedView]));
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
	const codeLens = owned.add(new PendingRequestCodeLens(gateway));
	const breakLoop = loopBreaker(gateway, languageClient, output);
	// A notification for each new device or node request, whether or not the sidebar is open.
	owned.add(new NewRequestNotifier(gateway, output));
	// The extension's own e2e tests read the activity-bar badge here (a TreeView's badge is not readable from outside).
	if (context.extensionMode === vscode.ExtensionMode.Test)
		owned.push(vscode.commands.registerCommand('openclawPairing.test.pendingBadge', () => pendingView.badge && { ...pendingView.badge }));
	owned.push(
		pendingView.onDidChangeVisibility(updateActive),
		pairedView.onDidChangeVisibility(updateActive),
		gateway.onDidChangeSnapshot(updateBadge),
		gateway.onDidChangeState(updateBadge),
		createStatusBar(gateway, inUse),
		vscode.languages.registerCodeLensProvider([{ scheme: 'file', pattern: '**/devices/{pending,paired}.json' }], codeLens),
		...registerApprovalCommands(gateway, output, breakLoop),
		registerBreakLoopCommand(breakLoop),
		registerPairingStateDocuments(gateway, output),
		registerMigratedCodeAction(),
		registerGatewayFixCommand(gateway, output),
		...registerDeviceCommands(gateway, output),
		registerDoctorCommand(gateway, output),
		registerPairPhoneCommand(gateway, output, breakLoop, context.extensionMode),
		...registerConnectionCommands(gateway, tokens, output),
		// A token change and a settings change that overlap share one rebuild (GatewayController.restart).
		tokens.onDidChange(() => void gateway.restart()),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (affectsGateway(e)) void gateway.restart();
		}),
	);
	updateActive();
	await gateway.restart();
	return gateway;
}
