import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { pairingDocumentSelector } from './documentSelector';

/**
 * The pairing-file language server (dist/server.js over node IPC) for the pairing files, not started yet: the
 * extension's context starts and stops it (a new state dir needs a new client: the document selector is fixed at start).
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
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
	return new LanguageClient('openclawPairing', 'OpenClaw Pairing', serverOptions, clientOptions);
}
