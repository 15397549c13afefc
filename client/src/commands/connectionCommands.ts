import * as vscode from 'vscode';
import { SECTION } from '../config';
import type { GatewayFleet } from '../gatewayFleet';
import { readTokenFromOpenClawConfig } from '../secrets';
import { normalizeGatewayUrl } from '../../../core/src/pairing/gatewayProfiles';
import { planTokenImport, USE_TOKEN, USE_TOKEN_AND_URL, USE_TOKEN_ONLY } from '../tokenImportPlan';

/**
 * Token, reconnect, refresh, logs, and the copyable command for approving this editor's own device. With several
 * gateways, the token commands ask which one (or act on the gateway row they were run from): each has its own token.
 */
export function registerConnectionCommands(fleet: GatewayFleet, output: vscode.LogOutputChannel): vscode.Disposable[] {
	const target = (arg: unknown, title: string) =>
		typeof arg === 'object' && arg !== null && 'gateway' in arg ? Promise.resolve(fleet.resolve(arg)) : fleet.pick(title);
	return [
		vscode.commands.registerCommand('openclawPairing.setToken', async (arg?: unknown) => {
			const member = await target(arg, 'Set the token of which gateway?');
			if (!member) return;
			const token = await vscode.window.showInputBox({
				title: fleet.multiple ? `OpenClaw gateway token for ${member.entry.name} (${member.entry.url})` : 'OpenClaw gateway token',
				prompt: 'The shared token of your gateway (gateway.auth.token, or `openclaw gateway auth-token --show`). Stored in VS Code SecretStorage.',
				password: true,
				ignoreFocusOut: true,
				validateInput: (v) => (v.trim() ? undefined : 'The token cannot be empty'),
			});
			if (!token) return;
			await member.tokens.set(token);
			output.info(`gateway token${fleet.multiple ? ` of ${member.entry.name}` : ''} saved to SecretStorage`);
		}),
		vscode.commands.registerCommand('openclawPairing.importToken', async () => {
			const found = readTokenFromOpenClawConfig();
			if (!found.ok) {
				void vscode.window.showWarningMessage(`No gateway token read: ${found.reason}.`);
				return;
			}
			if (fleet.multiple) {
				// Only to the listed gateway the file configures: a token never goes to a gateway it was not made for.
				const member = fleet.members.find((m) => m.entry.url === normalizeGatewayUrl(found.url));
				if (!member) {
					void vscode.window.showWarningMessage(
						`${found.configPath} configures the gateway at ${found.url}, which is none of the gateways in openclawPairing.gateways; add it there first.`,
					);
					return;
				}
				const use = `Use for ${member.entry.name}`;
				const choice = await vscode.window.showInformationMessage(
					`Use the gateway token from ${found.tokenFile ?? found.configPath} for ${member.entry.name}?`,
					{ modal: true, detail: `It is copied into VS Code SecretStorage for ${member.entry.url}; the file is not changed.` },
					use,
				);
				if (choice !== use) return;
				await member.tokens.set(found.token);
				output.info(`gateway token of ${member.entry.name} imported from ${found.tokenFile ?? found.configPath}`);
				return;
			}
			const tokens = fleet.primary.tokens;
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
		vscode.commands.registerCommand('openclawPairing.clearToken', async (arg?: unknown) => {
			const member = await target(arg, 'Remove the token of which gateway?');
			if (!member) return;
			await member.tokens.clear();
			output.info(`gateway token${fleet.multiple ? ` of ${member.entry.name}` : ''} removed from SecretStorage`);
		}),
		vscode.commands.registerCommand('openclawPairing.reconnect', () => fleet.reconnectAll()),
		vscode.commands.registerCommand('openclawPairing.refresh', async () => {
			for (const m of fleet.members) {
				try {
					await m.controller.current?.refresh();
				} catch (error) {
					output.warn(`${fleet.multiple ? `[${m.entry.name}] ` : ''}refresh failed: ${error instanceof Error ? error.message : String(error)}`);
				}
			}
		}),
		vscode.commands.registerCommand('openclawPairing.showLogs', () => output.show(true)),
		vscode.commands.registerCommand('openclawPairing.copyOwnApproveCommand', async () => {
			const state = (fleet.members.find((m) => m.controller.state.kind === 'awaitingPairing') ?? fleet.primary).controller.state;
			if (state.kind !== 'awaitingPairing' || !state.requestId) return;
			await vscode.env.clipboard.writeText(`openclaw devices approve ${state.requestId}`);
			void vscode.window.showInformationMessage(`Copied: openclaw devices approve ${state.requestId}`);
		}),
	];
}
