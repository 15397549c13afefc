import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

// A way for extension-host tests to answer an input box the extension shows (showInputBox, e.g. the password box of
// "Set Gateway Token"). The extension-host API cannot type into one, so a test hands the job to the workbench's
// driver: the code-server shim (support/extensionTests.ts) runs the test host under a headless Chromium that it drives
// with playwright. The test prints one line on the console (the shim receives extension-host console output through
// `codeAutomationLog`), the shim types into the real workbench, and writes what it saw as JSON to <bridge dir>/<id>.json.
// Nothing secret travels through here: the value to type is named by an environment variable of the shim, not sent.
// Modal dialogs cannot be answered this way: VS Code refuses to show them during extension tests (see modalStub.ts).

/** The line prefix the shim looks for. */
export const UI_BRIDGE_PREFIX = '[openclaw-e2e-ui] ';
/** Set by the shim in the extension host's environment: the directory the answers are written to. */
export const UI_BRIDGE_ENV = 'OPENCLAW_E2E_UI_BRIDGE';

/** Wait for the quick input box, type the value of the shim's environment variable `valueFromEnv`, press Enter. */
export type UiRequest = { action: 'inputBox'; valueFromEnv: string; expectTitle?: string };

export interface InputBoxSeen {
	/** The <input> type: "password" for a secret. */
	type: string;
	title: string;
	/** How many characters the box held after typing (the value itself never leaves the shim). */
	length: number;
}

export type UiReply = ({ ok: true } & InputBoxSeen) | { ok: false; error: string };

/** Whether this extension host runs under a driver that answers UI requests (the code-server shim does). */
export function uiBridgeAvailable(): boolean {
	return Boolean(process.env[UI_BRIDGE_ENV]);
}

/**
 * Ask the workbench's driver to fill an input box, and resolve with what it saw once it has pressed Enter. Start it
 * together with the command that shows the box: the driver waits for it to appear.
 */
export function answerUi(request: UiRequest, timeoutMs = 60_000): Promise<InputBoxSeen> {
	const dir = process.env[UI_BRIDGE_ENV];
	if (!dir) return Promise.reject(new Error(`${UI_BRIDGE_ENV} is not set: no workbench driver can answer UI in this extension host`));
	const id = crypto.randomBytes(6).toString('hex');
	const file = path.join(dir, `${id}.json`);
	console.log(`${UI_BRIDGE_PREFIX}${JSON.stringify({ id, ...request })}`);
	return new Promise((resolve, reject) => {
		const deadline = Date.now() + timeoutMs;
		const poll = () => {
			let text: string | undefined;
			try {
				text = fs.readFileSync(file, 'utf8');
			} catch {
				// not answered yet
			}
			if (text) {
				const reply = JSON.parse(text) as UiReply;
				if (reply.ok) resolve(reply);
				else reject(new Error(`the workbench driver could not fill the input box: ${reply.error}`));
				return;
			}
			if (Date.now() > deadline) {
				reject(new Error(`no answer from the workbench driver within ${timeoutMs / 1000} s for ${JSON.stringify(request)}`));
				return;
			}
			setTimeout(poll, 50);
		};
		poll();
	});
}
