import * as vscode from 'vscode';
import { SECTION } from '../config';
import type { GatewayController } from '../gatewayController';
import { GatewayTokenStore, readTokenFromOpenClawConfig } from '../secrets';
import { planTokenImport, USE_TOKEN, USE_TOKEN_AND_URL, USE_TOKEN_ONLY } from '../tokenImportPlan';

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
			if (!found.ok) {
				void vscode.window.showWarningMessage(`No gateway token read: ${found.reason}.`);
				return;
			}
			const userUrl = vscode.workspace.getConfiguration(SECTION).inspect<string>('gateway.url')?.globalValue;
			const plan = planTokenImport(found, userUrl);
			const choice = await vscode.window.showInformationMessage(plan.message, { modal: true, detail: plan.detail }, ...plan.buttons);
			if (choice !== USE_TOKEN && choice !== USE_TOKEN_AND_URL && choice !== USE_TOKEN_ONLY) return;
			await tokens.set(found.token);
			output.info(`gateway token imported from ${found.tokenFile ?? found.configPath}`);
			if (choice === USE_TOKEN_AND_URL && plan.offeredUrl) {
				await vscode.workspace.getConfiguration(SECTION).update('gateway.url', plan.offeredUrl, vscode.ConfigurationTarget.Global);
				output.info(`openclawPairing.gateway.url set to ${plan.offeredUrl} (from ${found.configPath})`);
			}
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
