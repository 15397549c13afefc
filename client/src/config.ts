import * as vscode from 'vscode';
import { DEFAULT_GATEWAY_URL, DEFAULT_SCOPES } from '../../core/src/pairing/defaults';
import { parseGatewayProfiles, resolveGateways, ResolvedGateway } from '../../core/src/pairing/gatewayProfiles';

export const SECTION = 'openclawPairing';

export interface GatewayConfig {
	url: string;
	allowInsecureRemote: boolean;
	scopes: string[];
	traceProtocol: boolean;
	/** Log in as our paired device even on loopback with the shared token (connectMode.ts). */
	preferDevice: boolean;
}

/**
 * Gateway settings, read from user (global) settings only: a cloned repository's workspace settings must not be able to
 * point the token at another host or widen what the extension asks for.
 */
export function readGatewayConfig(): GatewayConfig {
	const config = vscode.workspace.getConfiguration(SECTION);
	const userOnly = <T>(key: string, fallback: T): T => {
		const inspected = config.inspect<T>(key);
		return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
	};
	const scopes = userOnly<unknown>('gateway.scopes', [...DEFAULT_SCOPES]);
	return {
		url: (userOnly<string>('gateway.url', DEFAULT_GATEWAY_URL) || DEFAULT_GATEWAY_URL).trim(),
		allowInsecureRemote: userOnly<boolean>('gateway.allowInsecureRemote', false) === true,
		scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [...DEFAULT_SCOPES],
		traceProtocol: config.get<boolean>('trace.gateway', false) === true,
		preferDevice: userOnly<string>('gateway.loginAs', 'auto') === 'device',
	};
}

/** `openclawPairing.gateways` (user settings only, like the URL): the gateways to connect to, first = primary. */
export function readGateways(): { gateways: ResolvedGateway[]; problems: string[] } {
	const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('gateways');
	const list = parseGatewayProfiles(inspected?.globalValue ?? [], `${SECTION}.gateways`);
	return { gateways: resolveGateways(list, readGatewayConfig().url), problems: list.problems };
}

export function affectsGateway(e: vscode.ConfigurationChangeEvent): boolean {
	return ['gateways', 'gateway.url', 'gateway.allowInsecureRemote', 'gateway.scopes', 'gateway.loginAs', 'trace.gateway'].some((k) =>
		e.affectsConfiguration(`${SECTION}.${k}`),
	);
}
