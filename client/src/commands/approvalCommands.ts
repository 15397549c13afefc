import * as vscode from 'vscode';
import type { GatewayController } from '../gatewayController';
import type { PendingDeviceRequest, PendingNodeRequest } from '../../../core/src/pairing/types';
import { deviceName, fingerprint, isAdminScope, requestKind } from '../views/format';
import { describeActionError } from './actionMessages';

type RequestArg = { request?: { requestId: string } } | string | undefined;

function requestIdOf(arg: RequestArg): string | undefined {
	return typeof arg === 'string' ? arg : arg?.request?.requestId;
}

/** Approve / reject device requests and node approvals: re-list, confirm in a modal that says exactly what is granted, act. */
export function registerApprovalCommands(gateway: GatewayController, output: vscode.LogOutputChannel): vscode.Disposable[] {
	const withService = async (what: string, action: (requestId: string) => Promise<void>, arg: RequestArg) => {
		const requestId = requestIdOf(arg);
		if (!requestId) return;
		try {
			await action(requestId);
		} catch (error) {
			const message = describeActionError(error, what);
			output.warn(`${what} ${requestId}: ${message}`);
			void vscode.window.showErrorMessage(message);
			await gateway.current?.refresh().catch(() => undefined);
		}
	};
	const service = () => {
		const s = gateway.current;
		if (!s || gateway.state.kind !== 'connected') throw Object.assign(new Error('connect first'), { failure: 'notConnected' });
		return s;
	};
	// The service re-lists and tells superseded (with the replacement) from expired, so the modal shows today's request.
	const fresh = (requestId: string): Promise<PendingDeviceRequest> => service().pendingRequest(requestId);

	return [
		vscode.commands.registerCommand('openclawPairing.approve', (arg: RequestArg) =>
			withService('approve', async (requestId) => {
				const req = await fresh(requestId);
				const paired = gateway.snapshot?.paired.find((p) => p.deviceId === req.deviceId);
				const scopes = req.scopes ?? [];
				const admin = scopes.filter(isAdminScope);
				const detail = [
					`${requestKind(req, paired)} for "${deviceName(req)}" (${[req.platform, req.clientId, req.remoteIp].filter(Boolean).join(', ') || 'no details'})`,
					`Role: ${(req.roles ?? [req.role ?? 'operator']).join(', ')}`,
					`Scopes: ${scopes.length ? scopes.join(', ') : 'none'}`,
					admin.length ? `⚠ ${admin.join(', ')} gives this device full control of the gateway and its agent.` : '',
					paired ? `Has now: ${(paired.scopes ?? []).join(', ') || 'no scopes'}` : '',
					`Key fingerprint: ${fingerprint(req.deviceId)}`,
				]
					.filter(Boolean)
					.join('\n');
				const choice = await vscode.window.showWarningMessage(`Approve ${deviceName(req)}?`, { modal: true, ...(detail ? { detail } : {}) }, 'Approve');
				if (choice !== 'Approve') return;
				await vscode.window.withProgress({ location: { viewId: 'openclawPairing.pending' }, title: 'Approving…' }, () => service().approve(req.requestId));
				output.info(`approved ${req.requestId} (${deviceName(req)}; scopes ${scopes.join(', ') || 'none'})`);
				void vscode.window.showInformationMessage(`Approved ${deviceName(req)}.`);
			}, arg),
		),
		vscode.commands.registerCommand('openclawPairing.reject', (arg: RequestArg) =>
			withService('reject', async (requestId) => {
				const req = await fresh(requestId);
				const choice = await vscode.window.showWarningMessage(`Reject ${deviceName(req)}?`, { modal: true, detail: `The device's pairing request ${req.requestId} is refused; it can ask again.\nKey fingerprint: ${fingerprint(req.deviceId)}` }, 'Reject');
				if (choice !== 'Reject') return;
				await service().reject(req.requestId);
				output.info(`rejected ${req.requestId} (${deviceName(req)})`);
			}, arg),
		),
		vscode.commands.registerCommand('openclawPairing.approveNode', (arg: { request?: PendingNodeRequest }) =>
			withService('approve the node', async (requestId) => {
				const req = gateway.snapshot?.nodes.find((n) => n.requestId === requestId);
				const detail = req ? `Commands: ${(req.commands ?? []).join(', ') || 'none'}\nApproving needs: ${(req.requiredApproveScopes ?? ['operator.pairing']).join(', ')}` : undefined;
				const choice = await vscode.window.showWarningMessage(`Approve node ${req ? deviceName(req) : requestId}?`, { modal: true, ...(detail ? { detail } : {}) }, 'Approve');
				if (choice === 'Approve') await service().approveNode(requestId);
			}, arg),
		),
		vscode.commands.registerCommand('openclawPairing.rejectNode', (arg: { request?: PendingNodeRequest }) =>
			withService('reject the node', async (requestId) => {
				const choice = await vscode.window.showWarningMessage('Reject this node approval?', { modal: true }, 'Reject');
				if (choice === 'Reject') await service().rejectNode(requestId);
			}, arg),
		),
	];
}
