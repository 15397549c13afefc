// A fix on the live pairing state's documents (the server's gatewayFixes.ts): run through the editor's own commands,
// so each goes through the same modal confirmation as the sidebar; the documents then follow the gateway's events.
import * as vscode from 'vscode';
import { deviceName } from '../../../core/src/pairing/deviceName';
import { GATEWAY_FIX_COMMAND, GatewayFixAction, parseGatewayFixAction } from '../../../core/src/pairing/gatewayFixAction';
import { parseStateDocumentUri } from '../../../core/src/openclaw/stateDocumentUri';
import type { GatewayFleet } from '../gatewayFleet';
import { documentGateway } from './pairingStateDocuments';

export function registerGatewayFixCommand(fleet: GatewayFleet, output: vscode.LogOutputChannel): vscode.Disposable {
	return vscode.commands.registerCommand(GATEWAY_FIX_COMMAND, async (arg?: unknown) => {
		const fix = parseGatewayFixAction(arg);
		if (!fix) return;
		// The gateway of the document the fix was offered on (several gateways: each has its own documents).
		const ref = fix.document ? parseStateDocumentUri(fix.document) : undefined;
		const gateway = documentGateway(fleet, ref?.authority);
		if (!gateway) {
			// Never another gateway than the document's: its gateway was removed from the settings since it opened.
			void vscode.window.showWarningMessage(
				`This document is of the gateway at ${ref?.authority ?? '?'}, which is no longer configured, so nothing was sent. Open the pairing state again.`,
			);
			return undefined;
		}
		const name = fleet.multiple ? (fleet.members.find((m) => m.controller === gateway)?.entry.name ?? '') : '';
		const gatewayArg = name ? { gateway: name } : {};
		if (gateway.state.kind !== 'connected') {
			// A database's documents, the gateway stopped: nothing can act now; say what will.
			void vscode.window.showInformationMessage(
				`The gateway is not connected, so the fix cannot run now. Start it (openclaw gateway start) and run it from the live pairing state, or on the gateway host: ${commandFor(fix)}.`,
			);
			return undefined;
		}
		const device = gateway.snapshot?.paired.find((d) => d.deviceId === fix.deviceId);
		if (!device) {
			void vscode.window.showWarningMessage(`${fix.deviceId.slice(0, 12)}… is no longer paired with this gateway.`);
			return;
		}
		output.info(`fix through the gateway: ${fix.action} for ${deviceName(device)}`);
		if (fix.action === 'rotateToken') return vscode.commands.executeCommand('openclawPairing.rotateToken', { device, role: fix.role, ...gatewayArg });
		if (fix.action === 'removeDevice') return vscode.commands.executeCommand('openclawPairing.removeDevice', { device, ...gatewayArg });
		// The gateway grants more scope only by approving a request for it: the device's own pending one.
		const request = gateway.snapshot?.pending.find((p) => p.deviceId === fix.deviceId);
		if (request) return vscode.commands.executeCommand('openclawPairing.approve', { request, ...gatewayArg });
		void vscode.window.showInformationMessage(
			`Nothing from ${deviceName(device)} waits for approval. The gateway adds ${fix.scopes.join(', ')} only by approving a request: the device files one when it next connects asking for them, and it appears here and in Pending.`,
		);
		return undefined;
	});
}

/** openclaw's own command for the same fix (`openclaw devices --help`, 2026.9.6). */
function commandFor(fix: GatewayFixAction): string {
	if (fix.action === 'rotateToken') return `openclaw devices rotate --device ${fix.deviceId} --role ${fix.role}`;
	if (fix.action === 'removeDevice') return `openclaw devices remove ${fix.deviceId}`;
	return `openclaw devices list, then openclaw devices approve <the requestId of ${fix.deviceId.slice(0, 12)}…>`;
}
