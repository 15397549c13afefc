// `openclaw-pairing devices | approve | reject` (the bundled dist/cli.js, spawned like a user would) against REAL
// OpenClaw gateways 2026.6.6 and 2026.9.6, each started once for this file. Build first: node scripts/build.mjs.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GatewaySession, generateDeviceIdentity } from '../../core/src/gateway';
import { AsyncRun, CLI, gatewayHostEnv, runCliAsync } from '../support/cliRun';
import { RunningGateway, startGateway } from '../support/gateway';
import { testDevices } from '../support/testDevices';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** A failure is one line on stderr and never a stack trace. */
function assertOneLine(run: AsyncRun): void {
	const lines = run.stderr.trim().split('\n');
	assert.equal(lines.length, 1, `one line: ${run.stderr}`);
	assert.match(lines[0], /^openclaw-pairing: /);
	assert.doesNotMatch(run.stderr, /\n\s+at /);
}

const CASES = [
	{ version: '2026.6.6', origin: true, cliPairedSilently: true },
	{ version: '2026.9.6', autoApproveLocal: false, origin: false, cliPairedSilently: false },
];

for (const c of CASES) {
	describe(`openclaw-pairing CLI against openclaw ${c.version}`, () => {
		let gw: RunningGateway;
		let admin: GatewaySession;
		let tmp: string;
		let env: NodeJS.ProcessEnv;
		const knownSecrets: string[] = [];
		const { connectDevice, requestPairing, connectAdmin } = testDevices(() => gw, c.origin);
		const adminList = () => admin.request<{ pending: { requestId: string }[]; paired: { deviceId: string }[] }>('device.pair.list', {});
		const assertNoSecrets = (run: AsyncRun) => {
			for (const secret of knownSecrets) assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'no secret in the output');
		};

		before(
			async () => {
				assert.ok(fs.existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first`);
				tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pairing-cli-'));
				gw = await startGateway({ version: c.version, ...(c.autoApproveLocal === undefined ? {} : { autoApproveLocal: c.autoApproveLocal }) });
				admin = await connectAdmin();
				knownSecrets.push(gw.token);
				if (admin.hello.auth.deviceToken) knownSecrets.push(admin.hello.auth.deviceToken);
				// Only what a user would have: the token in the environment, the default (XDG) identity location.
				env = gatewayHostEnv(tmp, gw);
			},
			{ timeout: 180_000 },
		);

		after(async () => {
			await admin?.close();
			await gw?.destroy();
			if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
		});

		test('devices --json on loopback with the shared token: lists at once, with no device of its own', async () => {
			const run = await runCliAsync(['devices', '--json'], env);
			assert.equal(run.code, 0, run.stderr);
			assert.equal(run.stderr, '');
			const parsed = JSON.parse(run.stdout) as { pending: unknown[]; paired: { deviceId: string; tokens: Record<string, unknown>[] }[] };
			assert.deepEqual(Object.keys(parsed), ['pending', 'paired']);
			assert.ok(!fs.existsSync(path.join(tmp, 'xdg', 'openclaw-pairing', 'identity.json')), 'no device key was made');
			for (const device of parsed.paired)
				for (const t of device.tokens)
					assert.deepEqual(
						Object.keys(t).filter((k) => !['role', 'scopes', 'createdAtMs', 'rotatedAtMs', 'revokedAtMs', 'lastUsedAtMs'].includes(k)),
						[],
					);
			assert.doesNotMatch(run.stdout, /"token"|deviceToken|privateKey/);
			assertNoSecrets(run);
		});

		test(
			c.cliPairedSilently
				? 'devices --json --as-device: the CLI device is paired silently on loopback and lists'
				: 'devices --json --as-device: first run says how to approve this CLI (exit 1); once approved it lists (exit 0)',
			async () => {
				let run = await runCliAsync(['devices', '--json', '--as-device'], env);
				const identityFile = path.join(tmp, 'xdg', 'openclaw-pairing', 'identity.json');
				assert.ok(fs.existsSync(identityFile), 'identity created at the XDG default');
				knownSecrets.push((JSON.parse(fs.readFileSync(identityFile, 'utf8')) as { privateKeyPem: string }).privateKeyPem);
				const ownId = (JSON.parse(fs.readFileSync(identityFile, 'utf8')) as { deviceId: string }).deviceId;
				if (!c.cliPairedSilently) {
					assert.equal(run.code, 1, run.stderr);
					assertOneLine(run);
					const id = /openclaw devices approve ([0-9a-f-]{36})/.exec(run.stderr)?.[1];
					assert.match(id ?? '', UUID, run.stderr);
					assert.equal(run.stdout, '');
					await admin.request('device.pair.approve', { requestId: id });
					run = await runCliAsync(['devices', '--json', '--as-device'], env);
				}
				assert.equal(run.code, 0, run.stderr);
				assert.equal(run.stderr, '');
				const parsed = JSON.parse(run.stdout) as { paired: { deviceId: string }[] };
				assert.ok(
					parsed.paired.find((d) => d.deviceId === ownId),
					'the CLI device is listed as paired',
				);
				assertNoSecrets(run);
			},
		);

		test('devices (human) shows both tables and marks this CLI', async () => {
			const device = generateDeviceIdentity();
			const requestId = await requestPairing(device, ['operator.read'], 'desk lamp');
			const run = await runCliAsync(['devices', '--as-device'], env);
			assert.equal(run.code, 0, run.stderr);
			assert.match(run.stdout, /^Pending \(\d+\)/);
			assert.match(run.stdout, new RegExp(`${requestId} +desk lamp +operator +operator\\.read +\\d+s +new pairing`));
			assert.match(run.stdout, /Paired \(\d+\)/);
			assert.match(run.stdout, /openclaw-pairing CLI \(this CLI\)/);
			await admin.request('device.pair.reject', { requestId });
		});

		test('approve <id> approves (the device then connects); approving it again says it is not pending (exit 1)', async () => {
			const device = generateDeviceIdentity();
			const requestId = await requestPairing(device, ['operator.read', 'operator.pairing'], 'new laptop');
			let run = await runCliAsync(['approve', requestId], env);
			assert.equal(run.code, 0, run.stderr);
			assert.match(
				run.stdout,
				new RegExp(`^approved ${requestId}: new laptop \\(${device.deviceId.slice(0, 16)}…\\) as operator with operator\\.read, operator\\.pairing\\n$`),
			);
			const session = await connectDevice(device, ['operator.read', 'operator.pairing'], 'new laptop');
			if (session.hello.auth.deviceToken) knownSecrets.push(session.hello.auth.deviceToken);
			await session.close();
			run = await runCliAsync(['approve', requestId], env);
			assert.equal(run.code, 1);
			assertOneLine(run);
			// A fresh CLI process never saw it pending: it may not claim a history, only say what may have happened.
			assert.equal(
				run.stderr,
				`openclaw-pairing: request ${requestId} is not pending: it may have expired (requests live 5 minutes) or been approved or rejected elsewhere, or never existed; list the pending requests with: openclaw-pairing devices\n`,
			);
			assert.equal(run.stdout, '');
			assertNoSecrets(run);
		});

		test('approve/reject of an id the gateway never issued: a malformed one, and a well-formed one (exit 1, nothing changes)', async () => {
			const device = generateDeviceIdentity();
			const waiting = await requestPairing(device, ['operator.read'], 'bystander');
			const before = await adminList();
			for (const command of ['approve', 'reject']) {
				const malformed = await runCliAsync([command, 'nope'], env);
				assert.equal(malformed.code, 1, malformed.stderr);
				assertOneLine(malformed);
				assert.equal(
					malformed.stderr,
					'openclaw-pairing: no pending request "nope": that is not a request id the gateway issues (those are UUIDs, 8-4-4-4-12 hex digits); list the pending requests with: openclaw-pairing devices\n',
				);
				assert.doesNotMatch(malformed.stderr, /expired|elsewhere|no longer/);

				const neverIssued = randomUUID();
				const wellFormed = await runCliAsync([command, neverIssued], env);
				assert.equal(wellFormed.code, 1, wellFormed.stderr);
				assertOneLine(wellFormed);
				assert.match(
					wellFormed.stderr,
					new RegExp(
						`^openclaw-pairing: request ${neverIssued} is not pending: it may have expired \\(requests live 5 minutes\\) or been approved or rejected elsewhere, or never existed; `,
					),
				);
				assert.doesNotMatch(wellFormed.stderr, /no longer/);
				for (const run of [malformed, wellFormed]) assertNoSecrets(run);
			}
			const after = await adminList();
			assert.deepEqual(after.pending.map((p) => p.requestId).sort(), before.pending.map((p) => p.requestId).sort(), 'no pending request was touched');
			assert.deepEqual(after.paired.map((p) => p.deviceId).sort(), before.paired.map((p) => p.deviceId).sort(), 'nothing was paired or removed');
			await admin.request('device.pair.reject', { requestId: waiting });
		});

		test('approve --json prints {requestId, device} with token summaries only', async () => {
			const device = generateDeviceIdentity();
			const requestId = await requestPairing(device, ['operator.read'], 'json device');
			const run = await runCliAsync(['approve', requestId, '--json'], env);
			assert.equal(run.code, 0, run.stderr);
			const parsed = JSON.parse(run.stdout) as { requestId: string; device: { deviceId: string; tokens: { role: string }[] } };
			assert.deepEqual(Object.keys(parsed), ['requestId', 'device']);
			assert.equal(parsed.device.deviceId, device.deviceId);
			assert.doesNotMatch(run.stdout, /"token"/);
		});

		test('reject <id> rejects', async () => {
			const device = generateDeviceIdentity();
			const requestId = await requestPairing(device, ['operator.read'], 'stranger');
			const run = await runCliAsync(['reject', requestId], env);
			assert.equal(run.code, 0, run.stderr);
			assert.equal(run.stdout, `rejected ${requestId}\n`);
			const list = await adminList();
			assert.ok(!list.pending.some((p) => p.requestId === requestId));
			assert.ok(!list.paired.some((d) => d.deviceId === device.deviceId));
		});

		test('a superseded request: exit 1 and the replacement id', async () => {
			const device = generateDeviceIdentity();
			const older = await requestPairing(device, ['operator.read'], 'fickle phone');
			// The CLI must know the old request came from this device: it learns that by listing while it is pending.
			const newer = await requestPairing(device, ['operator.read', 'operator.pairing'], 'fickle phone');
			const run = await runCliAsync(['approve', older], env);
			assert.equal(run.code, 1);
			assertOneLine(run);
			// A fresh CLI process never saw `older`: it can only say the id is gone (the extension, which keeps
			// watching, reports "superseded" with the replacement: see pairingService.test.ts).
			assert.match(run.stderr, new RegExp(`request ${older} (is not pending|was superseded)`));
			const approved = await runCliAsync(['approve', newer], env);
			assert.equal(approved.code, 0, approved.stderr);
		});

		test('a wider scope: on loopback the CLI gets it for that approval alone; as a device it files the upgrade and says who can approve', async () => {
			const writer = generateDeviceIdentity();
			const writeId = await requestPairing(writer, ['operator.read', 'operator.write'], 'writer');
			const approved = await runCliAsync(['approve', writeId], env);
			assert.equal(approved.code, 0, approved.stderr);
			const session = await connectDevice(writer, ['operator.read', 'operator.write'], 'writer');
			await session.close();

			const other = generateDeviceIdentity();
			const requestId = await requestPairing(other, ['operator.read', 'operator.write'], 'second writer');
			const run = await runCliAsync(['approve', requestId, '--as-device'], env);
			assert.equal(run.code, 1, run.stderr);
			assert.doesNotMatch(run.stderr, /\n\s+at /);
			assert.match(run.stderr, /^openclaw-pairing: approving this request needs operator\.write, which this device is not approved for\.\n/);
			const upgrade = /Asked the gateway to add operator\.write to this CLI's device \(request ([0-9a-f-]{36})\)/.exec(run.stderr)?.[1];
			assert.match(upgrade ?? '', UUID, run.stderr);
			const list = await adminList();
			assert.ok(
				list.pending.some((p) => p.requestId === upgrade),
				'the upgrade request is pending',
			);
			assert.ok(
				list.pending.some((p) => p.requestId === requestId),
				'the device request is untouched',
			);
			assert.match(run.stderr, new RegExp(`Then run again: openclaw-pairing approve ${requestId}`));
			await admin.request('device.pair.reject', { requestId });
			await admin.request('device.pair.reject', { requestId: upgrade });
			assertNoSecrets(run);
		});

		test('exit codes: wrong token 1, unreachable 2, unreadable identity 2, bad usage 2 — one line each, no secrets', async () => {
			const wrong = await runCliAsync(['devices', '--token', 'not-the-token-4711'], env);
			assert.equal(wrong.code, 1);
			assertOneLine(wrong);
			assert.match(wrong.stderr, /refused the token \(AUTH_TOKEN_MISMATCH\)/);
			assert.doesNotMatch(wrong.stderr, /not-the-token-4711/);

			const unreachable = await runCliAsync(['devices', '--url', 'ws://127.0.0.1:9', '--timeout', '2000'], env);
			assert.equal(unreachable.code, 2);
			assertOneLine(unreachable);
			assert.match(unreachable.stderr, /cannot reach the gateway/);

			const broken = path.join(tmp, 'broken-identity.json');
			fs.writeFileSync(broken, '{"version":1');
			const badIdentity = await runCliAsync(['devices', '--as-device', '--identity', broken], env);
			assert.equal(badIdentity.code, 2);
			assertOneLine(badIdentity);
			assert.match(badIdentity.stderr, /not valid JSON/);
			assert.equal(fs.readFileSync(broken, 'utf8'), '{"version":1', 'never overwritten');

			const usage = await runCliAsync(['approve'], env);
			assert.equal(usage.code, 2);
			assert.match(usage.stderr, /needs exactly one request id/);
			for (const run of [wrong, unreachable, badIdentity, usage]) assertNoSecrets(run);
		});
	});
}
