import * as vscode from 'vscode';
import { CONFIG_PATH_LOOKUP } from '../../../core/src/openclaw/stateLayout';
import type { GatewayController } from '../gatewayController';
import { GatewayTokenStore, readTokenFromOpenClawConfig } from '../secrets';

/** Token, reconnect, refresh, logs, and the copyable command for approving this editor's own device. */
export function registerConnectionCommands(gateway: GatewayController, tokens: GatewayTokenStore, output: vscode.LogOutputChannel): vscode.Disposable[] {
	return [
		vscode.commands.registerCommand('openclawPairing.setToken', async () => {
			const token = await vscode.window.showInputBox({
				title: 'OpenClaw gateway token',
				prompt: 'The shared token of your gateway (gateway.auth.token, or `openclaw gateway auth-token --show`). Stored in VS Code SecretStorage.',
				password: true,
				ignoreFocusOut: true,
				validateInput: (v) => (v.trim() ? undefined : 'The token cannot be empty'),
			});
			if (!token) return;
			await tokens.set(token);
			output.info('gateway token saved to SecretStorage');
		}),
		vscode.commands.registerCommand('openclawPairing.importToken', async () => {
			const found = readTokenFromOpenClawConfig();
			if (!found) {
				void vscode.window.showWarningMessage(`No gateway.auth.token found in openclaw.json (${CONFIG_PATH_LOOKUP}).`);
				return;
			}
			const choice = await vscode.window.showInformationMessage(
				`Use the gateway token from ${found.file}?`,
				{ modal: true, detail: 'It is copied into VS Code SecretStorage; the file is not changed.' },
				'Use Token',
			);
			if (choice !== 'Use Token') return;
			await tokens.set(found.token);
			output.info(`gateway token imported from ${found.file}`);
		}),
		vscode.commands.registerCommand('openclawPairing.clearToken', async () => {
			await tokens.clear();
			output.info('gateway token removed from SecretStorage');
		}),
		vscode.commands.registerCommand('openclawPairing.reconnect', () => gateway.restart()),
		vscode.commands.registerCommand('openclawPairing.refresh', async () => {
			try {
				await gateway.current?.refresh();
			} catch (error) {
				output.warn(`refresh failed: ${error instanceof Error ? error.message : String(error)}`);
			}
		}),
		vscode.commands.registerCommand('openclawPairing.showLogs', () => output.show(true)),
		vscode.commands.registerCommand('openclawPairing.copyOwnApproveCommand', async () => {
			const state = gateway.state;
			if (state.kind !== 'awaitingPairing' || !state.requestId) return;
			await vscode.env.clipboard.writeText(`openclaw devices approve ${state.requestId}`);
			void vscode.window.showInformationMessage(`Copied: openclaw devices approve ${state.requestId}`);
		}),
	];
}
