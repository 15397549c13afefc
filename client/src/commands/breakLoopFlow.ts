// OpenClaw: Break the Pairing Loop — the doctor's fix (and the scope request's way out) when nobody paired can approve
// what is asked on a JSON-era gateway: wait for the gateway to stop, give one device the scopes in paired.json with the
// language server's own missing-scope quick fix (confirmed in a modal, then saved), wait for the gateway to start
// again, then approve what was stuck. Every write is confirmed; nothing is written while the gateway runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CodeAction, CodeActionRequest, CodeActionResolveRequest, Command, type LanguageClient } from 'vscode-languageclient/node';
import { BreakLoopArgs, breakLoopPlan, parseBreakLoopArgs } from '../../../core/src/doctor/breakLoopPlan';
import { findGatewayOnStateDir } from '../../../core/src/openclaw/gatewayLock';
import { pairingFileRelativePath } from '../../../core/src/openclaw/stateLayout';
import { deviceName } from '../../../core/src/pairing/deviceName';
import type { GatewayController } from '../gatewayController';
import { localStateDir } from '../stateDir';
import { describeCommandError } from './connectedGateway';

/** How often the gateway's lock is looked at while the user stops or starts it (a file stat; the lock is the signal). */
const LOCK_POLL_MS = 500;

/** The flow, ready to run: true when the scopes were written and the gateway is back; `afterwards` then runs (else the stuck request is approved where this editor can). */
export type LoopBreaker = (args: BreakLoopArgs, afterwards?: () => Promise<void>) => Promise<boolean>;

export function loopBreaker(gateway: GatewayController, languageClient: () => LanguageClient | undefined, output: vscode.LogOutputChannel): LoopBreaker {
	return async (args, afterwards) => {
		try {
			return await breakLoop(gateway, languageClient, output, args, afterwards);
		} catch (error) {
			const message = describeCommandError(error, 'break the loop');
			output.warn(`break the loop: ${message}`);
			void vscode.window.showErrorMessage(message);
			return false;
		}
	};
}

export function registerBreakLoopCommand(run: LoopBreaker): vscode.Disposable {
	return vscode.commands.registerCommand('openclawPairing.breakLoop', (arg?: unknown) => {
		const args = parseBreakLoopArgs(arg);
		// From the palette: the doctor finds whether there is a loop, and whose record gets which scopes.
		return args ? run(args) : vscode.commands.executeCommand('openclawPairing.doctor');
	});
}

async function breakLoop(
	gateway: GatewayController,
	languageClient: () => LanguageClient | undefined,
	output: vscode.LogOutputChannel,
	args: BreakLoopArgs,
	afterwards?: () => Promise<void>,
): Promise<boolean> {
	const stateDir = localStateDir();
	const file = path.join(stateDir, pairingFileRelativePath('paired'));
	if (!fs.existsSync(file)) {
		void vscode.window.showErrorMessage(
			`${file} does not exist. The loop is broken in the gateway host's paired.json (OpenClaw 2026.7.35 and older): run this where the gateway keeps its state (for a VPS, in a Remote-SSH window), or set openclawPairing.stateDir.`,
		);
		return false;
	}
	const request = args.requestId ? gateway.snapshot?.pending.find((p) => p.requestId === args.requestId) : undefined;
	const record = gateway.snapshot?.paired.find((d) => d.deviceId === args.deviceId);
	const name = deviceName(record ?? { deviceId: args.deviceId });
	const ours = args.deviceId === gateway.ownDeviceId;
	const plan = breakLoopPlan({ args, name, pairedFile: file, ownRequest: request?.deviceId === args.deviceId, ours });
	const start = 'Start';
	if ((await vscode.window.showWarningMessage(plan.title, { modal: true, detail: plan.steps.join('\n') }, start)) !== start) return false;
	output.info(`break the loop: ${plan.title} (${file})`);

	const running = () => findGatewayOnStateDir(stateDir) !== undefined || gateway.state.kind === 'connected';
	if (!(await waitUntil(plan.stopping, gateway, () => !running()))) return false;
	output.info('break the loop: the gateway stopped');

	const edit = await grantEdit(languageClient(), file, args);
	const apply = 'Apply and Save';
	const choice = await vscode.window.showWarningMessage(
		`Break the loop (2/3): ${edit.title}?`,
		{ modal: true, detail: `In ${file}, for ${name} (${args.deviceId}). The file is saved at once, while the gateway is stopped.` },
		apply,
	);
	if (choice !== apply) return false;
	if (running()) throw new Error('the gateway started again before the edit was saved: nothing was written. Stop it and run the fix again.');
	const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
	if (!(await vscode.workspace.applyEdit(edit.edit)) || !(await document.save())) throw new Error(`could not write ${file}`);
	await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
	output.info(`break the loop: ${edit.title} in ${file}, saved`);

	// The lock appears when the gateway starts: connect then rather than at the end of a reconnect backoff.
	const back = await waitUntil(
		plan.starting,
		gateway,
		() => gateway.state.kind === 'connected',
		() => findGatewayOnStateDir(stateDir) !== undefined,
	);
	if (!back) return false;
	output.info(`break the loop: the gateway is back; ${plan.afterwards}`);
	if (afterwards) await afterwards();
	else if (ours && args.requestId && request?.deviceId !== args.deviceId) await vscode.commands.executeCommand('openclawPairing.approve', args.requestId);
	else void vscode.window.showInformationMessage(`Loop broken: ${name} holds ${args.scopes.join(', ')}. ${plan.afterwards}`);
	return true;
}

