import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'openclaw-pairing.openclaw-pairing';

// The extension reads ~/.openclaw and talks to a loopback gateway, so it must run where the workspace is: on the VPS in
// a Remote-SSH or code-server window, not in the local UI. code-server (this suite's editor) is such a remote window:
// the workbench is a web page, the extension host runs on the server.
describe('where the extension runs (remote windows)', () => {
	it('declares extensionKind ["workspace"] in its manifest', () => {
		const extension = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(extension, `${EXTENSION_ID} is loaded`);
		assert.deepEqual((extension.packageJSON as { extensionKind?: unknown }).extensionKind, ['workspace']);
	});

	it('runs on the remote side, next to the state dir and a loopback gateway', function () {
		if (vscode.env.uiKind !== vscode.UIKind.Web) {
			// A desktop window (OPENCLAW_E2E_VSCODE=desktop) is local: nothing remote to assert there.
			this.skip();
		}
		// A web workbench has no Node extension host of its own: the one running this test is the remote one.
		assert.ok(vscode.env.remoteName, `a remote window has a remoteName (got ${String(vscode.env.remoteName)})`);
		const extension = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(extension);
		assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace, 'the extension runs in the workspace (remote) extension host');
		// ...which is this machine: the extension sees the server's home dir, where ~/.openclaw lives.
		assert.equal(extension.extensionUri.scheme, 'file');
		assert.ok(fs.existsSync(extension.extensionUri.fsPath), 'its files are on the extension host machine');
		assert.ok(fs.existsSync(os.homedir()));
	});

	it('its language client and server run in that same remote extension host', async () => {
		const extension = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(extension);
		const api = (await extension.activate()) as { languageClient?: () => { isRunning(): boolean } | undefined } | undefined;
		assert.equal(api?.languageClient?.()?.isRunning(), true, 'the language client (and so its server process) runs in this extension host');
	});
});
