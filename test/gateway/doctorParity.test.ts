// Parity with `openclaw doctor --lint --json` (its device-pairing check, real 2026.9.6): on the same state dirs, every
// finding doctor reports (its kind and the device, request or file it names) has a finding of our `check --state-dir`
// (dist/cli.js) with the code that says the same. One gateway start builds the states doctor knows through the
// protocol; three dirs are then checked with the gateway stopped: the gateway's own, a copy with the states no protocol
// step reaches (each edit says why), and a copy with the retired JSON stores. Build first: node scripts/build.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectGateway, generateDeviceIdentity, GatewaySession, identityFromPems } from '../../core/src/gateway';
import { CLI, runCliAsync } from '../support/cliRun';
import { RunningGateway, startGateway } from '../support/gateway';
import { copyStateDir, DoctorFinding, doctorDevicePairing, sql, storeCachedDeviceToken } from '../support/openclawState';
import { testDevices } from '../support/testDevices';

const VERSION = '2026.9.6';

/** Doctor's kind → our code that says it (docs/doctor-parity.md). */
const OUR_CODE: Record<string, string> = {
	'first-time': 'pending-new-device',
	'public-key-repair': 'pending-key-changed',
	'role-upgrade': 'pending-role-upgrade',
	'scope-upgrade': 'pending-scope-upgrade',
	repair: 'pending-reapproval',
	'missing-operator-scope-baseline': 'empty-operator-baseline',
	'missing-active-role-token': 'role-without-active-token',
	'token-outside-approved-scope': 'token-scope-beyond-approved',
	'local-token-stale': 'local-token-stale',
	'local-scopes-mismatch': 'local-scopes-drift',
	'local-role-no-longer-approved': 'local-role-not-approved',
	'pairing-store-legacy-file': 'legacy-pairing-store',
	'device-auth-store-legacy-file': 'legacy-device-auth-store',
};

type Ours = { file: string; code: string }[];

/** Where our finding must be for a doctor finding: the request's / device's record name, or the legacy file. */
function ourPlace(stateDir: string, f: DoctorFinding): string {
	const db = path.join(stateDir, 'state', 'openclaw.sqlite');
	const [id, second] = (f.target ?? '').split(':');
	if (f.path === 'devices.pending') return `${db}#request/${second}`;
	if (f.path === 'devices.paired' || f.requirement.startsWith('local-')) return `${db}#device/${id}`;
	const file = /(\/\S+?\.json)\b/.exec(f.message)?.[1];
	assert.ok(file, `a legacy finding names its file: ${f.message}`);
	return file;
}

function assertParity(stateDir: string, doctor: DoctorFinding[], ours: Ours): void {
	const missed = doctor.filter((f) => {
		const code = OUR_CODE[f.requirement];
		assert.ok(code, `doctor reported a kind we do not map: ${f.requirement} (${f.message})`);
		const place = ourPlace(stateDir, f);
		return !ours.some((o) => o.code === code && o.file === place);
	});
	assert.deepEqual(
		missed.map((f) => `${f.requirement} ${f.target ?? ''}`),
		[],
		`doctor findings without ours:\n${missed.map((f) => f.message).join('\n')}\nours:\n${ours.map((o) => `${o.file} ${o.code}`).join('\n')}`,
	);
}

