import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './languageClient';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
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
}

export async function deactivate(): Promise<void> {
	await client?.stop();
}
