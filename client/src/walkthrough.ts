import * as vscode from 'vscode';
import { shouldOpenWalkthrough } from './walkthroughPolicy';

/** contributes.walkthroughs[].id in package.json. */
const WALKTHROUGH = 'firstPairing';
const SHOWN_KEY = 'walkthrough.firstPairing.shown';

/** Open the first-pairing walkthrough on the first activation after install (see walkthroughPolicy.ts). */
export async function openWalkthroughOnFirstInstall(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
	const setting = vscode.workspace.getConfiguration('workbench.welcomePage').inspect<boolean>('walkthroughs.openOnInstall');
	const facts = {
		shownBefore: context.globalState.get<boolean>(SHOWN_KEY) === true,
		testMode: context.extensionMode === vscode.ExtensionMode.Test,
		openOnInstall: setting?.workspaceValue ?? setting?.globalValue,
	};
	if (!shouldOpenWalkthrough(facts)) return;
	// Remembered before opening: a failure must not turn into the walkthrough popping up at every start.
	await context.globalState.update(SHOWN_KEY, true);
	try {
		await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH}`, false);
	} catch (error) {
		output.warn(`The first-pairing walkthrough did not open: ${error instanceof Error ? error.message : String(error)}`);
	}
}
