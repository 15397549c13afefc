// The devices/approve/reject CLI pieces that need no gateway: argument parsing, defaults, output formatting.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { redactSecrets, traceJson } from '../../core/src/pairing/redact';
import type { PairingSnapshot } from '../../core/src/pairing/types';
import { UsageError } from '../../cli/src/args';
import { defaultIdentityPath, parseDevicesArgs } from '../../cli/src/devicesArgs';
import { DEFAULT_GATEWAY_URL } from '../../core/src/pairing/defaults';
import { devicesJson, devicesText } from '../../cli/src/devicesFormat';
import { runDevicesCommand } from '../../cli/src/devices';

describe('devices CLI arguments', () => {
	test('defaults come from the environment, then the built-in values', () => {
		const bare = parseDevicesArgs('devices', [], { HOME: '/home/u' });
		assert.equal(bare.url, DEFAULT_GATEWAY_URL);
		assert.equal(bare.token, undefined);
		assert.equal(bare.identityPath, '/home/u/.config/openclaw-pairing/identity.json');
		assert.equal(bare.timeoutMs, 10_000);
		const env = parseDevicesArgs('devices', [], { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:1', OPENCLAW_GATEWAY_TOKEN: ' t ', XDG_CONFIG_HOME: '/x' });
		assert.equal(env.url, 'ws://127.0.0.1:1');
		assert.equal(env.token, 't');
		assert.equal(env.identityPath, '/x/openclaw-pairing/identity.json');
	});

	test('flags override the environment; --flag=value works', () => {
		const o = parseDevicesArgs(
			'approve',
			['abc', '--url=ws://127.0.0.1:2', '--token', 'flag', '--identity', 'rel/id.json', '--timeout', '250', '--json', '--allow-insecure-remote'],
			{ OPENCLAW_GATEWAY_TOKEN: 'env' },
		);
		assert.equal(o.requestId, 'abc');
		assert.equal(o.url, 'ws://127.0.0.1:2');
		assert.equal(o.token, 'flag');
		assert.equal(o.identityPath, path.resolve('rel/id.json'));
		assert.equal(o.timeoutMs, 250);
		assert.equal(o.json, true);
		assert.equal(o.allowInsecureRemote, true);
	});

	test('usage errors', () => {
		const cases: [Parameters<typeof parseDevicesArgs>[0], string[], RegExp][] = [
			['approve', [], /exactly one request id/],
			['reject', ['a', 'b'], /exactly one request id/],
			['devices', ['extra'], /takes no arguments/],
			['devices', ['--bogus'], /unknown option --bogus/],
			['devices', ['--timeout', '10s'], /positive number of milliseconds/],
			['devices', ['--timeout', '0'], /positive number/],
			['devices', ['--url'], /--url needs a value/],
			['devices', ['--gateway', 'vps', '--url', 'ws://127.0.0.1:1'], /without --url or --profile/],
			['devices', ['--profile', 'p', '--gateway', 'vps'], /without --url or --profile/],
			['devices', ['--gateway', ' '], /--gateway needs the name/],
		];
		for (const [command, argv, pattern] of cases)
			assert.throws(
				() => parseDevicesArgs(command, argv, {}),
				(e: unknown) => e instanceof UsageError && pattern.test(e.message),
				argv.join(' '),
			);
		assert.equal(parseDevicesArgs('approve', ['--help'], {}).help, true);
	});

	test('a relative XDG_CONFIG_HOME is ignored, as the spec says', () => {
		assert.equal(defaultIdentityPath({ XDG_CONFIG_HOME: 'relative', HOME: '/h' }), '/h/.config/openclaw-pairing/identity.json');
	});

	test('exit 2 without a token or with a refused URL, before touching the network or the identity file', async () => {
		const out: string[] = [];
		const io = (env: NodeJS.ProcessEnv) => ({ stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), env });
		assert.equal(await runDevicesCommand('devices', ['--identity', '/nonexistent/dir/id.json'], io({})), 2);
		assert.match(out.join(''), /no gateway token/);
		out.length = 0;
		assert.equal(
			await runDevicesCommand(
				'devices',
				['--url', 'ws://10.1.2.3:18789', '--identity', '/nonexistent/id.json'],
				io({ OPENCLAW_GATEWAY_TOKEN: 'SECRET-TOKEN' }),
			),
			2,
		);
		assert.match(out.join(''), /refusing plaintext.*--allow-insecure-remote/);
		assert.doesNotMatch(out.join(''), /SECRET-TOKEN/);
	});
});

describe('devices CLI output', () => {
	const snapshot: PairingSnapshot = {
		pending: [
			{
				requestId: 'r1',
				deviceId: 'd'.repeat(64),
				displayName: 'laptop',
				role: 'operator',
				roles: ['operator'],
				scopes: ['operator.read', 'operator.write'],
				isRepair: true,
				ts: 1_000,
			},
		],
		paired: [
			{
				deviceId: 'd'.repeat(64),
				displayName: 'laptop',
				role: 'operator',
				roles: ['operator'],
				scopes: ['operator.read'],
				tokens: [{ role: 'operator', scopes: ['operator.read'] }],
				lastSeenAtMs: 1_000,
			},
			{ deviceId: 'e'.repeat(64), displayName: 'cli', scopes: [], tokens: [{ role: 'operator', scopes: [], revokedAtMs: 5 }] },
		],
		nodes: [],
		listedAt: 1,
	};

	test('--json is exactly {pending, paired}', () => {
		const parsed = JSON.parse(devicesJson(snapshot)) as Record<string, unknown>;
		assert.deepEqual(Object.keys(parsed), ['pending', 'paired']);
		assert.deepEqual(parsed, { pending: snapshot.pending, paired: snapshot.paired });
	});

	test('the table names the upgrade and marks our own device', () => {
		const text = devicesText(snapshot, 'e'.repeat(64), 61_000);
		assert.match(text, /Pending \(1\)/);
		assert.match(text, /r1 +laptop +operator +operator\.read, operator\.write +1m +scope upgrade/);
		assert.match(text, /Paired \(2\)/);
		assert.match(text, /cli \(this CLI\)/);
		assert.match(text, /operator \(revoked\)/);
		assert.doesNotMatch(text, /Node requests/);
	});

	test('redaction masks credentials at any depth', () => {
		const value = { a: { token: 'T1', deviceToken: 'T2', list: [{ password: 'P', ok: 1 }] }, tokens: [{ role: 'operator' }] };
		assert.deepEqual(redactSecrets(value), { a: { token: '***', deviceToken: '***', list: [{ password: '***', ok: 1 }] }, tokens: [{ role: 'operator' }] });
		assert.doesNotMatch(traceJson(value), /T1|T2|"P"/);
		assert.match(traceJson({ x: 'y'.repeat(5_000) }, 100), /… \(5008 chars\)$/);
	});
});
