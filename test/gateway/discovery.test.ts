// The built CLI (dist/cli.js) finds a REAL gateway the way `openclaw` does, with only what a user on the gateway host
// has: OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH or a HOME whose ~/.openclaw is the gateway's state; no --url/--token,
// no OPENCLAW_GATEWAY_*. `openclaw devices list --json` runs in the same environment: both must list the same
// pending request (made for this test), which proves they reached the same gateway. One gateway at a time
// (2026.6.6, then strict 2026.9.6). Build first: node scripts/build.mjs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateDeviceIdentity } from '../../core/src/gateway';
import { RunningGateway, startGateway } from '../support/gateway';
import { ensureInstalled } from '../support/gatewayInstall';
import { testDevices } from '../support/testDevices';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
		child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
		const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
		child.once('error', reject);
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

interface Listed {
	pending: { requestId: string }[];
	paired: { deviceId: string }[];
}

const CASES = [
	{ version: '2026.6.6', origin: true },
	{ version: '2026.9.6', autoApproveLocal: false, origin: false },
];

for (const c of CASES) {
	describe(`finding the openclaw ${c.version} gateway from its openclaw.json`, () => {
		let gw: RunningGateway;
		let tmp: string;
		let nodeBin: string;
		let entry: string;
		let requestId: string;
		const { requestPairing } = testDevices(() => gw, c.origin);

		before(
			async () => {
				assert.ok(fs.existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first`);
				tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-'));
				const paths = await ensureInstalled(c.version);
				nodeBin = paths.node.bin;
				entry = paths.openclaw[c.version].entry;
				gw = await startGateway({ version: c.version, ...(c.autoApproveLocal === undefined ? {} : { autoApproveLocal: c.autoApproveLocal }) });
				// Something only this gateway has: a pending request both CLIs must list.
				requestId = await requestPairing(generateDeviceIdentity(), ['operator.read'], 'discovery probe');
			},
			{ timeout: 240_000 },
		);

		after(async () => {
			await gw?.destroy();
			if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
		});

		/** A user's environment: a HOME of their own (empty unless given), PATH, and the one variable under test. */
		const userEnv = (name: string, vars: Record<string, string>): NodeJS.ProcessEnv => {
			const home = path.join(tmp, name, 'home');
			fs.mkdirSync(home, { recursive: true });
			return { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(tmp, name, 'xdg'), TMPDIR: os.tmpdir(), ...vars };
		};
		// openclaw in the same environment, plus its own node and the switches that keep a CLI run offline and quiet
		// (none of them changes where it looks for the gateway).
		const openclawList = (env: NodeJS.ProcessEnv) =>
			run(
				nodeBin,
				[entry, 'devices', 'list', '--json'],
				{
					...env,
					PATH: `${path.dirname(nodeBin)}${path.delimiter}${env.PATH ?? ''}`,
					NO_COLOR: '1',
					OPENCLAW_NO_RESPAWN: '1',
					OPENCLAW_NO_AUTO_UPDATE: '1',
					OPENCLAW_DISABLE_BONJOUR: '1',
				},
				tmp,
			);

		const variants: { name: string; env: () => NodeJS.ProcessEnv; file: () => string }[] = [
			{ name: 'OPENCLAW_STATE_DIR', env: () => userEnv('state-dir', { OPENCLAW_STATE_DIR: gw.stateDir }), file: () => path.join(gw.stateDir, 'openclaw.json') },
			{
				name: 'OPENCLAW_CONFIG_PATH',
				env: () => userEnv('config-path', { OPENCLAW_CONFIG_PATH: path.join(gw.stateDir, 'openclaw.json') }),
				file: () => path.join(gw.stateDir, 'openclaw.json'),
			},
			{
				name: 'HOME (its ~/.openclaw is the gateway state)',
				env: () => {
					const env = userEnv('home', {});
					fs.symlinkSync(gw.stateDir, path.join(env.HOME ?? '', '.openclaw'));
					return env;
				},
				file: () => path.join(tmp, 'home', 'home', '.openclaw', 'openclaw.json'),
			},
		];

		for (const v of variants) {
			test(`with only ${v.name}: our CLI names the file and port, lists, and sees what openclaw sees`, { timeout: 180_000 }, async () => {
				const env = v.env();
				// openclaw first: on 2026.6.6 its CLI pairs a device of its own while it lists; ours must then see it too.
				const theirs = await openclawList(env);
				assert.equal(theirs.code, 0, `openclaw devices list in the same environment: ${theirs.stderr}`);
				const their = JSON.parse(theirs.stdout.slice(theirs.stdout.indexOf('{'))) as Listed;
				assert.ok(
					their.pending.some((p) => p.requestId === requestId),
					'openclaw lists the request made for this test',
				);

				const ours = await run(process.execPath, [CLI, 'devices', '--json'], env, tmp);
				const file = v.file();
				const [first] = ours.stderr.split('\n');
				assert.equal(
					first,
					`openclaw-pairing: using the gateway at ws://127.0.0.1:${gw.port} (port ${gw.port} from gateway.port in ${file}), token from gateway.auth.token in ${file}`,
				);
				assert.doesNotMatch(ours.stderr, /no gateway token|cannot reach/);
				assert.ok(!ours.stdout.includes(gw.token) && !ours.stderr.includes(gw.token), 'the token is never printed');
				assert.equal(ours.code, 0, ours.stderr);
				const listed = JSON.parse(ours.stdout) as Listed;
				assert.ok(
					listed.pending.some((p) => p.requestId === requestId),
					'our CLI lists the same request: the same gateway',
				);
				assert.deepEqual(listed.paired.map((d) => d.deviceId).sort(), their.paired.map((d) => d.deviceId).sort(), 'and the same paired devices');
			});
		}

		test('a JSON5 copy with comments, unquoted keys and the token as ${VAR}: openclaw and our CLI both read it', { timeout: 180_000 }, async () => {
			const dir = path.join(tmp, 'json5');
			fs.mkdirSync(dir, { recursive: true });
			const original = JSON.parse(fs.readFileSync(path.join(gw.stateDir, 'openclaw.json'), 'utf8')) as { gateway: { port: number } };
			const file = path.join(dir, 'openclaw.json5');
			const gateway = { ...original.gateway, auth: { mode: 'token', token: '${DISCOVERY_TOKEN}' } };
			fs.writeFileSync(file, `// hand-written\n{\n  gateway: ${JSON.stringify(gateway)}, // the same gateway\n  update: { checkOnStart: false, },\n}\n`);
			const env = userEnv('json5', { OPENCLAW_CONFIG_PATH: file, OPENCLAW_STATE_DIR: gw.stateDir, DISCOVERY_TOKEN: gw.token });
			const ours = await run(process.execPath, [CLI, 'devices', '--json'], env, tmp);
			assert.equal(
				ours.stderr.split('\n')[0],
				`openclaw-pairing: using the gateway at ws://127.0.0.1:${gw.port} (port ${gw.port} from gateway.port in ${file}), token from gateway.auth.token ($DISCOVERY_TOKEN) in ${file}`,
			);
			assert.equal(ours.code, 0, ours.stderr);
			assert.ok((JSON.parse(ours.stdout) as Listed).pending.some((p) => p.requestId === requestId));
			const theirs = await openclawList(env);
			assert.equal(theirs.code, 0, `openclaw reads the same JSON5 file: ${theirs.stderr}`);
		});

		test(
			'a stale OPENCLAW_GATEWAY_TOKEN: ours (like openclaw up to 2026.7) uses it and says the file differs; openclaw 2026.8+ uses the file',
			{ timeout: 180_000 },
			async () => {
				const file = path.join(gw.stateDir, 'openclaw.json');
				const env = userEnv('stale-env-token', { OPENCLAW_STATE_DIR: gw.stateDir, OPENCLAW_GATEWAY_TOKEN: 'stale-token-4711' });
				const theirs = await openclawList(env);
				if (c.version === '2026.6.6') assert.notEqual(theirs.code, 0, 'openclaw 2026.6.6 sends the variable and is refused');
				else assert.equal(theirs.code, 0, `openclaw 2026.9.6 takes gateway.auth.token over the variable: ${theirs.stderr}`);
				const ours = await run(process.execPath, [CLI, 'devices'], env, tmp);
				assert.equal(ours.code, 1, ours.stderr);
				const lines = ours.stderr.trimEnd().split('\n');
				assert.equal(
					lines[0],
					`openclaw-pairing: using the gateway at ws://127.0.0.1:${gw.port} (port ${gw.port} from gateway.port in ${file}), token from $OPENCLAW_GATEWAY_TOKEN (differs from gateway.auth.token in ${file}, which openclaw 2026.8+ would use)`,
				);
				assert.match(lines[1], /refused the token/);
				assert.doesNotMatch(ours.stderr, /stale-token-4711/);
			},
		);

		test('bad input stops before the network with one line and exit 2; an unreachable port is named', { timeout: 120_000 }, async () => {
			const dir = path.join(tmp, 'bad');
			fs.mkdirSync(dir, { recursive: true });
			const cases: [string, string | null, RegExp][] = [
				['not-json5.json', '{ gateway: { port: ', /is not valid JSON5 \(invalid end of input at line 1, column 20\); fix it, or pass --url and --token$/],
				[
					'no-token.json',
					`{ gateway: { port: ${gw.port} } }`,
					/^openclaw-pairing: no gateway token: .*no-token\.json has no gateway\.auth\.token, and neither OPENCLAW_GATEWAY_TOKEN nor --token is set$/,
				],
				[
					'store-ref.json',
					`{ gateway: { port: ${gw.port}, auth: { token: { source: 'store', provider: 'default', id: 'OPENCLAW_GATEWAY_TOKEN' } } } }`,
					/SecretRef to OpenClaw's secret store .*\(openclaw gateway auth-token --show prints it\) or pass --token$/,
				],
				['dir.json', null, /dir\.json is a directory, not a config file/],
			];
			for (const [name, content, message] of cases) {
				const file = path.join(dir, name);
				if (content === null) fs.mkdirSync(file);
				else fs.writeFileSync(file, content);
				const r = await run(process.execPath, [CLI, 'devices'], userEnv(`bad-${name}`, { OPENCLAW_CONFIG_PATH: file }), tmp);
				assert.equal(r.code, 2, `${name}: ${r.stderr}`);
				assert.equal(r.stdout, '');
				assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${name}: one line: ${r.stderr}`);
				assert.match(r.stderr.trimEnd(), message, name);
				assert.doesNotMatch(r.stderr, /\n\s+at /);
			}
			// A closed port: the line naming file and port, then the failure, exit 2.
			const closed = path.join(dir, 'closed.json');
			fs.writeFileSync(closed, JSON.stringify({ gateway: { port: 9, auth: { token: gw.token } } }));
			const r = await run(process.execPath, [CLI, 'devices', '--timeout', '3000'], userEnv('closed', { OPENCLAW_CONFIG_PATH: closed }), tmp);
			assert.equal(r.code, 2, r.stderr);
			const lines = r.stderr.trimEnd().split('\n');
			assert.equal(lines.length, 2, r.stderr);
			assert.equal(
				lines[0],
				`openclaw-pairing: using the gateway at ws://127.0.0.1:9 (port 9 from gateway.port in ${closed}), token from gateway.auth.token in ${closed}`,
			);
			assert.match(lines[1], /^openclaw-pairing: ws:\/\/127\.0\.0\.1:9: cannot reach the gateway/);
			assert.ok(!r.stderr.includes(gw.token));
		});
	});
}
