// Named operator roles (gateway.roles, 2026.9.x) on a REAL openclaw 2026.9.6 with a "viewer" role that holds only
// operator.read + operator.pairing as the default for every user:
// - the shared-token login is the gateway owner, whom no role caps: our CLI approves a laptop that asks for admin;
// - that laptop's own device-token login is then refused with NOT_PAIRED + AUTH_VERIFIED_USER_REQUIRED and no request
//   is filed. Before, we read NOT_PAIRED as "waiting for approval", a wait that could never end; now it is an auth
//   failure and our doctor names gateway.roles and the owner login.
// The role ceiling itself ("requested scopes exceed your assigned operator role") needs a verified user (trusted proxy
// or Tailscale), which this loopback harness cannot make; unit tests cover its wording (test/unit/operatorRoleCap.test.ts).
// Build first: node scripts/build.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectGateway, GatewayConnectError, generateDeviceIdentity, GatewaySession } from '../../core/src/gateway';
import { classifyConnectFailure } from '../../core/src/pairing/connectFailure';
import { gatewayHostEnv, runCliAsync } from '../support/cliRun';
import { closeLine, diagnosis } from '../support/doctorCli';
import { RunningGateway, startGateway } from '../support/gateway';
import { testDevices } from '../support/testDevices';

const VIEWER = { sessions: { others: 'none' }, agents: '*', scopes: ['operator.read', 'operator.pairing'] };
const ASKED = ['operator.read', 'operator.pairing', 'operator.admin'];

describe('gateway.roles on a real openclaw 2026.9.6', () => {
	let gw: RunningGateway;
	let admin: GatewaySession;
	let env: NodeJS.ProcessEnv;
	let tmp: string;
	let deviceToken = '';
	const laptop = generateDeviceIdentity();
	const { connectAdmin, requestPairing, client } = testDevices(() => gw, false);

	before(
		async () => {
			tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'operator-roles-'));
			gw = await startGateway({
				version: '2026.9.6',
				autoApproveLocal: false,
				gatewayExtra: { roles: { default: 'viewer', definitions: { viewer: VIEWER } } },
			});
			admin = await connectAdmin();
			env = gatewayHostEnv(tmp, gw);
		},
		{ timeout: 180_000 },
	);

	after(async () => {
		await admin?.close();
		await gw?.destroy();
		if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	});

	test('the shared-token login is the owner, whom no role caps: our CLI approves a laptop asking for operator.admin', async () => {
		const requestId = await requestPairing(laptop, ASKED, 'roles laptop');
		const run = await runCliAsync(['approve', requestId], env);
		assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
		const first = await connectGateway({
			url: gw.url,
			auth: { token: gw.token },
			identity: laptop,
			role: 'operator',
			scopes: ASKED,
			client: client('roles laptop'),
		});
		assert.deepEqual([...first.hello.auth.scopes].sort(), [...ASKED].sort(), 'the owner-approved device holds admin on a shared-token login');
		deviceToken = first.hello.auth.deviceToken ?? '';
		await first.close();
		assert.ok(deviceToken, 'the gateway issued a device token');
	});

	test('a device-token login is refused with no request filed: an auth failure, and the doctor names gateway.roles', async () => {
		assert.ok(deviceToken, 'needs the approval above');
		const pendingBefore = ((await admin.request('device.pair.list', {})) as { pending: unknown[] }).pending.length;
		const refused = await connectGateway({
			url: gw.url,
			auth: { deviceToken },
			identity: laptop,
			role: 'operator',
			scopes: ASKED,
			client: client('roles laptop'),
		}).then(
			async (s) => {
				await s.close();
				return assert.fail('a device-token login must be refused while gateway.roles is set');
			},
			(e: unknown) => e,
		);
		assert.ok(refused instanceof GatewayConnectError, String(refused));
		assert.equal(refused.code, 'NOT_PAIRED', 'the gateway words it as NOT_PAIRED');
		assert.equal(refused.detailCode, 'AUTH_VERIFIED_USER_REQUIRED');
		assert.equal(refused.pairingRequired, false, 'not a pairing request: nobody can approve it');
		const failure = classifyConnectFailure(refused);
		assert.equal(failure.kind, 'authFailed');
		assert.equal(failure.kind === 'authFailed' && failure.code, 'AUTH_VERIFIED_USER_REQUIRED');
		const pendingAfter = ((await admin.request('device.pair.list', {})) as { pending: unknown[] }).pending.length;
		assert.equal(pendingAfter, pendingBefore, 'no pairing request was filed');

		// What the device shows (the close line, cut at 120 bytes by the gateway), pasted into our doctor.
		const d = await diagnosis(env, [closeLine(refused)]);
		assert.equal(d.reason, 'verified-user-required', JSON.stringify(d));
		assert.match(d.summary, /gateway\.roles/);
		assert.equal(d.fix.vscodeCommand?.command, 'openclawPairing.setToken');
	});
});
