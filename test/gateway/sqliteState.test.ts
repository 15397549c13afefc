// `check --state-dir` (dist/cli.js, as a user runs it) on the state/openclaw.sqlite a REAL gateway wrote: a device
// paired without operator.admin is reported under its record name with the loop diagnostic; and the gateway starts
// and pairs a new device while our reader keeps the database open and reads it over and over (no lock, no write).
// One gateway at a time: 2026.9.6 (autoApproveLocal:false), then 2026.8.1 (the first SQLite release; an Origin header
// keeps its loopback devices from being paired silently). While it runs, `check --gateway` names the same devices by
// the gateway's URL. Build first: node scripts/build.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectGateway, DeviceIdentity, GatewaySession, generateDeviceIdentity } from '../../core/src/gateway';
import { readSqlitePairingState } from '../../core/src/openclaw/sqliteState';
import { sqliteStorePath } from '../../core/src/openclaw/stateLayout';
import { CLI, runCliAsync } from '../support/cliRun';
import { RunningGateway, startGateway } from '../support/gateway';
import { expectPairingRequest } from '../support/pairingRefusal';
import { testDevices } from '../support/testDevices';

const LINE = /^(.+):(\d+):(\d+): (error|warning|info|hint) ([a-z-]+): (.+)$/;

for (const version of ['2026.9.6', '2026.8.1']) {
	const nine = version.startsWith('2026.9');
	describe(`check --state-dir on the SQLite a real openclaw ${version} wrote`, () => {
		let gw: RunningGateway;
		let admin: GatewaySession | undefined;
		let env: NodeJS.ProcessEnv;
		let tmp: string;
		const deviceTokens: string[] = [];
		let cliDeviceId = '';
		const { connectAdmin, client } = testDevices(() => gw, !nine);

		/** A device that connects as the openclaw CLI (client cli/cli) and is approved for operator.pairing only: the loop. */
		async function pairCliWithoutAdmin(identity: DeviceIdentity, name: string): Promise<void> {
			const connect = () =>
				connectGateway({
					url: gw.url,
					auth: { token: gw.token },
					identity,
					role: 'operator',
					scopes: ['operator.pairing'],
					client: client(name, 'cli', 'cli'),
					...(nine ? {} : { headers: { Origin: `http://127.0.0.1:${gw.port}` } }),
				});
			const refused = await expectPairingRequest(connect(), `${name} must wait for approval`);
			await admin?.request('device.pair.approve', { requestId: refused.requestId });
			const session = await connect();
			if (session.hello.auth.deviceToken) deviceTokens.push(session.hello.auth.deviceToken);
			await session.close();
		}

		async function check(...args: string[]) {
			const r = await runCliAsync(['check', '--state-dir', gw.stateDir, ...args], env);
			const out = `${r.stdout}\n${r.stderr}`;
			assert.doesNotMatch(out, /^\s{4}at /m, `no stack trace:\n${out}`);
			for (const token of [gw.token, ...deviceTokens]) assert.ok(!out.includes(token), 'a token was printed');
			return r;
		}

		const named = (stdout: string) =>
			stdout
				.split('\n')
				.map((l) => LINE.exec(l))
				.filter((m): m is RegExpExecArray => m !== null)
				.map((m) => [m[1], m[4], m[5]]);

		before(
			async () => {
				assert.ok(fs.existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first`);
				tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-state-'));
				gw = await startGateway({ version, ...(nine ? { autoApproveLocal: false } : {}) });
				env = { PATH: process.env.PATH, HOME: path.join(tmp, 'home') };
				admin = await connectAdmin();
			},
			{ timeout: 180_000 },
		);

		after(async () => {
			await admin?.close();
			await gw?.destroy();
			if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
		});

		test(
			"gateway stopped: the CLI device without operator.admin is named <db>#device/<id>, a hint by the SQLite era's measured verdict; --json agrees",
			{ timeout: 120_000 },
			async () => {
				const cli = generateDeviceIdentity();
				cliDeviceId = cli.deviceId;
				await pairCliWithoutAdmin(cli, 'sqlite-state cli');
				await admin?.close();
				admin = undefined;
				await gw.stop();
				const db = sqliteStorePath(gw.stateDir);
				assert.ok(fs.existsSync(db), 'the gateway keeps pairing in state/openclaw.sqlite');
				assert.ok(!fs.existsSync(path.join(gw.stateDir, 'devices', 'paired.json')), 'and writes no paired.json');

				const r = await check();
				assert.equal(r.code, 0, r.stdout + r.stderr);
				assert.ok(
					named(r.stdout).some(([name, severity, code]) => name === `${db}#device/${cli.deviceId}` && severity === 'hint' && code === 'missing-scope'),
					r.stdout,
				);
				assert.match(r.stdout, /grants it silently/);
				assert.match(r.stdout, /\n1 file checked: 0 errors, 0 warnings\n$/);
				const json = await check('--json');
				const files = (JSON.parse(json.stdout) as { files: { file: string; diagnostics: { code: string }[] }[] }).files;
				assert.deepEqual(
					files.find((f) => f.file === `${db}#device/${cli.deviceId}`)?.diagnostics.map((d) => d.code),
					['missing-scope'],
				);
			},
		);

		test('the gateway starts and pairs a new device while the database is held open and read continuously', { timeout: 180_000 }, async () => {
			const db = sqliteStorePath(gw.stateDir);
			const held = fs.openSync(db, 'r'); // an open descriptor for the whole start, as a reader that never lets go
			let reads = 0;
			let failures: string[] = [];
			let reading = true;
			const loop = (async () => {
				while (reading) {
					const r = await readSqlitePairingState(db);
					reads++;
					if (!r.ok) failures.push(r.problem);
					await new Promise((resolve) => setImmediate(resolve));
				}
			})();
			try {
				await gw.start();
				admin = await connectAdmin();
				const second = generateDeviceIdentity();
				await pairCliWithoutAdmin(second, 'sqlite-state second cli');
				// While it runs: the new device is read (from the write-ahead log if not yet checkpointed).
				const live = await readSqlitePairingState(db);
				assert.ok(live.ok, live.ok ? '' : live.problem);
				assert.ok(
					live.records.paired.some((d) => d.deviceId === second.deviceId),
					'the new device is in what we read while the gateway runs',
				);
				const r = await check();
				assert.equal(r.code, 0, r.stdout + r.stderr);
				assert.ok(
					named(r.stdout).some(([name, , code]) => name === `${db}#device/${second.deviceId}` && code === 'missing-scope'),
					r.stdout,
				);
				// The same devices through the gateway itself (device.pair.list): named by the gateway's URL.
				const listed = await runCliAsync(['check', '--gateway', '--url', gw.url], { ...env, OPENCLAW_GATEWAY_TOKEN: gw.token });
				assert.equal(listed.code, 0, listed.stdout + listed.stderr);
				for (const token of [gw.token, ...deviceTokens]) assert.ok(!`${listed.stdout}${listed.stderr}`.includes(token), 'a token was printed');
				const liveNames = named(listed.stdout)
					.filter(([, , code]) => code === 'missing-scope')
					.map(([name]) => name);
				assert.deepEqual(liveNames.sort(), [`${gw.url}#device/${second.deviceId}`, `${gw.url}#device/${cliDeviceId}`].sort(), listed.stdout);
				// Judged by the gateway's own version (SQLite era): the CLI is upgraded silently there, a hint.
				assert.match(listed.stdout, /grants it silently/);
				assert.match(listed.stdout, /\n1 gateway checked: 0 errors, \d+ warnings?\n$/);
			} finally {
				reading = false;
				await loop;
				fs.closeSync(held);
			}
			assert.ok(reads > 10, `the reader kept reading during the start (${reads} reads)`);
			// A read can only fail if it met a checkpoint mid-write five times in a row; none should.
			failures = failures.filter(Boolean);
			assert.deepEqual(failures, []);
		});
	});
}
