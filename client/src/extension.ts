import * as vscode from 'vscode';
import { OpenClawPairingApi, readOnly } from './api';
import { Ctx } from './ctx';
import type { GatewayView } from './gatewayController';

export type { OpenClawPairingApi } from './api';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<OpenClawPairingApi> {
	const output = vscode.window.createOutputChannel('OpenClaw Pairing', { log: true });
	ctx = new Ctx(context, output);
	// The context object owns (and disposes, in reverse) everything it makes; VS Code disposes it on deactivate.
	context.subscriptions.push(ctx);
	const api = apiOf(ctx);
	await ctx.start();
	return api;
}

export async function deactivate(): Promise<void> {
	await ctx?.dispose();
	ctx = undefined;
}

/** The read-only API; `gateway` appears once the gateway features start (at once when trusted, else on trust). */
function apiOf(owner: Ctx): OpenClawPairingApi {
	let gateway: GatewayView | undefined;
	const api: OpenClawPairingApi = {
		get gateway() {
			if (!gateway && owner.gateway) gateway = readOnly(owner.gateway);
			return gateway;
		},
		get gateways() {
			return (owner.gateways?.members ?? []).map((m) => ({ name: m.entry.name, url: m.entry.url, gateway: readOnly(m.controller) }));
		},
	};
	if (owner.extension.extensionMode === vscode.ExtensionMode.Test) {
		api.secrets = owner.extension.secrets;
		api.languageClient = () => owner.languageClient;
		api.gatewayFeaturesMs = () => owner.gatewayFeaturesMs;
	}
	return api;
}
