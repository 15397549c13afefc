// The JSON era's way out when nobody paired can approve what is asked (the doctor's nobody-can-approve, the editor's own
// scope request): with the gateway stopped, give one operator device the scopes in devices/paired.json, then start the
// gateway again. What the guided flow (client/src/commands/breakLoopFlow.ts) shows, step by step, as pure data.
import { isRecord } from '../gateway/frames';

/** What the doctor's fix (fixes.ts breakLoopFix) hands the flow: whose record gets which scopes, and the request it unblocks. */
export interface BreakLoopArgs {
	deviceId: string;
	scopes: string[];
	requestId?: string;
}

/** The command's argument (from the doctor, a test, or nothing from the palette); undefined unless well-formed. */
export function parseBreakLoopArgs(arg: unknown): BreakLoopArgs | undefined {
	if (!isRecord(arg) || typeof arg.deviceId !== 'string' || !arg.deviceId) return undefined;
	if (!Array.isArray(arg.scopes) || arg.scopes.length === 0 || !arg.scopes.every((s) => typeof s === 'string' && s)) return undefined;
	const requestId = typeof arg.requestId === 'string' && arg.requestId ? arg.requestId : undefined;
	return { deviceId: arg.deviceId, scopes: [...new Set(arg.scopes as string[])], ...(requestId ? { requestId } : {}) };
}

export interface BreakLoopPlanInput {
	args: BreakLoopArgs;
	/** The device's name for people (deviceName). */
	name: string;
	pairedFile: string;
	/** The request is the device's own (its scope upgrade): granting the scopes is the approval. */
	ownRequest: boolean;
	/** Whether it is this editor's own device: the editor then approves the request itself afterwards. */
	ours: boolean;
}

/** openclaw's own commands for its gateway service (`openclaw gateway --help`, 2026.6.6 and 2026.9.6); `run` is the foreground one. */
const STOP_COMMAND = 'openclaw gateway stop';
const START_COMMAND = 'openclaw gateway start';
const HOW_STOP = `${STOP_COMMAND} (a service), or Ctrl+C where openclaw gateway run runs`;
const HOW_START = `${START_COMMAND} (a service), or openclaw gateway run`;

export interface BreakLoopPlan {
	title: string;
	steps: string[];
	stopping: string;
	starting: string;
	/** What is left to do once the gateway is back, in words (the flow acts on it where it can). */
	afterwards: string;
}

export function breakLoopPlan(p: BreakLoopPlanInput): BreakLoopPlan {
	const scopes = p.args.scopes.join(', ');
	const request = p.args.requestId ? `request ${p.args.requestId}` : 'the request';
	const afterwards = p.ownRequest
		? `${p.name} connects with ${scopes} from then on: the grant is the approval of ${request}.`
		: p.ours
			? `This editor then approves ${request} (you confirm it).`
			: `Then approve ${request} with ${p.name}: openclaw devices approve ${p.args.requestId ?? '<requestId>'}.`;
	return {
		title: `Break the pairing loop: give ${p.name} ${scopes}?`,
		steps: [
			`Nobody paired with this gateway holds ${scopes}, so nobody can approve ${request}. On this release the way out is an edit of ${p.pairedFile} while the gateway is stopped:`,
			`1. Stop the gateway: ${HOW_STOP}. The editor waits for it.`,
			`2. The editor adds ${scopes} to ${p.name}'s scopes, approvedScopes and operator token in paired.json (the language server's quick fix; you confirm the edit) and saves it.`,
			`3. Start the gateway again: ${HOW_START}. The editor reconnects.`,
			`4. ${afterwards}`,
		],
		stopping: `Break the loop (1/3): stop the OpenClaw gateway: ${HOW_STOP}`,
		starting: `Break the loop (3/3): start the OpenClaw gateway again: ${HOW_START}`,
		afterwards,
	};
}
