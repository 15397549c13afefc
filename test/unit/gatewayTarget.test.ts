// The gateway lookup's order: flags and OPENCLAW_GATEWAY_* first, then the openclaw.json openclaw itself reads
// (state dir, profile, legacy names), its port and token keys by mode. Real files in a temp HOME.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageError } from '../../cli/src/args';
import { parseDevicesArgs, resolveDevicesTarget } from '../../cli/src/devicesArgs';
import { findGatewayTarget, GatewayTargetResult } from '../../core/src/openclaw/gatewayTarget';

let tmp: string;
let n = 0;
before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-target-'))));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fresh HOME with these files (paths relative to it). */
function home(files: Record<string, string | object> = {}): string {
	const dir = path.join(tmp, `home-${++n}`);
	fs.mkdirSync(dir, { recursive: true });
	for (const [rel, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.writeFileSync(path.join(dir, rel), typeof content === 'string' ? content : JSON.stringify(content));
	}
	return dir;
}

function find(env: NodeJS.ProcessEnv, flags: { url?: string; token?: string; profile?: string } = {}): GatewayTargetResult {
	return findGatewayTarget({ env, flags, osHomedir: () => '/nonexistent-os-home' });
}

function ok(result: GatewayTargetResult): Extract<GatewayTargetResult, { ok: true }> {
	assert.ok(result.ok, result.ok ? '' : result.message);
	return result;
}

function fails(result: GatewayTargetResult, message: RegExp): void {
	assert.equal(result.ok, false, 'the lookup fails');
	if (!result.ok) assert.match(result.message, message);
}

const cfg = (gateway: object, rest: object = {}) => ({ gateway, ...rest });

describe('flags and OPENCLAW_GATEWAY_* come first', () => {
	test('--url and --token: the file is not even read (a broken one does not matter)', () => {
		const h = home({ '.openclaw/openclaw.json': '{ not json' });
		const r = ok(find({ HOME: h }, { url: 'ws://127.0.0.1:1', token: ' flag ' }));
		assert.deepEqual([r.url, r.token, r.urlSource, r.tokenSource, r.discovered], ['ws://127.0.0.1:1', 'flag', 'flag', 'flag', false]);
	});

	test('OPENCLAW_GATEWAY_URL and _TOKEN likewise; flags beat them', () => {
		const env = { HOME: home(), OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:2', OPENCLAW_GATEWAY_TOKEN: 'env' };
		const r = ok(find(env));
		assert.deepEqual([r.url, r.token, r.urlSource, r.tokenSource], ['ws://127.0.0.1:2', 'env', 'env', 'env']);
		const f = ok(find(env, { token: 'flag' }));
		assert.deepEqual([f.url, f.token, f.tokenSource], ['ws://127.0.0.1:2', 'flag', 'flag']);
	});

	test("a URL from the environment or a flag never gets the file's token", () => {
		const h = home({ '.openclaw/openclaw.json': cfg({ auth: { token: 'file-token' } }) });
		fails(
			find({ HOME: h, OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:3' }),
			/^no gateway token: the gateway URL comes from \$OPENCLAW_GATEWAY_URL, and like openclaw this tool does not send .*openclaw\.json's token to a URL given .*; set OPENCLAW_GATEWAY_TOKEN or pass --token$/,
		);
		fails(find({ HOME: h }, { url: 'ws://127.0.0.1:3' }), /the gateway URL comes from --url/);
	});

	test('a token from the environment, the port from the file; a differing file token is pointed out, not shown', () => {
		const h = home({ '.openclaw/openclaw.json': cfg({ port: 18800, auth: { token: 'file-token' } }) });
		const r = ok(find({ HOME: h, OPENCLAW_GATEWAY_TOKEN: 'env-token' }));
		assert.deepEqual([r.url, r.token, r.tokenSource, r.port?.source], ['ws://127.0.0.1:18800', 'env-token', 'env', 'config']);
		assert.match(r.summary, /port 18800 from gateway\.port in .*openclaw\.json\), token from \$OPENCLAW_GATEWAY_TOKEN \(differs from gateway\.auth\.token/);
		assert.doesNotMatch(r.summary, /file-token|env-token/);
	});
});

describe('the file: where, which port, which token', () => {
	test('~/.openclaw/openclaw.json by default; the summary names file and port, never the token', () => {
		const h = home({ '.openclaw/openclaw.json': cfg({ port: 18801, auth: { token: 'secret-1' } }) });
		const r = ok(find({ HOME: h }));
		assert.deepEqual([r.url, r.token, r.tokenSource, r.configPath], ['ws://127.0.0.1:18801', 'secret-1', 'config', path.join(h, '.openclaw/openclaw.json')]);
		assert.equal(
			r.summary,
			`using the gateway at ws://127.0.0.1:18801 (port 18801 from gateway.port in ${r.configPath}), token from gateway.auth.token in ${r.configPath}`,
		);
		assert.equal(r.discovered, true);
	});

	test('$OPENCLAW_STATE_DIR, $OPENCLAW_CONFIG_PATH (with ~) and $OPENCLAW_HOME move it', () => {
		const h = home({
			's/openclaw.json': cfg({ port: 1, auth: { token: 'a' } }),
			'c.json': cfg({ port: 2, auth: { token: 'b' } }),
			'oc/.openclaw/openclaw.json': cfg({ port: 3, auth: { token: 'c' } }),
		});
		assert.equal(ok(find({ HOME: h, OPENCLAW_STATE_DIR: path.join(h, 's') })).port?.value, 1);
		assert.equal(ok(find({ HOME: h, OPENCLAW_STATE_DIR: path.join(h, 's'), OPENCLAW_CONFIG_PATH: '~/c.json' })).port?.value, 2);
		assert.equal(ok(find({ HOME: h, OPENCLAW_HOME: '~/oc' })).port?.value, 3);
	});

	test('the legacy ~/.clawdbot/clawdbot.json when that is what exists', () => {
		const h = home({ '.clawdbot/clawdbot.json': cfg({ port: 4, auth: { token: 'legacy' } }) });
		const r = ok(find({ HOME: h }));
		assert.deepEqual([r.configPath, r.token], [path.join(h, '.clawdbot/clawdbot.json'), 'legacy']);
	});

	test("--profile: ~/.openclaw-<name>, and without gateway.port that profile's own port (openclaw 2026.8+)", () => {
		const h = home({ '.openclaw-work/openclaw.json': cfg({ auth: { token: 'w' } }), '.openclaw/openclaw.json': cfg({ port: 9, auth: { token: 'x' } }) });
		const r = ok(find({ HOME: h }, { profile: 'work' }));
		assert.deepEqual([r.url, r.token, r.port?.source], ['ws://127.0.0.1:41984', 'w', 'profile']);
		assert.match(r.summary, /port 41984 of profile "work", no gateway\.port in/);
		// $OPENCLAW_PROFILE alone moves only the port, not the file (as in openclaw, where only --profile moves it).
		assert.deepEqual([ok(find({ HOME: h, OPENCLAW_PROFILE: 'work' })).token, ok(find({ HOME: h, OPENCLAW_PROFILE: 'work' })).port?.value], ['x', 9]);
		fails(find({ HOME: h }, { profile: 'a/b' }), /invalid profile name/);
	});

	test('port: $OPENCLAW_GATEWAY_PORT, else gateway.port, else 18789; gateway.tls.enabled means wss://', () => {
		const h = home({ '.openclaw/openclaw.json': cfg({ port: 18802, tls: { enabled: true }, auth: { token: 't' } }) });
		const r = ok(find({ HOME: h, OPENCLAW_GATEWAY_PORT: '127.0.0.1:18803' }));
		assert.deepEqual([r.url, r.port?.source], ['wss://127.0.0.1:18803', 'env']);
		const d = ok(find({ HOME: home({ '.openclaw/openclaw.json': cfg({ auth: { token: 't' } }) }) }));
		assert.deepEqual([d.url, d.port?.source], ['ws://127.0.0.1:18789', 'default']);
		assert.match(d.summary, /default port 18789, no gateway\.port in /);
		fails(find({ HOME: home({ '.openclaw/openclaw.json': cfg({ port: 99999, auth: { token: 't' } }) }) }), /gateway\.port in .* is 99999, not a TCP port/);
	});

	test('local mode: gateway.auth.token, else gateway.remote.token', () => {
		const h = home({ '.openclaw/openclaw.json': cfg({ remote: { url: 'wss://far.example', token: 'remote-t' } }) });
		const r = ok(find({ HOME: h }));
		assert.deepEqual([r.url, r.token], ['ws://127.0.0.1:18789', 'remote-t']);
		assert.match(r.summary, /token from gateway\.remote\.token in /);
	});

	test('remote mode: gateway.remote.url, gateway.remote.token first, then gateway.auth.token; no remote URL is an error', () => {
		const remote = { mode: 'remote', remote: { url: 'wss://gw.example:443', token: 'remote-t' }, auth: { token: 'local-t' } };
		const r = ok(find({ HOME: home({ '.openclaw/openclaw.json': cfg(remote) }) }));
		assert.deepEqual([r.url, r.urlSource, r.token, r.port], ['wss://gw.example:443', 'config-remote', 'remote-t', undefined]);
		const noRemoteToken = ok(find({ HOME: home({ '.openclaw/openclaw.json': cfg({ ...remote, remote: { url: 'wss://gw.example' } }) }) }));
		assert.equal(noRemoteToken.token, 'local-t');
		fails(
			find({ HOME: home({ '.openclaw/openclaw.json': cfg({ mode: 'remote', auth: { token: 't' } }) }) }),
			/gateway\.mode is "remote" in .* but gateway\.remote\.url is not set/,
		);
	});

	test('no file, or a file without a token: "no gateway token", naming the file', () => {
		const none = home();
		fails(
			find({ HOME: none }),
			new RegExp(`^no gateway token: no OpenClaw config at ${escape(path.join(none, '.openclaw/openclaw.json'))} \\(looked at \\$OPENCLAW_CONFIG_PATH`),
		);
		fails(
			find({ HOME: home({ '.openclaw/openclaw.json': cfg({ port: 1 }) }) }),
			/^no gateway token: .*openclaw\.json has no gateway\.auth\.token, and neither OPENCLAW_GATEWAY_TOKEN nor --token is set$/,
		);
	});

	test('password, none and trusted-proxy auth are named, not guessed at', () => {
		for (const mode of ['password', 'none', 'trusted-proxy'])
			fails(
				find({ HOME: home({ '.openclaw/openclaw.json': cfg({ auth: { mode } }) }) }),
				new RegExp(`uses gateway\\.auth\\.mode "${mode}"; this tool authenticates with the shared token only`),
			);
		fails(find({ HOME: home({ '.openclaw/openclaw.json': cfg({ auth: { password: 'p' } }) }) }), /gateway\.auth\.mode "password"/);
	});
});

describe('the CLI arguments feed the lookup', () => {
	test('--url, --token and --profile are passed as given; a bad profile name is a usage error', () => {
		const h = home({ '.openclaw-ci/openclaw.json': cfg({ port: 18810, auth: { token: 'ci' } }) });
		const options = parseDevicesArgs('devices', ['--profile', 'ci'], { HOME: h });
		assert.deepEqual(options.flags, { profile: 'ci' });
		const r = ok(resolveDevicesTarget(options, { HOME: h }));
		assert.deepEqual([r.url, r.token], ['ws://127.0.0.1:18810', 'ci']);
		const flagged = parseDevicesArgs('devices', ['--url', 'ws://127.0.0.1:5', '--token', 't'], { HOME: h });
		assert.deepEqual(flagged.flags, { url: 'ws://127.0.0.1:5', token: 't' });
		assert.throws(
			() => parseDevicesArgs('devices', ['--profile', '../etc'], {}),
			(e: unknown) => e instanceof UsageError && /--profile must be a profile name/.test(e.message),
		);
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
