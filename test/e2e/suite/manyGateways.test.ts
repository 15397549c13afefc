import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { OpenClawPairingApi } from '../../../client/src/extension';
import type { FleetView } from '../../../client/src/gatewayFleet';
import { PendingTreeProvider } from '../../../client/src/views/pendingTree';
import { generateDeviceIdentity } from '../../../core/src/gateway';
import { stateDocumentUri } from '../../../core/src/openclaw/stateDocumentUri';
import { resolveGateways, tokenKeyFor } from '../../../core/src/pairing/gatewayProfiles';
import type { ConnectionState } from '../../../core/src/pairing/types';
import { FaultProxy, startFaultProxy } from '../../support/faultProxy';
import { RunningGateway, startGateway } from '../../support/gateway';
import { testDevices } from '../../support/testDevices';
import { connectedExtension } from '../support/connectedExtension';
import { GATEWAY_ENV } from '../support/gatewayEnv';
import { answerModal } from '../support/modalStub';
import { waitForGatewaySnapshot, waitForGatewayState } from '../support/vscodeWait';

// Two gateways in one real extension host: the runner's (the primary, "local") and a second REAL openclaw 2026.6.6
// of this test's own, "vps", reached through a recording proxy as a tunnel would be. Listed in the user setting
// openclawPairing.gateways, each connects with its own token (vps's is stored under its own SecretStorage key, as Set
// Gateway Token does), the Pending view shows one root row per gateway with that gateway's requests, an approval run
// from vps's row goes to vps and its modal says so, and no frame to vps ever carries the primary's token. Removing the
// setting puts the single gateway back. Modals are answered in-process (support/modalStub.ts).

const EXTENSION_ID = 'openclaw-pairing.openclaw-pairing';
const env = (key: string) => process.env[key] ?? '';

