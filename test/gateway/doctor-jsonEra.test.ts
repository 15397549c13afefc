// `openclaw-pairing doctor` against a REAL openclaw 2026.6.6 (the JSON era): the loop the project exists for (the
// openclaw CLI cannot approve a node and strands its own scope upgrade) diagnosed and broken with the paired.json edit
// the doctor names, a restored paired.json record, and a line from another gateway. Build first: node scripts/build.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectGateway, GatewaySession, generateDeviceIdentity } from '../../core/src/gateway';
import { CLI, gatewayHostEnv } from '../support/cliRun';
import { closeLine, diagnosis, run, runOurFix } from '../support/doctorCli';
import { RunningGateway, startGateway } from '../support/gateway';
import { testDevices } from '../support/testDevices';

/** A real 2026.9.6 refusal (/work/shared/openclaw/captures/2026.9.6-autoApproveLocal-false/frames.jsonl): its request was never on this gateway. */
const LINE_FROM_ANOTHER_GATEWAY = 'gateway closed (1008): pairing required: device is not approved yet (requestId: 0185cec4-ed01-456b-a446-544ef4384126)';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('doctor on openclaw 2026.6.6 (JSON era)', () => {
	let gw: RunningGateway;
	let admin: GatewaySession;
	let tmp: string;
	let env: NodeJS.ProcessEnv;
	const sessions: GatewaySession[] = [];
	const { connectDevice, tryConnect, client } = testDevices(() => gw, true);
	const pairedFile = () => path.join(gw.stateDir, 'devices', 'paired.json');
	type PairedJson = Record<
		string,
		{ clientId?: string; publicKey: string; scopes: string[]; approvedScopes: string[]; tokens: Record<string, { scopes: string[] }> }
	>;
	const readPaired = () => JSON.parse(fs.readFileSync(pairedFile(), 'utf8')) as PairedJson;

	before(
		async () => {
			assert.ok(fs.existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first`);
			tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-66-'));
			gw = await startGateway({ version: '2026.6.6' });
			// Device-less gateway-client/backend keeps its scopes on 6.6 and pairs nothing (a paired admin would be an approver).
			admin = await connectGateway({
				url: gw.url,
				auth: { token: gw.token },
				identity: null,
				role: 'operator',
				scopes: ['operator.admin', 'operator.pairing', 'operator.read'],
				client: client('test admin', 'gateway-client', 'backend'),
			});
			env = gatewayHostEnv(tmp, gw, true);
		},
		{ timeout: 180_000 },
	);

	after(async () => {
		for (const s of sessions) await s.close();
		await admin?.close();
		await gw?.destroy();
		if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	});

	test(
		'the loop: openclaw devices approve <node> fails; the doctor says nobody can approve and the paired.json edit breaks it; the node connects',
		{ timeout: 120_000 },
		async () => {
			const node = generateDeviceIdentity();
			const nodeRequest = (await tryConnect(node, [], 'pixel node', 'node')).error?.requestId;
			assert.ok(nodeRequest);
			assert.equal((await gw.cli(['devices', 'list', '--json'])).code, 0);
			const loop = await gw.cli(['devices', 'approve', nodeRequest]);
			assert.notEqual(loop.code, 0);
			const pasted = `${loop.stdout}\n${loop.stderr}`;
			assert.match(pasted, /gateway closed \(1008\): pairing required: device is asking for more scopes than currently approved/);
			const cliDevice = Object.entries(readPaired()).find(([, d]) => d.clientId === 'cli')?.[0];
			assert.ok(cliDevice, 'the openclaw CLI paired itself');

			// On the gateway host our CLI logs in with the shared token: it can approve the stranded upgrade itself.
			const here = await diagnosis(env, [], pasted);
			assert.equal(here.reason, 'scope-upgrade-pending');
			assert.equal(here.deviceId, cliDevice);
			assert.equal(here.fix.cliCommand, `openclaw-pairing approve ${here.requestId}`);

			// As a device (what a remote user has): nobody paired holds operator.admin, so the doctor names the way out.
			const d = await diagnosis(env, ['--as-device'], pasted);
			assert.equal(d.reason, 'nobody-can-approve');
			assert.equal(d.requestId, here.requestId);
			assert.deepEqual(d.fix.vscodeCommand, {
				command: 'openclawPairing.breakLoop',
				args: [{ deviceId: cliDevice, requestId: here.requestId, scopes: ['operator.admin'] }],
			});
			assert.match(
				d.fix.cliCommand,
				new RegExp(
					`^stop the gateway; in ${escape(pairedFile())} add "operator.admin" to "${cliDevice}"\\.scopes, \\.approvedScopes and \\.tokens\\.operator\\.scopes; check it: `,
				),
			);

			// The fix, step by step as it says.
			await gw.stop();
			const paired = readPaired();
			const record = paired[cliDevice];
			for (const list of [record.scopes, record.approvedScopes, record.tokens.operator.scopes]) list.push('operator.admin');
			fs.writeFileSync(pairedFile(), JSON.stringify(paired, null, 2));
			const check = await run(['check', pairedFile()], env);
			assert.doesNotMatch(check.stdout, /missing-scope/, check.stdout);
			await gw.start();
			admin = await connectGateway({
				url: gw.url,
				auth: { token: gw.token },
				identity: null,
				role: 'operator',
				scopes: ['operator.admin', 'operator.pairing', 'operator.read'],
				client: client('test admin', 'gateway-client', 'backend'),
			});
			const approved = await gw.cli(['devices', 'approve', nodeRequest]);
			assert.equal(approved.code, 0, `${approved.stdout}\n${approved.stderr}`);
			const session = await connectDevice(node, [], 'pixel node', 'node');
			sessions.push(session);
			assert.equal(session.hello.auth.role, 'node');
		},
	);

	test(
		'a paired record with another public key (paired.json restored): the gateway asks again; the doctor says why; approve; it connects',
		{ timeout: 60_000 },
		async () => {
			const device = generateDeviceIdentity();
			const first = await tryConnect(device, ['operator.read'], 'restored');
			await admin.request('device.pair.approve', { requestId: first.error?.requestId });
			await (await connectDevice(device, ['operator.read'], 'restored')).close();
			await gw.stop();
			const paired = readPaired();
			paired[device.deviceId].publicKey = generateDeviceIdentity().publicKey;
			fs.writeFileSync(pairedFile(), JSON.stringify(paired, null, 2));
			await gw.start();
			admin = await connectGateway({
				url: gw.url,
				auth: { token: gw.token },
				identity: null,
				role: 'operator',
				scopes: ['operator.admin', 'operator.pairing', 'operator.read'],
				client: client('test admin', 'gateway-client', 'backend'),
			});
			const line = closeLine((await tryConnect(device, ['operator.read'], 'restored')).error);
			assert.match(line, /pairing required: device is not approved yet/);
			const d = await diagnosis(env, [line]);
			assert.equal(d.reason, 'paired-key-mismatch');
			assert.equal((await runOurFix(d, env)).code, 0);
			sessions.push(await connectDevice(device, ['operator.read'], 'restored'));
		},
	);

	test('a line from another gateway (a real 2026.9.6 refusal): wrong gateway', async () => {
		const d = await diagnosis(env, [LINE_FROM_ANOTHER_GATEWAY]);
		assert.equal(d.reason, 'wrong-gateway');
		assert.match(d.summary, new RegExp(`no request [0-9a-f-]{36} on the gateway at ${escape(gw.url)}`));
	});

	test('a 1 MB paste on stdin with the error at its end: recognised (its start and end are read)', async () => {
		const d = await diagnosis(env, [], `${'noise '.repeat(180_000)}\nunauthorized: gateway token mismatch (provide gateway auth token)\n`);
		assert.equal(d.reason, 'wrong-shared-token');
	});
});
