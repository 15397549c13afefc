import * as vscode from 'vscode';
import type { GatewayFleet } from '../gatewayFleet';
import type { PendingNodeRequest } from '../../../core/src/pairing/types';
import { classifyRequest } from '../../../core/src/pairing/requestChange';
import { changeLabel, changeRows, deviceName, fingerprint, isAdminScope } from '../views/format';
import { ConnectedGateway, describeCommandError, withConnectedGateway } from './connectedGateway';
import { isPairingActionError } from '../../../core/src/pairing/pairingActionError';
import type { LoopBreaker } from './breakLoopFlow';
import { offerScopeUpgrade } from './scopeUpgradeFlow';

/** A tree element (the Pending view's inline actions) or a requestId (CodeLens). */
type RequestArg = { request?: { requestId: string } | PendingNodeRequest } | string | undefined;

function requestIdOf(arg: RequestArg): string | undefined {
	return typeof arg === 'string' ? arg : arg?.request?.requestId;
}

/**
 * Approve / reject device requests and node approvals: re-list, confirm in a modal that says exactly what is granted
 * (and, with several gateways, on which), act on the gateway the request belongs to.
 */
export function registerApprovalCommands(fleet: GatewayFleet, output: vscode.LogOutputChannel, breakLoop: LoopBreaker): vscode.Disposable[] {
	/** The connected gateway is resolved when the command runs; after the modal, only that same connection is acted on. */
	const command =
		(what: string, action: (gateway: ConnectedGateway, requestId: string, on: string) => Promise<void>) =>
		(arg: RequestArg): Promise<void> | undefined => {
			const requestId = requestIdOf(arg);
			if (!requestId) return undefined;
			const member = fleet.resolve(arg);
			const gateway = member.controller;
			const on = fleet.multiple ? ` on ${member.entry.name}` : '';
			return withConnectedGateway(
				gateway,
				(connected: ConnectedGateway) => action(connected, requestId, on),
				async (error) => {
					const service = gateway.current;
					if (isPairingActionError(error) && error.failure === 'needsScope' && service) {
						// Our device lacks what this decision needs: ask for it (with consent), then run the same command again.
						const again = async () => void (await command(what, action)(arg));
						return offerScopeUpgrade(service, error, what, again, output, breakLoop).catch((e: unknown) => {
							void vscode.window.showErrorMessage(describeCommandError(e, `ask for ${(error.neededScopes ?? []).join(', ')}`));
						});
					}
					const message = describeCommandError(error, what);
					output.warn(`${what} ${requestId}: ${message}`);
					void vscode.window.showErrorMessage(message);
					await gateway.current?.refresh().catch(() => undefined);
				},
			)();
		};

	return [
		vscode.commands.registerCommand(
			'openclawPairing.approve',
			command('approve', async (connected, requestId, on) => {
				// The service re-lists and tells superseded (with the replacement) from expired, so the modal shows today's request.
				const req = await connected.service.pendingRequest(requestId);
				const paired = connected.service.snapshot?.paired.find((p) => p.deviceId === req.deviceId);
				const scopes = req.scopes ?? [];
				const state = connected.service.state;
				// One classifier for the tree, this modal and the notification: requested beside approved now, the additions called out.
				const change = classifyRequest(req, paired, state.kind === 'connected' ? state.serverVersion : undefined);
				const admin = change.addedScopes.filter(isAdminScope);
				const detail = [
					`${changeLabel(change)} for "${deviceName(req)}" (${[req.platform, req.clientId, req.remoteIp].filter(Boolean).join(', ') || 'no details'})`,
					...changeRows(change).map((row) => `${row.label}: ${row.value}`),
					admin.length ? `⚠ ${admin.join(', ')} gives this device full control of the gateway and its agent.` : '',
					`Key fingerprint: ${fingerprint(req.deviceId)}`,
				]
					.filter(Boolean)
					.join('\n');
				const choice = await vscode.window.showWarningMessage(`Approve ${deviceName(req)}${on}?`, { modal: true, ...(detail ? { detail } : {}) }, 'Approve');
				if (choice !== 'Approve') return;
				const service = connected.afterDialog();
				await vscode.window.withProgress({ location: { viewId: 'openclawPairing.pending' }, title: 'Approving…' }, () => service.approve(req.requestId));
				output.info(`approved ${req.requestId}${on} (${deviceName(req)}; scopes ${scopes.join(', ') || 'none'})`);
				void vscode.window.showInformationMessage(`Approved ${deviceName(req)}${on}.`);
			}),
		),
		vscode.commands.registerCommand(
			'openclawPairing.reject',
			command('reject', async (connected, requestId, on) => {
				const req = await connected.service.pendingRequest(requestId);
				const choice = await vscode.window.showWarningMessage(
					`Reject ${deviceName(req)}${on}?`,
					{ modal: true, detail: `The device's pairing request ${req.requestId} is refused; it can ask again.\nKey fingerprint: ${fingerprint(req.deviceId)}` },
					'Reject',
				);
				if (choice !== 'Reject') return;
				await connected.afterDialog().reject(req.requestId);
				output.info(`rejected ${req.requestId}${on} (${deviceName(req)})`);
			}),
		),
		vscode.commands.registerCommand(
			'openclawPairing.approveNode',
			command('approve the node', async (connected, requestId, on) => {
				const req = connected.service.snapshot?.nodes.find((n) => n.requestId === requestId);
				const detail = req
					? `Commands: ${(req.commands ?? []).join(', ') || 'none'}\nApproving needs: ${(req.requiredApproveScopes ?? ['operator.pairing']).join(', ')}`
					: undefined;
				const choice = await vscode.window.showWarningMessage(
					`Approve node ${req ? deviceName(req) : requestId}${on}?`,
					{ modal: true, ...(detail ? { detail } : {}) },
					'Approve',
				);
				if (choice === 'Approve') await connected.afterDialog().approveNode(requestId);
			}),
		),
		vscode.commands.registerCommand(
			'openclawPairing.rejectNode',
			command('reject the node', async (connected, requestId, on) => {
				const choice = await vscode.window.showWarningMessage(`Reject this node approval${on}?`, { modal: true }, 'Reject');
				if (choice === 'Reject') await connected.afterDialog().rejectNode(requestId);
			}),
		),
	];
}