describe(`check --state-dir finds what openclaw doctor --lint --json (${VERSION}) finds`, () => {
	let gw: RunningGateway;
	let admin: GatewaySession | undefined;
	let tmp: string;
	const secrets: string[] = [];
	const { connectDevice, requestPairing, connectAdmin, tryConnect, client } = testDevices(() => gw, false);
	const ids: Record<string, string> = {};
	let localToken = '';

	async function pair(name: string, scopes: string[]) {
		const identity = generateDeviceIdentity();
		ids[name] = identity.deviceId;
		await admin?.request('device.pair.approve', { requestId: await requestPairing(identity, scopes, name) });
		const session = await connectDevice(identity, scopes, name);
		if (session.hello.auth.deviceToken) secrets.push(session.hello.auth.deviceToken);
		await session.close();
		return identity;
	}

	async function ours(stateDir: string): Promise<Ours> {
		const r = await runCliAsync(['check', '--state-dir', stateDir, '--json'], { PATH: process.env.PATH, HOME: path.join(tmp, 'home') });
		const out = `${r.stdout}\n${r.stderr}`;
		assert.doesNotMatch(out, /^\s{4}at /m, out);
		for (const s of [gw.token, ...secrets]) assert.ok(!out.includes(s), 'a token was printed');
		assert.ok(!/PRIVATE KEY/.test(out), 'a private key was printed');
		const files = (JSON.parse(r.stdout) as { files: { file: string; diagnostics: { code: string }[] }[] }).files;
		return files.flatMap((f) => f.diagnostics.map((d) => ({ file: f.file, code: d.code })));
	}

	const kinds = (findings: DoctorFinding[]) => [...new Set(findings.map((f) => f.requirement))].sort();

	before(
		async () => {
			assert.ok(fs.existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first`);
			tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-parity-'));
			gw = await startGateway({ version: VERSION, autoApproveLocal: false });
			admin = await connectAdmin();

			// Pending requests of every kind the protocol makes.
			await requestPairing(generateDeviceIdentity(), ['operator.read'], 'newcomer');
			const reader = await pair('reader', ['operator.read']);
			await requestPairing(reader, ['operator.read', 'operator.write'], 'reader');
			const roler = await pair('roler', ['operator.read']);
			const asNode = await tryConnect(roler, [], 'roler', 'node');
			assert.ok(asNode.error?.pairingRequired, 'a paired operator connecting as a node is a role upgrade');
			const mover = await pair('mover', ['operator.read']);
			await assert.rejects(
				connectGateway({
					url: gw.url,
					auth: { token: gw.token },
					identity: mover,
					role: 'operator',
					scopes: ['operator.read'],
					client: { ...client('mover'), platform: 'darwin' },
				}),
				/pairing required/,
				'a paired device on another platform must be approved again (a repair request)',
			);
			// Paired records doctor flags: approved with no scope at all; a revoked token.
			await pair('empty', []);
			await pair('revoked', ['operator.read']);
			await admin?.request('device.token.revoke', { deviceId: ids.revoked, role: 'operator' });

			// This machine's own device (the state's "primary" identity, the one OpenClaw's clients connect with): paired
			// through the protocol, its token cached by OpenClaw's own writer, then rotated by the gateway: the cache is stale.
			const [primary] = await sql(VERSION, gw.stateDir, [`SELECT public_key_pem, private_key_pem FROM device_identities WHERE identity_key = 'primary'`]);
			assert.ok(primary, 'the 9.6 gateway created its primary device identity');
			const local = identityFromPems(String(primary.public_key_pem), String(primary.private_key_pem));
			ids.local = local.deviceId;
			await admin?.request('device.pair.approve', { requestId: await requestPairing(local, ['operator.read'], 'this machine') });
			const session = await connectDevice(local, ['operator.read'], 'this machine');
			localToken = session.hello.auth.deviceToken ?? '';
			await session.close();
			assert.ok(localToken, 'hello-ok carries the device token');
			secrets.push(localToken);
			await storeCachedDeviceToken(VERSION, gw.stateDir, { deviceId: local.deviceId, role: 'operator', token: localToken, scopes: ['operator.read'] });
			await admin?.request('device.token.rotate', { deviceId: local.deviceId, role: 'operator' });

			await admin?.close();
			admin = undefined;
			await gw.stop();
		},
		{ timeout: 180_000 },
	);

	after(async () => {
		await admin?.close();
		await gw?.destroy();
		if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	});

	test('the gateway-made states: pending kinds, an empty baseline, a revoked token, a stale local cache', { timeout: 60_000 }, async () => {
		const doctor = await doctorDevicePairing(VERSION, gw.stateDir);
		// The states were built: doctor sees each kind (else the parity below would prove nothing).
		assert.deepEqual(kinds(doctor), [
			'first-time',
			'local-token-stale',
			'missing-active-role-token',
			'missing-operator-scope-baseline',
			'repair',
			'role-upgrade',
			'scope-upgrade',
		]);
		assertParity(gw.stateDir, doctor, await ours(gw.stateDir));
	});

	test('edited copy: a changed key, a token beyond its approval, a cache with other scopes and a dropped role', { timeout: 60_000 }, async () => {
		const dir = copyStateDir(gw.stateDir, path.join(tmp, 'edited'));
		// The gateway derives a device id from its key and checks the signature, so a request and its paired record with
		// different keys for one id only come from another store (a restored backup): the paired key is replaced here.
		await sql(VERSION, dir, [`UPDATE device_pairing_paired SET public_key = ? WHERE device_id = ?`], [[generateDeviceIdentity().publicKey, ids.reader]]);
		// The gateway never issues a token beyond the approved scopes (the JSON era's hand edits did): one is written.
		await sql(
			VERSION,
			dir,
			[`UPDATE device_pairing_paired SET tokens_json = json_set(tokens_json, '$.operator.scopes', json('["operator.admin"]')) WHERE device_id = ?`],
			[[ids.roler]],
		);
		// A cache newer than the rotation with other scopes, and one for a role the device never had: what a client that
		// cached from another gateway's answer holds; written by OpenClaw's own cache writer.
		const later = Date.now() + 60_000;
		await storeCachedDeviceToken(VERSION, dir, {
			deviceId: ids.local,
			role: 'operator',
			token: localToken,
			scopes: ['operator.read', 'operator.write'],
			updatedAtMs: later,
		});
		await storeCachedDeviceToken(VERSION, dir, { deviceId: ids.local, role: 'node', token: localToken, scopes: [] });
		const doctor = await doctorDevicePairing(VERSION, dir);
		for (const kind of ['public-key-repair', 'token-outside-approved-scope', 'local-scopes-mismatch', 'local-role-no-longer-approved']) {
			assert.ok(kinds(doctor).includes(kind), `doctor reports ${kind}: ${kinds(doctor).join(', ')}`);
		}
		assertParity(dir, doctor, await ours(dir));
	});

	test('copy with the retired JSON stores: each file is named, as doctor names it', { timeout: 60_000 }, async () => {
		const dir = copyStateDir(gw.stateDir, path.join(tmp, 'legacy'));
		// A 2026.9 gateway writes none of these; they are what an older release left (pairing stores, the token cache).
		for (const rel of ['devices/paired.json', 'devices/bootstrap.json', 'nodes/pending.json']) {
			fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
			fs.writeFileSync(path.join(dir, rel), '{}\n');
		}
		fs.mkdirSync(path.join(dir, 'identity'), { recursive: true });
		fs.writeFileSync(path.join(dir, 'identity', 'device-auth.json'), `${JSON.stringify({ version: 1, deviceId: ids.local, tokens: {} })}\n`);
		const doctor = await doctorDevicePairing(VERSION, dir);
		assert.equal(doctor.filter((f) => f.requirement === 'pairing-store-legacy-file').length, 3, kinds(doctor).join(', '));
		assert.ok(kinds(doctor).includes('device-auth-store-legacy-file'), kinds(doctor).join(', '));
		assertParity(dir, doctor, await ours(dir));
	});
});
