import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DeviceIdentity, GatewayConnectError, GatewaySession, connectGateway, generateDeviceIdentity } from '../../../client/src/gateway';
import type { OpenClawPairingApi } from '../../../client/src/extension';
import type { GatewayView } from '../../../client/src/gatewayController';
import type { ConnectionState, PairingSnapshot } from '../../../client/src/pairing/types';
import { PairedTreeProvider } from '../../../client/src/views/pairedTree';
import { PendingTreeProvider } from '../../../client/src/views/pendingTree';
import { GATEWAY_ENV } from '../support/gatewayEnv';
import { filesContaining, waitForLogFile } from '../support/logFiles';
import { answerModal } from '../support/modalStub';
import { answerUi, uiBridgeAvailable } from '../support/uiBridge';
import { waitForGatewaySnapshot, waitForGatewayState } from '../support/vscodeWait';

// The extension against a REAL OpenClaw gateway, in a real extension host. runExtensionTests.ts started the gateway
// (2026.6.6) before code-server, paired one device on it and wrote its URL into the settings; the token reaches the
// extension only the way a user gives it: "Read Gateway Token from openclaw.json" and "Set Gateway Token".
// The input box is typed into in the real workbench by the code-shim's driver (support/uiBridge.ts). Modal dialogs
// cannot be: VS Code refuses to show any while it runs extension tests, so exactly that call is answered in-process
// (support/modalStub.ts) and everything around it runs for real; test/e2e/ui/gateway.test.ts clicks the real modal.

const EXTENSION_ID = 'openclaw-pairing.openclaw-pairing';
const TOKEN_KEY = 'openclawPairing.gatewayToken';
const OUR_SCOPES = ['operator.pairing', 'operator.read'];
const LAPTOP = 'e2e-laptop';

const env = (key: string) => process.env[key] ?? '';

