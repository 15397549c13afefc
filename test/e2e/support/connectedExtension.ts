import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { OpenClawPairingApi } from '../../../client/src/extension';
import type { GatewayView } from '../../../client/src/gatewayController';
import type { ConnectionState } from '../../../core/src/pairing/types';
import { waitForGatewayState } from './vscodeWait';

const EXTENSION_ID = 'openclaw-pairing.openclaw-pairing';
const TOKEN_KEY = 'openclawPairing.gatewayToken';

/**
 * The extension, activated and connected to the runner's gateway. A suite run alone (OPENCLAW_E2E_GREP) finds no token
 * yet: it is stored as "Set Gateway Token" would.
 */
export async function connectedExtension(token: string): Promise<GatewayView> {
	const extension = vscode.extensions.getExtension<OpenClawPairingApi>(EXTENSION_ID);
	assert.ok(extension);
	const api = await extension.activate();
	assert.ok(api.gateway && api.secrets);
	if ((await api.secrets.get(TOKEN_KEY)) !== token) await api.secrets.store(TOKEN_KEY, token);
	await waitForGatewayState(api.gateway, (s: ConnectionState) => s.kind === 'connected');
	return api.gateway;
}
