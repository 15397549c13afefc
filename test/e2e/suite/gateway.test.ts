import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DeviceIdentity, GatewaySession, connectGateway, generateDeviceIdentity } from '../../../core/src/gateway';
import type { OpenClawPairingApi } from '../../../client/src/extension';
import type { GatewayView } from '../../../client/src/gatewayController';
import type { ConnectionState, PairingSnapshot } from '../../../core/src/pairing/types';
import { PairedTreeProvider } from '../../../client/src/views/pairedTree';
import { PendingTreeProvider } from '../../../client/src/views/pendingTree';
import { fleetOf } from '../../../client/src/gatewayFleet';
import { PendingRequestCodeLens } from '../../../client/src/pendingCodeLens';
import { statusLook } from '../../../client/src/statusBar';
import { writeFigures } from '../../support/figures';
import { expectPairingRequest } from '../../support/pairingRefusal';
import { leaks, secretPieces, WINDOW } from '../../support/secretPieces';
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

/** The base64 body of a PEM key: what a leak of the key would contain. */
const keyBody = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');

/** The first file called name below dir. */
function findFile(dir: string, name: string): string | undefined {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isFile() && entry.name === name) return full;
		if (entry.isDirectory()) {
			const found = findFile(full, name);
			if (found) return found;
		}
	}
	return undefined;
}

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

	it("the Paired Devices tree lists the gateway's devices: the one paired before, and this editor", async () => {
		const phone = env(GATEWAY_ENV.pairedDeviceId);
		const snapshot = await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => s.paired.some((d) => d.deviceId === phone));
		const ownId = gateway.ownDeviceId;
		assert.ok(ownId, 'our own device identity is loaded');
		assert.ok(
			snapshot.paired.some((d) => d.deviceId === ownId),
			'this editor is paired (silently, on loopback)',
		);
		// The tree the view shows, from the same provider class, on the live controller.
		const tree = new PairedTreeProvider(fleetOf(gateway));
		const rows = tree.getChildren().map((node) => tree.getTreeItem(node));
		tree.dispose();
		const labels = rows.map((r) => String(r.label));
		assert.ok(labels.includes(env(GATEWAY_ENV.pairedDeviceName)), JSON.stringify(labels));
		assert.ok(
			labels.some((l) => l.startsWith('VS Code (')),
			JSON.stringify(labels),
		);
		assert.ok(rows.every((r) => r.contextValue === 'pairedDevice'));
	});

	let laptop: DeviceIdentity;
	let requestId: string;
	/** What the modals showed (message and detail), for the secrets search at the end. */
	const shownInModals: string[] = [];

	it("a new device's pairing request reaches the Pending tree by the gateway's event, without a refresh", async () => {
		// No pairing view is visible in this window, so the service does not poll: only an event can bring it.
		laptop = generateDeviceIdentity();
		requestId = (await expectPairingRequest(deviceConnect(laptop, LAPTOP), 'an unpaired browser-origin device must be refused')).requestId;
		const snapshot = await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => s.pending.some((p) => p.requestId === requestId), 10_000);
		assert.equal(snapshot.pending.find((p) => p.requestId === requestId)?.deviceId, laptop.deviceId);
		const tree = new PendingTreeProvider(fleetOf(gateway));
		const [devices] = tree.getChildren();
		const rows = tree.getChildren(devices).map((node) => tree.getTreeItem(node));
		tree.dispose();
		const row = rows.find((r) => r.label === LAPTOP);
		assert.ok(row, JSON.stringify(rows.map((r) => r.label)));
		assert.equal(row.contextValue, 'pendingDevice');
		assert.match(String(row.description), /^new operator · /);
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
		shownInModals.push(`${dialog.message}\n${dialog.detail ?? ''}`);
		assert.equal(dialog.kind, 'warning');
		assert.equal(dialog.message, `Approve ${LAPTOP}?`);
		const detail = dialog.detail ?? '';
		assert.match(detail, new RegExp(`new pairing for "${LAPTOP}"`));
		assert.match(detail, /Role: operator/);
		assert.match(detail, /Scopes: operator\.pairing, operator\.read/);
		assert.match(detail, new RegExp(`Key fingerprint: ${laptop.deviceId.slice(0, 8)} `));
		assert.deepEqual(dialog.buttons, ['Approve']);

		const snapshot = await waitForGatewaySnapshot(
			gateway,
			(s: PairingSnapshot) => !s.pending.some((p) => p.requestId === requestId) && s.paired.some((d) => d.deviceId === laptop.deviceId),
		);
		const approved = snapshot.paired.find((d) => d.deviceId === laptop.deviceId);
		assert.deepEqual([...(approved?.scopes ?? [])].sort(), OUR_SCOPES);

		const session = await deviceConnect(laptop, LAPTOP);
		sessions.push(session);
		assert.deepEqual([...session.hello.auth.scopes].sort(), OUR_SCOPES);
	});

	it("the token is in SecretStorage, and in no log file (the output channel's included), settings or state file", async () => {
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
	it('no secret in anything the extension shows: tree items, tooltips, CodeLens, status bar, modals, log files', async () => {
		// One more device waiting, so the Pending tree and the CodeLens in pending.json have something to show.
		const tablet = generateDeviceIdentity();
		const tabletRequest = (await expectPairingRequest(deviceConnect(tablet, 'e2e-tablet'), 'an unpaired browser-origin device must be refused')).requestId;
		await waitForGatewaySnapshot(gateway, (s: PairingSnapshot) => s.pending.some((p) => p.requestId === tabletRequest), 10_000);

		// The secrets: the shared token, every device token the real gateway issued (its paired.json), this editor's
		// private key (its identity file under the user-data dir) and the test devices' keys.
		const stateDir = env(GATEWAY_ENV.stateDir);
		const logs = env(GATEWAY_ENV.logsDir);
		const known: Record<string, string> = { sharedToken: token, laptopKey: keyBody(laptop.privateKeyPem), tabletKey: keyBody(tablet.privateKeyPem) };
		const paired = JSON.parse(fs.readFileSync(path.join(stateDir, 'devices', 'paired.json'), 'utf8')) as Record<
			string,
			{ tokens?: Record<string, { token?: string }> }
		>;
		for (const [deviceId, record] of Object.entries(paired)) {
			for (const [role, t] of Object.entries(record.tokens ?? {})) if (t.token) known[`deviceToken ${deviceId.slice(0, 8)}/${role}`] = t.token;
		}
		const identityFile = findFile(path.dirname(logs), 'device-identity.json');
		assert.ok(identityFile, "this editor's identity file is under the user-data dir");
		known.editorKey = keyBody((JSON.parse(fs.readFileSync(identityFile, 'utf8')) as { privateKeyPem: string }).privateKeyPem);
		assert.ok(
			Object.keys(known).filter((k) => k.startsWith('deviceToken')).length >= 3,
			`the gateway issued tokens to the phone, the laptop and this editor: ${Object.keys(known).join(', ')}`,
		);

		const places: { where: string; text: string }[] = [];
		const treeText = (item: vscode.TreeItem) =>
			[typeof item.label === 'string' ? item.label : item.label?.label, item.description, typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value]
				.filter((t) => typeof t === 'string')
				.join('\n');
		const walk = <T>(where: string, tree: vscode.TreeDataProvider<T>, nodes: readonly T[]) => {
			for (const node of nodes) {
				places.push({ where, text: treeText(tree.getTreeItem(node) as vscode.TreeItem) });
				walk(where, tree, (tree.getChildren(node) as T[] | undefined) ?? []);
			}
		};
		const pendingTree = new PendingTreeProvider(fleetOf(gateway));
		walk('Pending tree', pendingTree, pendingTree.getChildren());
		const pairedTree = new PairedTreeProvider(fleetOf(gateway));
		walk('Paired Devices tree', pairedTree, pairedTree.getChildren());
		pendingTree.dispose();
		pairedTree.dispose();
		const lensProvider = new PendingRequestCodeLens(gateway);
		for (const file of ['pending.json', 'paired.json']) {
			const doc = await vscode.workspace.openTextDocument(path.join(stateDir, 'devices', file));
			for (const lens of lensProvider.provideCodeLenses(doc))
				places.push({ where: `CodeLens in ${file}`, text: `${lens.command?.title}\n${lens.command?.tooltip ?? ''}` });
		}
		lensProvider.dispose();
		assert.ok(
			places.some((p) => p.where === 'CodeLens in pending.json'),
			'pending.json got its Approve / Reject lenses',
		);
		const look = statusLook(gateway.state, gateway.snapshot?.pending.length ?? 0);
		places.push({ where: 'status bar', text: `${look.text}\n${look.tooltip}` });
		for (const text of shownInModals) places.push({ where: 'modal', text });
		const { files, text } = await waitForLogFile(logs, /OpenClaw Pairing/, ['event device.pair.requested', tabletRequest]);
		places.push({ where: `log ${files.join(', ')}`, text });
		assert.ok(places.some((p) => p.text.includes('e2e-tablet')) && places.some((p) => p.where === 'modal'), 'the places searched hold what the user saw');

		const pieces = secretPieces(known);
		const hits = leaks(places, pieces);
		writeFigures('e2e-secrets-ui.json', {
			gateway: env(GATEWAY_ENV.version),
			secretsKnown: Object.keys(known).length,
			piecesSearched: pieces.length,
			windowChars: WINDOW,
			placesSearched: places.length,
			charsSearched: places.reduce((n, p) => n + p.text.length, 0),
			places: Object.fromEntries(
				[...new Set(places.map((p) => p.where.replace(/ .*\.log.*$/, '')))].map((w) => [w, places.filter((p) => p.where.startsWith(w)).length]),
			),
			hits: hits.length,
		});
		assert.deepEqual(hits, []);
	});
});
