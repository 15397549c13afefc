// OpenClaw: Why Is This Device Not Connecting? — the doctor in the editor: a pasted line (input box) or a picked
// request / device (quick pick), diagnosed by core/src/doctor against this window's live gateway view and the state
// dir's files; the reason in a modal whose button runs the fix, everything in the output channel.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Diagnosis, DoctorContext, DoctorSubject } from '../../../core/src/doctor/diagnosis';
import { diagnose, needsLiveLists } from '../../../core/src/doctor/diagnose';
import { recogniseLine } from '../../../core/src/doctor/recognise';
import { collectStateFacts } from '../../../core/src/doctor/stateFacts';
import { deviceName } from '../../../core/src/pairing/deviceName';
import { describeState } from '../../../core/src/pairing/pairingService';
import { localStateDir } from '../stateDir';
import type { GatewayController } from '../gatewayController';

type Pick = vscode.QuickPickItem & { subject?: DoctorSubject | 'paste' };

/**
 * `arg`: a line (from the API or a test), else the user pastes one or picks a request or device. `pickGateway`: with
 * several gateways, which one's lists the diagnosis reads.
 */
export function registerDoctorCommand(pickGateway: () => Promise<GatewayController | undefined>, output: vscode.LogOutputChannel): vscode.Disposable {
	return vscode.commands.registerCommand('openclawPairing.doctor', async (arg?: unknown) => {
		const gateway = await pickGateway();
		if (!gateway) return;
		const subject = typeof arg === 'string' ? lineSubject(arg, output) : await askSubject(gateway, output);
		if (!subject) return;
		const ctx = context(gateway);
		if (!ctx.live && needsLiveLists(subject.line)) {
			void vscode.window
				.showErrorMessage(`The doctor needs the gateway's lists: ${ctx.notLive ?? 'not connected'}.`, 'Show Logs')
				.then((c) => c && output.show());
			return;
		}
		const diagnoses = diagnose(subject, ctx);
		for (const d of diagnoses) log(output, d);
		if (diagnoses.length === 0) {
			void vscode.window.showInformationMessage('Nothing wrong found: it is paired, its tokens are active and nothing of it is pending.');
			return;
		}
		const chosen = diagnoses.length === 1 ? diagnoses[0] : await chooseDiagnosis(diagnoses);
		if (chosen) await show(chosen, output);
	});
}

/** The pasted line read; "not recognised" says so, with what the doctor knows in the log (never a guess). */
function lineSubject(text: string, output: vscode.LogOutputChannel): DoctorSubject | undefined {
	const reading = recogniseLine(text);
	if (reading.recognised) {
		output.info(`doctor: recognised ${reading.kind}${reading.pairingReason ? ` (${reading.pairingReason})` : ''}`);
		return { line: reading };
	}
	output.info(
		`doctor: ${reading.why === 'empty' ? 'empty line' : 'line not recognised'}; the lines it knows:\n${reading.known.map((k) => `  ${k}`).join('\n')}`,
	);
	void vscode.window
		.showWarningMessage(
			reading.why === 'empty' ? 'The line is empty.' : 'Not recognised: the doctor does not know this line (it does not guess).',
			'Show Known Lines',
		)
		.then((c) => c && output.show());
	return undefined;
}

