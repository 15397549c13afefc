import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { GatewaySession, generateDeviceIdentity } from '../../../core/src/gateway';
import type { OpenClawPairingApi } from '../../../client/src/extension';
import type { GatewayView } from '../../../client/src/gatewayController';
import type { ConnectionState, PairingSnapshot } from '../../../core/src/pairing/types';
import { RunningGateway, startGateway } from '../../support/gateway';
import { testDevices } from '../../support/testDevices';
import { answerModal } from '../support/modalStub';
import { waitForGatewaySnapshot, waitForGatewayState } from '../support/vscodeWait';
import { PointedAtOwnGateway } from '../support/ownGateway';

// The loop the project exists for, broken in a real extension host against a REAL openclaw 2026.6.6 of its own (it is
// stopped and started by the test, as the user does): the editor is a paired device with operator.pairing only, a
// node asks to pair, and approving it needs operator.admin, which nobody paired holds. Approve → ask for the scope →
// "nobody can approve" → Break the Loop: the flow waits for the gateway to stop, writes the language server's fix to
// paired.json, waits for it to start, and approves the node, which then connects. Modals are answered in-process
// (support/modalStub.ts: VS Code refuses to show them in extension tests); everything else is real. It runs last of
// the suite (file order) and puts the settings and the token back.

const EXTENSION_ID = 'openclaw-pairing.openclaw-pairing';
const FILE_TIMEOUT_MS = 60_000;

/** Resolves once `accept(text)` holds for the file's text (it is written once, by the flow's save). */
async function waitForFile(file: string, accept: (text: string) => boolean): Promise<string> {
	const deadline = Date.now() + FILE_TIMEOUT_MS;
	for (;;) {
		const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
		if (accept(text)) return text;
		if (Date.now() > deadline) throw new Error(`${file} not as expected within ${FILE_TIMEOUT_MS / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe('a stuck node on a JSON-era gateway, unstuck from the editor', function () {
	this.timeout(240_000);
	let gw: RunningGateway;
	let gateway: GatewayView;
	let secrets: vscode.SecretStorage;
	let pointed: PointedAtOwnGateway | undefined;
	const sessions: GatewaySession[] = [];
	// With a browser Origin: 2026.6 would pair a loopback node silently otherwise (the editor itself was, with none).
	const { tryConnect, connectDevice } = testDevices(() => gw, true);

	before(async function () {
		this.timeout(180_000);
		const extension = vscode.extensions.getExtension<OpenClawPairingApi>(EXTENSION_ID);
		assert.ok(extension);
		const api = await extension.activate();
		assert.ok(api.gateway && api.secrets, 'a trusted workspace in ExtensionMode.Test');
		gateway = api.gateway;
		secrets = api.secrets;
		gw = await startGateway({ version: '2026.6.6' });
		pointed = new PointedAtOwnGateway(secrets);
		// A device login, as a remote user has (on loopback the default would log in with the shared token and hold admin).
		await pointed.apply({ 'gateway.loginAs': 'device', stateDir: gw.stateDir, 'gateway.url': gw.url }, gw.token);
		await waitForGatewayState(gateway, (s: ConnectionState) => s.kind === 'connected' && s.via === 'device' && s.serverVersion === gw.version, 60_000);
	});

	after(async function () {
		this.timeout(60_000);
		for (const s of sessions) await s.close();
		await pointed?.restore();
		await gw?.destroy();
	});

	it('approve the node → nobody can approve → Break the Loop: stop, paired.json fixed, start → the node is approved and connects', async () => {
		const own = gateway.ownDeviceId;
		assert.ok(own, "the editor's device identity is loaded");
		assert.equal((gateway.state as Extract<ConnectionState, { kind: 'connected' }>).scopes.includes('operator.admin'), false);
		const node = generateDeviceIdentity();
		const requestId = (await tryConnect(node, [], 'stuck pixel', 'node')).error?.requestId;
		assert.ok(requestId, 'the node is asked to wait for approval');
		await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => s.pending.some((p) => p.requestId === requestId));

		const modal = answerModal(['Approve', 'Ask for operator.admin', 'Break the Loop…', 'Start', 'Apply and Save']);
		const pairedFile = path.join(gw.stateDir, 'devices', 'paired.json');
		try {
			const approving = vscode.commands.executeCommand('openclawPairing.approve', requestId);
			const nobody = await modal.next((c) => c.buttons.includes('Break the Loop…'));
			assert.match(nobody.message, /^Nobody paired with this gateway holds operator\.admin, so no paired device can approve request /);
			const plan = await modal.next((c) => c.buttons.includes('Start'));
			assert.match(plan.detail ?? '', /devices\/paired\.json while the gateway is stopped/);
			// The flow waits on the gateway's lock and the connection: stop it as the user would.
			await gw.stop();
			const text = await waitForFile(pairedFile, (t) => (JSON.parse(t || '{}')[own]?.approvedScopes ?? []).includes('operator.admin'));
			const record = JSON.parse(text)[own];
			for (const list of [record.scopes, record.approvedScopes, record.tokens.operator.scopes]) assert.ok(list.includes('operator.admin'), text);
			const written = modal.calls.find((c) => c.buttons.includes('Apply and Save'));
			assert.match(written?.message ?? '', /^Break the loop \(2\/3\): Grant operator\.admin/);
			await gw.start();
			await approving;
		} finally {
			modal.restore();
		}
		// The node's request was approved by this editor, after the loop was broken: it connects as a node.
		assert.equal(modal.calls.filter((c) => c.buttons.includes('Approve')).length, 2, 'the approval, then the same approval once the loop is broken');
		await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => !s.pending.some((p) => p.requestId === requestId));
		const session = await connectDevice(node, [], 'stuck pixel', 'node');
		sessions.push(session);
		assert.equal(session.hello.auth.role, 'node');
	});
});