describe('many gateways: the runner gateway and a second real one, side by side', function () {
	this.timeout(180_000);
	let api: OpenClawPairingApi;
	let vps: RunningGateway;
	let proxy: FaultProxy;
	let vpsRequest = '';
	const config = () => vscode.workspace.getConfiguration('openclawPairing');
	// An Origin keeps 2026.6 from pairing a loopback device silently.
	const { requestPairing } = testDevices(() => vps, true);
	const localToken = env(GATEWAY_ENV.token);

	before(async function () {
		this.timeout(120_000);
		await connectedExtension(localToken);
		const extension = vscode.extensions.getExtension<OpenClawPairingApi>(EXTENSION_ID);
		assert.ok(extension);
		api = await extension.activate();
		vps = await startGateway({ version: '2026.6.6' });
		proxy = await startFaultProxy({ upstreamPort: vps.port });
		vpsRequest = await requestPairing(generateDeviceIdentity(), ['operator.read'], 'phone on the vps');
	});

	after(async () => {
		await config().update('gateways', undefined, vscode.ConfigurationTarget.Global);
		await api?.secrets?.delete(tokenKeyFor(proxy?.url ?? ''));
		await proxy?.close();
		await vps?.destroy();
	});

	const member = (name: string) => api.gateways.find((g) => g.name === name);
	const waitFor = async (name: string, accept: (s: ConnectionState) => boolean) => {
		for (let i = 0; i < 200 && !member(name); i++) await new Promise((r) => setTimeout(r, 50));
		const m = member(name);
		assert.ok(m, `gateway ${name} is listed (${api.gateways.map((g) => g.name).join(', ')})`);
		return waitForGatewayState(m.gateway, accept);
	};

	it('listed in the setting: vps has no token yet; once stored under its own key it connects and shows its own request', async () => {
		await config().update(
			'gateways',
			[
				{ name: 'local', url: env(GATEWAY_ENV.url) },
				{ name: 'vps', url: proxy.url },
			],
			vscode.ConfigurationTarget.Global,
		);
		await waitFor('vps', (s) => s.kind === 'noToken');
		await waitFor('local', (s) => s.kind === 'connected');
		assert.deepEqual(
			api.gateways.map((g) => g.name),
			['local', 'vps'],
		);
		assert.equal(proxy.count('connect'), 0, 'without its own token, nothing was sent to vps');
		// What Set Gateway Token stores for vps: the key of its URL, not the primary's.
		const [, vpsEntry] = resolveGateways(
			{
				profiles: [
					{ name: 'local', url: env(GATEWAY_ENV.url) },
					{ name: 'vps', url: proxy.url },
				],
				problems: [],
			},
			env(GATEWAY_ENV.url),
		);
		assert.equal(vpsEntry.tokenKey, tokenKeyFor(proxy.url));
		await api.secrets?.store(vpsEntry.tokenKey, vps.token);
		await waitFor('vps', (s) => s.kind === 'connected');
		const vpsView = member('vps')?.gateway;
		const localView = member('local')?.gateway;
		assert.ok(vpsView && localView);
		await waitForGatewaySnapshot(vpsView, (snap) => snap.pending.some((p) => p.requestId === vpsRequest));
		assert.ok(!(localView.snapshot?.pending ?? []).some((p) => p.requestId === vpsRequest), "the primary does not show vps's request");
	});

	it('the Pending view: one root row per gateway, each with its own requests', async () => {
		const fleet: FleetView = {
			members: api.gateways.map((g) => ({ entry: { name: g.name, url: g.url, tokenKey: '', implicit: false }, controller: g.gateway })),
			multiple: true,
			onDidChange: () => new vscode.Disposable(() => undefined),
		};
		const tree = new PendingTreeProvider(fleet);
		try {
			const roots = tree.getChildren();
			assert.deepEqual(
				roots.map((r) => tree.getTreeItem(r).label),
				['local', 'vps'],
			);
			const vpsRoot = roots[1];
			assert.match(String(tree.getTreeItem(vpsRoot).description), /pending/);
			const [devices] = tree.getChildren(vpsRoot);
			const rows = tree.getChildren(devices);
			assert.ok(
				rows.some((r) => r.type === 'device' && r.request.requestId === vpsRequest && r.gateway === 'vps'),
				'the request sits under vps',
			);
			const localDevices = tree.getChildren(roots[0])[0];
			assert.ok(!tree.getChildren(localDevices).some((r) => r.type === 'device' && r.request.requestId === vpsRequest));
		} finally {
			tree.dispose();
		}
	});

	it("approving from vps's row goes to vps, and the modal names it", async () => {
		const modal = answerModal('Approve');
		try {
			await vscode.commands.executeCommand('openclawPairing.approve', { request: { requestId: vpsRequest }, gateway: 'vps' });
		} finally {
			modal.restore();
		}
		assert.equal(modal.calls.length, 1);
		assert.match(modal.calls[0].message, /on vps\?$/);
		assert.equal(proxy.count('device.pair.approve', vpsRequest), 1, 'the approval went to vps');
		const vpsView = member('vps')?.gateway;
		assert.ok(vpsView);
		await waitForGatewaySnapshot(vpsView, (snap) => snap.paired.some((d) => d.displayName === 'phone on the vps'));
	});

	it("vps's pairing-state document holds vps's devices, and a fix offered on it goes to vps", async () => {
		const vpsView = member('vps')?.gateway;
		assert.ok(vpsView?.state.kind === 'connected');
		const uri = stateDocumentUri(proxy.url, 'paired', vpsView.state.serverVersion);
		const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
		assert.match(doc.getText(), /phone on the vps/);
		assert.doesNotMatch(doc.getText(), new RegExp(env(GATEWAY_ENV.pairedDeviceName)), "not the primary's devices");
		const phone = vpsView.snapshot?.paired.find((d) => d.displayName === 'phone on the vps');
		assert.ok(phone);
		const modal = answerModal('Remove');
		try {
			await vscode.commands.executeCommand('openclawPairing.fixThroughGateway', {
				action: 'removeDevice',
				deviceId: phone.deviceId,
				document: doc.uri.toString(),
			});
		} finally {
			modal.restore();
		}
		assert.equal(modal.calls.length, 1);
		assert.match(modal.calls[0].message, /on vps\?$/);
		assert.equal(proxy.count('device.pair.remove'), 1, 'the removal went to vps');
		await waitForGatewaySnapshot(vpsView, (snap) => !snap.paired.some((d) => d.deviceId === phone.deviceId));
	});

	it("on the wire to vps: its own token only, never the primary's", () => {
		const connects = proxy.requests.filter((r) => r.method === 'connect');
		assert.ok(connects.length >= 1);
		for (const c of connects) assert.equal((c.params as { auth?: { token?: string } }).auth?.token, vps.token);
		assert.ok(!JSON.stringify(proxy.requests).includes(localToken), "the primary's token never went to vps");
	});

	it('removing the setting puts the single gateway back', async () => {
		await config().update('gateways', undefined, vscode.ConfigurationTarget.Global);
		for (let i = 0; i < 200 && api.gateways.length !== 1; i++) await new Promise((r) => setTimeout(r, 50));
		assert.deepEqual(
			api.gateways.map((g) => g.name),
			['gateway'],
		);
		assert.ok(api.gateway);
		await waitForGatewayState(api.gateway, (s) => s.kind === 'connected');
		await waitForGatewaySnapshot(api.gateway, (snap) => snap.paired.length > 0);
		// vps's document stays vps's: it never shows the remaining gateway's devices.
		const vpsDoc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'openclaw-pairing-state' && d.uri.authority === new URL(proxy.url).host);
		assert.ok(vpsDoc);
		assert.doesNotMatch(vpsDoc.getText(), new RegExp(env(GATEWAY_ENV.pairedDeviceName)));
	});
});