async function askSubject(gateway: GatewayController, output: vscode.LogOutputChannel): Promise<DoctorSubject | undefined> {
	const items: Pick[] = [{ label: '$(clippy) Paste the error line…', description: 'what the device or client shows', subject: 'paste' }];
	const state = gateway.state;
	if (state.kind === 'authFailed') {
		// Our own refusal, in the gateway's words: offered when the doctor knows them.
		const reading = recogniseLine(`${state.code ?? ''} ${state.message}`);
		if (reading.recognised) items.push({ label: '$(error) This editor', description: state.message, subject: { line: reading } });
	}
	if (state.kind === 'awaitingPairing' && state.requestId)
		items.push({ label: '$(watch) This editor', description: 'waits for approval', subject: { requestId: state.requestId } });
	const snapshot = gateway.state.kind === 'connected' ? gateway.snapshot : undefined;
	for (const p of snapshot?.pending ?? [])
		items.push({ label: `$(bell-dot) ${deviceName(p)}`, description: `pending request ${p.requestId}`, subject: { requestId: p.requestId } });
	for (const n of snapshot?.nodes ?? [])
		items.push({ label: `$(server) ${deviceName(n)}`, description: `node request ${n.requestId}`, subject: { requestId: n.requestId } });
	for (const d of snapshot?.paired ?? [])
		items.push({ label: `$(device-desktop) ${deviceName(d)}`, description: `paired ${d.deviceId.slice(0, 12)}…`, subject: { deviceId: d.deviceId } });
	const picked =
		items.length === 1
			? items[0]
			: await vscode.window.showQuickPick(items, {
					title: 'Why is this device not connecting?',
					placeHolder: 'Paste its error line, or pick a request or device',
				});
	if (!picked?.subject) return undefined;
	if (picked.subject !== 'paste') return picked.subject;
	const text = await vscode.window.showInputBox({
		title: 'Why is this device not connecting?',
		prompt: 'Paste the error line the device or client shows',
		placeHolder: 'e.g. Disconnected (1008): pairing required',
		ignoreFocusOut: true,
	});
	return text === undefined ? undefined : lineSubject(text, output);
}

function context(gateway: GatewayController): DoctorContext {
	const ctx: DoctorContext = {};
	const state = gateway.state;
	const snapshot = gateway.snapshot;
	if (state.kind === 'connected' && snapshot) {
		ctx.live = {
			snapshot,
			own: { scopes: state.scopes, via: state.via, ...(state.via === 'device' && gateway.ownDeviceId ? { deviceId: gateway.ownDeviceId } : {}) },
			...(state.serverVersion ? { serverVersion: state.serverVersion } : {}),
			url: gateway.gateway.url,
		};
	} else {
		ctx.notLive = describeState(state);
	}
	const dir = localStateDir();
	if (fs.existsSync(dir)) ctx.state = collectStateFacts(dir, { exists: (f) => fs.existsSync(f), readText: readSmall });
	return ctx;
}

function readSmall(file: string, maxBytes: number): string | undefined {
	try {
		return fs.statSync(file).size <= maxBytes ? fs.readFileSync(file, 'utf8') : undefined;
	} catch {
		return undefined;
	}
}

async function chooseDiagnosis(diagnoses: Diagnosis[]): Promise<Diagnosis | undefined> {
	const picked = await vscode.window.showQuickPick(
		diagnoses.map((d) => ({ label: d.summary, description: d.reason, d })),
		{ title: `${diagnoses.length} things wait here`, placeHolder: 'Pick one to see its fix' },
	);
	return picked?.d;
}

async function show(d: Diagnosis, output: vscode.LogOutputChannel): Promise<void> {
	const run = d.fix.vscodeCommand ? (d.fix.title.length <= 60 ? d.fix.title : 'Run the Fix') : undefined;
	const copy = 'Copy Command';
	const detail = [...d.details, '', `Fix: ${d.fix.title}`, d.fix.cliCommand].join('\n');
	const choice = await vscode.window.showWarningMessage(d.summary, { modal: true, detail }, ...(run ? [run] : []), copy);
	if (choice === copy) {
		await vscode.env.clipboard.writeText(d.fix.cliCommand);
		void vscode.window.showInformationMessage('Copied the fix command.');
	} else if (choice && choice === run && d.fix.vscodeCommand) {
		output.info(`doctor: running ${d.fix.vscodeCommand.command}`);
		try {
			await vscode.commands.executeCommand(d.fix.vscodeCommand.command, ...d.fix.vscodeCommand.args);
		} catch (error) {
			output.warn(`doctor: ${d.fix.vscodeCommand.command} failed: ${error instanceof Error ? error.message : String(error)}`);
			void vscode.window.showErrorMessage(`The fix did not run (${d.fix.vscodeCommand.command}). Its steps: ${d.fix.cliCommand}`);
		}
	}
}

function log(output: vscode.LogOutputChannel, d: Diagnosis): void {
	output.info(`doctor: ${d.reason}: ${d.summary}\n${d.details.map((l) => `  ${l}`).join('\n')}\n  fix: ${d.fix.title}\n  ${d.fix.cliCommand}`);
}