/**
 * The language server's missing-scope quick fix for this record, asked for directly: the rules flag a record only when
 * its client or the requiredScopes setting asks for the scope, so the diagnostic is given in the context as the rule
 * would report it (code, source and data as server/src/service/rules/missingScopes.ts writes them).
 */
async function grantEdit(client: LanguageClient | undefined, file: string, args: BreakLoopArgs): Promise<{ title: string; edit: vscode.WorkspaceEdit }> {
	if (!client?.isRunning()) throw new Error('the pairing-file language server is not running (see the "OpenClaw Pairing" output)');
	const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
	const at = { line: 0, character: 0 };
	const params = {
		textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
		range: { start: at, end: at },
		context: {
			only: ['quickfix'],
			diagnostics: [
				{
					range: { start: at, end: at },
					message: `missing ${args.scopes.join(', ')}`,
					code: 'missing-scope',
					source: 'openclaw-pairing',
					data: { path: [args.deviceId], recordKey: args.deviceId, missing: args.scopes },
				},
			],
		},
	};
	// The server answers for documents it has opened; the open above reaches it just before, so ask again briefly.
	for (let attempt = 0; attempt < 20; attempt++) {
		const answer = ((await client.sendRequest(CodeActionRequest.type, params)) ?? []).filter((a): a is CodeAction => !Command.is(a));
		let action = answer[0];
		if (action && !action.edit) action = await client.sendRequest(CodeActionResolveRequest.type, action);
		if (action?.edit) return { title: action.title, edit: await client.protocol2CodeConverter.asWorkspaceEdit(action.edit) };
		if (answer.length) break;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`the language server has no edit that gives "${args.deviceId}" ${args.scopes.join(', ')} in ${file}: is the device in that file?`);
}

/**
 * A cancellable progress until `done()`; `nudge()` (looked at on every poll) says when to rebuild the connection at once.
 * False when the user cancelled.
 */
function waitUntil(title: string, gateway: GatewayController, done: () => boolean, nudge?: () => boolean): Thenable<boolean> {
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, cancel) => {
		return new Promise<boolean>((resolve) => {
			let nudged = false;
			let finished = false;
			const finish = (value: boolean) => {
				if (finished) return;
				finished = true;
				clearInterval(timer);
				listener.dispose();
				cancelled.dispose();
				resolve(value);
			};
			const check = () => {
				if (done()) return finish(true);
				if (nudge && !nudged && nudge()) {
					nudged = true;
					void gateway.restart();
				}
			};
			const timer = setInterval(check, LOCK_POLL_MS);
			const listener = gateway.onDidChangeState(check);
			const cancelled = cancel.onCancellationRequested(() => finish(false));
			check();
		});
	});
}
