import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerApprovalCommands } from './commands/approvalCommands';
import { loopBreaker, registerBreakLoopCommand } from './commands/breakLoopFlow';
import { registerConnectionCommands } from './commands/connectionCommands';
import { registerDeviceCommands } from './commands/deviceCommands';
import { registerDoctorCommand } from './commands/doctorCommand';
import { affectsGateway } from './config';
import { GatewayFleet } from './gatewayFleet';
import type { DisposableStore } from './lifecycle/disposableStore';
import { FleetNotifiers } from './notifications/fleetNotifiers';
import { OpenClawInUse } from './openClawInUse';
import { PendingRequestCodeLens } from './pendingCodeLens';
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
): Promise<GatewayFleet> {
	const fleet = owned.add(new GatewayFleet(context, output));
	// What knows one gateway (the local files' CodeLens, the state documents, the doctor, the loop breaker) works on the primary.
	const gateway = fleet.primary.controller;
	const pendingTree = owned.add(new PendingTreeProvider(fleet));
	const pairedTree = owned.add(new PairedTreeProvider(fleet));
	const pendingView = owned.add(vscode.window.createTreeView('openclawPairing.pending', { treeDataProvider: pendingTree, showCollapseAll: false }));
	const pairedView = owned.add(vscode.window.createTreeView('openclawPairing.paired', { treeDataProvider: pairedTree }));
	const inUse = owned.add(new OpenClawInUse(context, [pendingView, pairedView]));
	const updateActive = () => {
		fleet.setActive(pendingView.visible || pairedView.visible);
		// Relative times ("4 min ago") are redrawn only while someone can see them.
		pendingTree.setVisible(pendingView.visible);
		pairedTree.setVisible(pairedView.visible);
	};
	const updateBadge = () => {
		const counts = fleet.members.map(({ controller: g }) =>
			g.state.kind === 'connected' ? (g.snapshot?.pending.length ?? 0) + (g.snapshot?.nodes.length ?? 0) : 0,
		);
		const n = counts.reduce((a, b) => a + b, 0);
		const where = fleet.multiple ? ` (${fleet.members.flatMap((m, i) => (counts[i] ? [`${m.entry.name}: ${counts[i]}`] : [])).join(', ')})` : '';
		pendingView.badge = n ? { value: n, tooltip: `${n} pending request${n === 1 ? '' : 's'}${where}` } : undefined;
	};
	const codeLens = owned.add(new PendingRequestCodeLens(gateway));
	const breakLoop = loopBreaker(gateway, languageClient, output);
	// A notification for each new device or node request, whether or not the sidebar is open; each names its gateway.
	owned.add(new FleetNotifiers(fleet, output));
	// The extension's own e2e tests read the activity-bar badge here (a TreeView's badge is not readable from outside).
	if (context.extensionMode === vscode.ExtensionMode.Test)
		owned.push(vscode.commands.registerCommand('openclawPairing.test.pendingBadge', () => pendingView.badge && { ...pendingView.badge }));
	owned.push(
		pendingView.onDidChangeVisibility(updateActive),
		pairedView.onDidChangeVisibility(updateActive),
		fleet.onDidChange(updateBadge),
		createStatusBar(fleet, inUse),
		vscode.languages.registerCodeLensProvider([{ scheme: 'file', pattern: '**/devices/{pending,paired}.json' }], codeLens),
		...registerApprovalCommands(fleet, output, breakLoop),
		registerBreakLoopCommand(breakLoop),
		registerPairingStateDocuments(fleet, output),
		registerMigratedCodeAction(),
		registerGatewayFixCommand(fleet, output),
		...registerDeviceCommands(fleet, output),
		registerDoctorCommand(async () => (await fleet.pick('Diagnose with the lists of which gateway?'))?.controller, output),
		registerPairPhoneCommand(async () => (await fleet.pick('Pair a phone or node with which gateway?'))?.controller, output, breakLoop, context.extensionMode),
		...registerConnectionCommands(fleet, output),
		// A token change (GatewayFleet) and a settings change that overlap share one rebuild (GatewayController.restart).
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (affectsGateway(e)) void fleet.restart();
		}),
	);
	updateActive();
	await fleet.restart();
	return fleet;
}
