import * as vscode from 'vscode';
import { JSON_ERA_LAST_VERSION, compareVersions } from '../../../core/src/scopes/scopeCatalog';
import { deviceName } from '../../../core/src/pairing/deviceName';
import type { PairingActionError, PairingService, ScopeUpgradeRequest } from '../../../core/src/pairing/types';
import type { LoopBreaker } from './breakLoopFlow';

/**
 * An action needs scopes this editor's paired device was not approved for (a device login: not on loopback with the
 * shared token, where it would get them at once). With the user's consent: ask the gateway to add them, say who can
 * approve that (in plain words when nobody paired can), wait with a cancellable progress, then run the action again.
 * When nobody paired can approve it on a JSON-era gateway, the guided way out (breakLoopFlow.ts) is offered instead of
 * a wait that cannot end. Nothing is asked for without the modal's yes.
 */
export async function offerScopeUpgrade(
	service: PairingService,
	error: PairingActionError,
	what: string,
	retry: () => Promise<void>,
	output: vscode.LogOutputChannel,
	breakLoop: LoopBreaker,
): Promise<void> {
	const needed = error.neededScopes ?? [];
	const ask = `Ask for ${needed.join(', ')}`;
	const choice = await vscode.window.showWarningMessage(
		`To ${what}, this editor's device needs ${needed.join(', ')}.`,
		{
			modal: true,
			detail: `The gateway approved this device for less. The editor can ask the gateway to add ${needed.join(', ')}; an operator then approves that request (for example on the gateway host: openclaw devices approve <id>), and the editor goes on by itself.`,
		},
		ask,
	);
	if (choice !== ask) return;
	const request = await service.askForScopes(needed);
	const id = request.requestId ?? '(see openclaw devices list)';
	output.info(`asked the gateway to add ${request.added.join(', ')} to this editor's device (request ${id})`);
	const version = serverVersionOf(service);
	if (request.approvers.length === 0 && version !== undefined && compareVersions(version, JSON_ERA_LAST_VERSION) <= 0 && service.deviceId) {
		const out = 'Break the Loop…';
		const pick = await vscode.window.showWarningMessage(
			`Nobody paired with this gateway holds ${request.added.join(', ')}, so no paired device can approve request ${id}.`,
			{
				modal: true,
				detail: `On the gateway host, a login with its shared token can: openclaw-pairing approve ${id}. Otherwise the way out on ${version}: stop the gateway, give this editor's device ${request.added.join(', ')} in devices/paired.json, and start it again. The editor guides you through it and then goes on to ${what}.`,
			},
			out,
		);
		if (pick === out)
			await breakLoop({ deviceId: service.deviceId, scopes: request.added, ...(request.requestId ? { requestId: request.requestId } : {}) }, retry);
		return;
	}
	void explainApprovers(request);
	const approved = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Waiting for approval of ${request.added.join(', ')} (request ${id})…`, cancellable: true },
		async (_progress, cancel) => {
			const abort = new AbortController();
			cancel.onCancellationRequested(() => abort.abort());
			await service.waitForScopes(request, abort.signal);
			return !abort.signal.aborted;
		},
	);
	if (!approved) return;
	output.info(`the gateway approved ${request.added.join(', ')} for this editor's device`);
	await retry();
}

/** Who can approve our request; when nobody paired can (from 2026.8.1), a shared-token login on the gateway host can. */
async function explainApprovers(request: ScopeUpgradeRequest): Promise<void> {
	const id = request.requestId ?? '<requestId>';
	const copy = 'Copy Approve Command';
	if (request.approvers.length > 0) {
		const who = request.approvers.slice(0, 3).map((d) => deviceName(d));
		const pick = await vscode.window.showInformationMessage(`Request ${id} can be approved by ${who.join(', ')}, or on the gateway host.`, copy);
		if (pick === copy) await vscode.env.clipboard.writeText(`openclaw devices approve ${id}`);
		return;
	}
	const pick = await vscode.window.showWarningMessage(
		`Nobody paired with this gateway holds ${request.added.join(', ')}, so no paired device can approve request ${id}. On the gateway host, log in with its shared token: openclaw-pairing approve ${id} (or, on 2026.7.35 and later, openclaw devices approve ${id}).`,
		copy,
	);
	if (pick === copy) await vscode.env.clipboard.writeText(`openclaw-pairing approve ${id}`);
}

function serverVersionOf(service: PairingService): string | undefined {
	const state = service.state;
	return state.kind === 'connected' ? state.serverVersion : undefined;
}
