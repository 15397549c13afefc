import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { pairingDocumentSelector } from './documentSelector';

/** Start the pairing-file language server (dist/server.js over node IPC) for the pairing files. */
export async function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
	const serverModule = context.asAbsolutePath('dist/server.js');
	const serverOptions: ServerOptions = {
		run: { module: serverModule, transport: TransportKind.ipc },
		debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
	};
	const stateDir = vscode.workspace.getConfiguration('openclawPairing').get<string>('stateDir');
	const clientOptions: LanguageClientOptions = {
		documentSelector: pairingDocumentSelector(stateDir),
		outputChannel: output,
		synchronize: { configurationSection: 'openclawPairing' },
	};
	const client = new LanguageClient('openclawPairing', 'OpenClaw Pairing', serverOptions, clientOptions);
	await client.start();
	return client;
}
