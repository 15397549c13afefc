// `openclaw-pairing doctor` (dist/cli.js) as a process, for the real-gateway doctor suites: run it, read its --json
// report, run a fix whose command is our own CLI, and turn a refused connect into the line an openclaw client prints.
import assert from 'node:assert/strict';
import type { GatewayConnectError } from '../../core/src/gateway';
import type { Diagnosis } from '../../core/src/doctor/diagnosis';
import { AsyncRun, runCliAsync } from './cliRun';

export type Run = AsyncRun;
export interface Report {
	line: { kind: string; requestId?: string } | null;
	gateway: { scopes: string[]; via: string | null } | null;
	diagnoses: Diagnosis[];
}

export async function run(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
	const r = await runCliAsync(args, env, input);
	assert.doesNotMatch(`${r.stdout}${r.stderr}`, /^\s+at /m, 'never a stack trace');
	const token = env.OPENCLAW_GATEWAY_TOKEN;
	if (token) assert.ok(!`${r.stdout}${r.stderr}`.includes(token), 'the shared token is never printed');
	return r;
}

/** `doctor --json …`: exit 0 and its one diagnosis (the stderr line naming the config file is allowed). */
export async function diagnosis(env: NodeJS.ProcessEnv, args: string[], input?: string): Promise<Diagnosis> {
	const r = await run(['doctor', '--json', ...args], env, input);
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	const report = JSON.parse(r.stdout) as Report;
	assert.equal(report.diagnoses.length, 1, r.stdout);
	return report.diagnoses[0];
}

/** What an openclaw client prints for a refused connect: `gateway closed (<code>): <close reason>`. */
export function closeLine(error: GatewayConnectError | undefined): string {
	assert.ok(error?.close, `a refused connect, got ${String(error)}`);
	return `gateway closed (${error.close.code}): ${error.close.reason}`;
}

/** Run a fix whose cliCommand is our own CLI (`openclaw-pairing …`). */
export async function runOurFix(d: Diagnosis, env: NodeJS.ProcessEnv): Promise<Run> {
	const [bin, ...args] = d.fix.cliCommand.split(' ');
	assert.equal(bin, 'openclaw-pairing', d.fix.cliCommand);
	return run(args, env);
}