describe('the live gateway in a real extension host', () => {
	let api: OpenClawPairingApi;
	let gateway: GatewayView;
	let secrets: vscode.SecretStorage;
	const url = env(GATEWAY_ENV.url);
	const token = env(GATEWAY_ENV.token);
	const sessions: GatewaySession[] = [];

	/** A test device's connect with the shared token; 2026.6 pairs loopback silently unless a browser Origin is sent. */
	const deviceConnect = (identity: DeviceIdentity, name: string) =>
		connectGateway({
			url,
			auth: { token },
			identity,
			role: 'operator',
			scopes: OUR_SCOPES,
			client: { id: 'gateway-client', mode: 'ui', version: '0.1.0-e2e', platform: 'linux', displayName: name },
			headers: { Origin: `http://127.0.0.1:${new URL(url).port}` },
		});

	before(async function () {
		if (!url || !token) {
			console.log(`# no gateway in ${GATEWAY_ENV.url}/${GATEWAY_ENV.token}: skipped (run through runExtensionTests.js)`);
			this.skip();
		}
		if (!uiBridgeAvailable()) {
			console.log('# no workbench driver to type into input boxes (desktop VS Code): skipped');
			this.skip();
		}
		const extension = vscode.extensions.getExtension<OpenClawPairingApi>(EXTENSION_ID);
		assert.ok(extension);
		api = await extension.activate();
		assert.ok(api.gateway, 'a trusted workspace gets the gateway controller');
		assert.ok(api.secrets, 'ExtensionMode.Test exposes the SecretStorage to its tests');
		gateway = api.gateway;
		secrets = api.secrets;
	});

	after(async () => {
		await Promise.all(sessions.map((s) => s.close()));
	});

	it('reads the gateway URL from the user-level settings, and without a token says so (noToken)', async () => {
		// A "machine" setting: code-server's window is remote, so it comes from the remote (Machine) settings; the
		// extension reads the user-level value (globalValue), never a workspace's.
		const inspected = vscode.workspace.getConfiguration('openclawPairing').inspect<string>('gateway.url');
		assert.equal(inspected?.globalValue, url, JSON.stringify(inspected));
		assert.equal(await secrets.get(TOKEN_KEY), undefined);
		await waitForGatewayState(gateway, (s: ConnectionState) => s.kind === 'noToken');
	});

	it('"Read Gateway Token from openclaw.json" asks first, then stores the token in SecretStorage and connects', async () => {
		const modal = answerModal('Use Token');
		try {
			await vscode.commands.executeCommand('openclawPairing.importToken');
		} finally {
			modal.restore();
		}
		assert.equal(modal.calls.length, 1);
		const [dialog] = modal.calls;
		assert.equal(dialog.kind, 'information');
		assert.equal(dialog.message, `Use the gateway token from ${process.env.OPENCLAW_CONFIG_PATH}?`);
		assert.match(dialog.detail ?? '', /copied into VS Code SecretStorage/);
		assert.deepEqual(dialog.buttons, ['Use Token']);
		assert.ok(!`${dialog.message}${dialog.detail}`.includes(token), 'the dialog does not show the token');
		assert.equal(await secrets.get(TOKEN_KEY), token);
		const connected = await waitForGatewayState(gateway, (s: ConnectionState) => s.kind === 'connected');
		assert.ok(connected.kind === 'connected');
		assert.equal(connected.serverVersion, env(GATEWAY_ENV.version));
		assert.deepEqual([...connected.scopes].sort(), OUR_SCOPES);
	});

	it('"Forget Gateway Token" disconnects; "Set Gateway Token" (a password input box) connects again', async () => {
		await vscode.commands.executeCommand('openclawPairing.clearToken');
		assert.equal(await secrets.get(TOKEN_KEY), undefined);
		await waitForGatewayState(gateway, (s: ConnectionState) => s.kind === 'noToken');

		const [input] = await Promise.all([
			answerUi({ action: 'inputBox', valueFromEnv: GATEWAY_ENV.token, expectTitle: 'OpenClaw gateway token' }),
			vscode.commands.executeCommand('openclawPairing.setToken'),
		]);
		assert.equal(input.type, 'password', 'the token is typed into a password field');
		assert.equal(input.length, token.length);
		assert.equal(await secrets.get(TOKEN_KEY), token);
		await waitForGatewayState(gateway, (s: ConnectionState) => s.kind === 'connected');
	});

	it('the Paired Devices tree lists the gateway\'s devices: the one paired before, and this editor', async () => {
		const phone = env(GATEWAY_ENV.pairedDeviceId);
		const snapshot = await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => s.paired.some((d) => d.deviceId === phone));
		const ownId = gateway.ownDeviceId;
		assert.ok(ownId, 'our own device identity is loaded');
		assert.ok(snapshot.paired.some((d) => d.deviceId === ownId), 'this editor is paired (silently, on loopback)');
		// The tree the view shows, from the same provider class, on the live controller.
		const tree = new PairedTreeProvider(gateway);
		const rows = tree.getChildren().map((node) => tree.getTreeItem(node));
		const labels = rows.map((r) => String(r.label));
		assert.ok(labels.includes(env(GATEWAY_ENV.pairedDeviceName)), JSON.stringify(labels));
		assert.ok(labels.some((l) => l.startsWith('VS Code (')), JSON.stringify(labels));
		assert.ok(rows.every((r) => r.contextValue === 'pairedDevice'));
	});

	let laptop: DeviceIdentity;
	let requestId: string;

	it('a new device\'s pairing request reaches the Pending tree by the gateway\'s event, without a refresh', async () => {
		// No pairing view is visible in this window, so the service does not poll: only an event can bring it.
		laptop = generateDeviceIdentity();
		const refused = await deviceConnect(laptop, LAPTOP).then(
			(s) => {
				sessions.push(s);
				return assert.fail('an unpaired browser-origin device must be refused');
			},
			(e: unknown) => e,
		);
		assert.ok(refused instanceof GatewayConnectError && refused.pairingRequired && refused.requestId, String(refused));
		requestId = refused.requestId;
		const snapshot = await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => s.pending.some((p) => p.requestId === requestId), 10_000);
		assert.equal(snapshot.pending.find((p) => p.requestId === requestId)?.deviceId, laptop.deviceId);
		const tree = new PendingTreeProvider(gateway);
		const [devices] = tree.getChildren();
		const rows = tree.getChildren(devices).map((node) => tree.getTreeItem(node));
		const row = rows.find((r) => r.label === LAPTOP);
		assert.ok(row, JSON.stringify(rows.map((r) => r.label)));
		assert.equal(row.contextValue, 'pendingDevice');
		assert.match(String(row.description), /^new pairing · operator/);
		const logs = env(GATEWAY_ENV.logsDir);
		await waitForLogFile(logs, /OpenClaw Pairing/, [`event device.pair.requested`, requestId]);
	});

	it('"Approve" asks in a modal naming the device and its scopes; answered "Approve", it pairs the device, which then connects', async () => {
		const modal = answerModal('Approve');
		try {
			// What the inline action of the Pending view passes: the tree element.
			await vscode.commands.executeCommand('openclawPairing.approve', { type: 'device', request: { requestId } });
		} finally {
			modal.restore();
		}
		assert.equal(modal.calls.length, 1, 'exactly one modal');
		const [dialog] = modal.calls;
		assert.equal(dialog.kind, 'warning');
		assert.equal(dialog.message, `Approve ${LAPTOP}?`);
		const detail = dialog.detail ?? '';
		assert.match(detail, new RegExp(`new pairing for "${LAPTOP}"`));
		assert.match(detail, /Role: operator/);
		assert.match(detail, /Scopes: operator\.pairing, operator\.read/);
		assert.match(detail, new RegExp(`Key fingerprint: ${laptop.deviceId.slice(0, 8)} `));
		assert.deepEqual(dialog.buttons, ['Approve']);

		const snapshot = await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => !s.pending.some((p) => p.requestId === requestId) && s.paired.some((d) => d.deviceId === laptop.deviceId));
		const approved = snapshot.paired.find((d) => d.deviceId === laptop.deviceId);
		assert.deepEqual([...(approved?.scopes ?? [])].sort(), OUR_SCOPES);

		const session = await deviceConnect(laptop, LAPTOP);
		sessions.push(session);
		assert.deepEqual([...session.hello.auth.scopes].sort(), OUR_SCOPES);
	});

	it('the token is in SecretStorage, and in no log file (the output channel\'s included), settings or state file', async () => {
		assert.equal(await secrets.get(TOKEN_KEY), token);
		const logs = env(GATEWAY_ENV.logsDir);
		// Wait for what must be in the channel's log (written asynchronously) before asserting what must not.
		const { files, text } = await waitForLogFile(logs, /OpenClaw Pairing/, [`connected to ${url}`, `approved ${requestId}`, '[trace] →']);
		assert.ok(files.length > 0);
		assert.ok(!text.includes(token), `the token is in ${files.join(', ')}`);
		// Nothing under the user-data dir (logs, settings, state) holds it in plain text: code-server keeps SecretStorage
		// in the browser, desktop VS Code encrypted.
		const userDataDir = path.dirname(logs);
		assert.ok(fs.existsSync(path.join(userDataDir, 'User', 'settings.json')));
		assert.deepEqual(filesContaining(userDataDir, token), [], 'files holding the token');
	});
});
