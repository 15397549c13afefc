// Named gateways (openclawPairing.gateways and the CLI's gateways.json): the list is checked once, bad entries are
// left out with a line that names them, and a token is keyed by the gateway's URL, never by its name alone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { findGatewayProfile, normalizeGatewayUrl, parseGatewayProfiles, tokenKeyFor } from '../../core/src/pairing/gatewayProfiles';
import { namedGatewayTarget } from '../../cli/src/gatewaysFile';

const PIN = 'AB:'.repeat(31) + 'AB';

describe('gateway profiles', () => {
	test('URLs are normalised: scheme and host lower-cased, default port and trailing slash dropped; credentials refused', () => {
		assert.equal(normalizeGatewayUrl('WS://LocalHost:18789/'), 'ws://localhost:18789');
		assert.equal(normalizeGatewayUrl('wss://gw.example.com:443/openclaw/'), 'wss://gw.example.com/openclaw');
		assert.equal(normalizeGatewayUrl(' ws://[::1]:18789 '), 'ws://[::1]:18789');
		assert.equal(normalizeGatewayUrl('http://127.0.0.1:18789'), undefined);
		assert.equal(normalizeGatewayUrl('ws://user:pw@127.0.0.1:18789'), undefined);
		assert.equal(normalizeGatewayUrl('not a url'), undefined);
		assert.equal(tokenKeyFor('ws://127.0.0.1:18789/'), tokenKeyFor('WS://127.0.0.1:18789'));
		assert.notEqual(tokenKeyFor('ws://127.0.0.1:18789'), tokenKeyFor('ws://127.0.0.1:28789'));
	});

	test('a good list: names, URLs and a pin kept; the pin normalised to 64 hex digits', () => {
		const { profiles, problems } = parseGatewayProfiles(
			[
				{ name: 'local', url: 'ws://127.0.0.1:18789' },
				{ name: ' vps ', url: 'ws://127.0.0.1:28789', tokenEnv: 'VPS_TOKEN' },
				{ name: 'cloud', url: 'wss://gw.example.com', tlsFingerprint: PIN },
			],
			'openclawPairing.gateways',
		);
		assert.deepEqual(problems, []);
		assert.deepEqual(profiles, [
			{ name: 'local', url: 'ws://127.0.0.1:18789' },
			{ name: 'vps', url: 'ws://127.0.0.1:28789', tokenEnv: 'VPS_TOKEN' },
			{ name: 'cloud', url: 'wss://gw.example.com', tlsFingerprint: 'ab'.repeat(32) },
		]);
	});

	test('bad entries are left out, each with a line naming it; the good ones stay', () => {
		const { profiles, problems } = parseGatewayProfiles(
			[
				'ws://127.0.0.1:1',
				{ url: 'ws://127.0.0.1:2' },
				{ name: 'http', url: 'http://127.0.0.1:3' },
				{ name: 'plain-pin', url: 'ws://127.0.0.1:4', tlsFingerprint: PIN },
				{ name: 'bad-pin', url: 'wss://h', tlsFingerprint: 'xyz' },
				{ name: 'env', url: 'ws://127.0.0.1:5', tokenEnv: 'not a name' },
				{ name: 'ok', url: 'ws://127.0.0.1:6' },
				{ name: 'OK', url: 'ws://127.0.0.1:7' },
				{ name: 'twin', url: 'ws://127.0.0.1:6/' },
			],
			'gws',
		);
		assert.deepEqual(
			profiles.map((p) => p.name),
			['ok'],
		);
		assert.equal(problems.length, 8, problems.join('\n'));
		assert.match(problems[0], /^gws\[0\]: each gateway is an object/);
		assert.match(problems[2], /^gws\[2\]: "http": "url" must be a ws:\/\/ or wss:\/\/ URL/);
		assert.match(problems[3], /needs a wss:\/\/ URL/);
		assert.match(problems[6], /"OK" is used twice/);
		assert.match(problems[7], /same URL as "ok"/);
		assert.deepEqual(parseGatewayProfiles({ name: 'x' }, 'gws').problems, ['gws must be a list of gateways ({ "name": …, "url": … })']);
		assert.deepEqual(parseGatewayProfiles(undefined, 'gws'), { profiles: [], problems: [] });
	});

	test('finding by name is case-insensitive; an unknown name lists the known ones', () => {
		const list = parseGatewayProfiles(
			[
				{ name: 'VPS', url: 'ws://127.0.0.1:28789' },
				{ name: 'local', url: 'ws://127.0.0.1:18789' },
			],
			'f',
		);
		const hit = findGatewayProfile(list, 'vps', 'f');
		assert.ok(hit.ok && hit.profile.url === 'ws://127.0.0.1:28789');
		const miss = findGatewayProfile(list, 'nope', 'f');
		assert.ok(!miss.ok && /there are: VPS, local/.test(miss.message));
	});
});

describe("the CLI: --gateway NAME reads gateways.json and never lends one gateway the other one's token", () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateways-file-'));
	const file = path.join(dir, 'gateways.json');
	fs.writeFileSync(
		file,
		`// JSON5 like openclaw.json: comments are fine
{ gateways: [
	{ name: "local", url: "ws://127.0.0.1:18789" },
	{ name: "vps", url: "ws://127.0.0.1:28789", tokenEnv: "VPS_TOKEN" },
] }`,
	);

	test('tokenEnv, --token, and $OPENCLAW_GATEWAY_TOKEN only when $OPENCLAW_GATEWAY_URL is that gateway', () => {
		const vps = namedGatewayTarget('vps', undefined, { VPS_TOKEN: 'vps-secret', OPENCLAW_GATEWAY_TOKEN: 'local-secret' }, file);
		assert.ok(vps.ok);
		assert.equal(vps.url, 'ws://127.0.0.1:28789');
		assert.equal(vps.token, 'vps-secret');
		assert.ok(!vps.summary.includes('vps-secret'), 'the summary never holds the token');
		const flag = namedGatewayTarget('vps', 'flag-secret', { VPS_TOKEN: 'vps-secret' }, file);
		assert.ok(flag.ok && flag.token === 'flag-secret');
		const local = namedGatewayTarget('local', undefined, { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:18789/', OPENCLAW_GATEWAY_TOKEN: 'local-secret' }, file);
		assert.ok(local.ok && local.token === 'local-secret');
		// The variable pair names the local gateway: its token must not go to "vps"... nor to "local" when the URL is another.
		const unset = namedGatewayTarget('vps', undefined, { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:18789', OPENCLAW_GATEWAY_TOKEN: 'local-secret' }, file);
		assert.ok(!unset.ok && /\$VPS_TOKEN is not set/.test(unset.message));
		const elsewhere = namedGatewayTarget('local', undefined, { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:28789', OPENCLAW_GATEWAY_TOKEN: 'vps-secret' }, file);
		assert.ok(!elsewhere.ok && /only when \$OPENCLAW_GATEWAY_URL names this gateway/.test(elsewhere.message));
		assert.ok(!elsewhere.ok && !elsewhere.message.includes('vps-secret'));
	});

	test('a missing file, bad JSON, a wrong shape and an unknown name each say what to do', () => {
		const missing = namedGatewayTarget('vps', undefined, {}, path.join(dir, 'none.json'));
		assert.ok(!missing.ok && /does not exist; create it, e.g. \{ "gateways"/.test(missing.message));
		const broken = path.join(dir, 'broken.json');
		fs.writeFileSync(broken, '{ gateways: [');
		const bad = namedGatewayTarget('vps', undefined, {}, broken);
		assert.ok(!bad.ok && /broken\.json: .*line/.test(bad.message), !bad.ok ? bad.message : '');
		const shape = path.join(dir, 'shape.json');
		fs.writeFileSync(shape, '[]');
		assert.ok(!namedGatewayTarget('vps', undefined, {}, shape).ok);
		const unknown = namedGatewayTarget('nas', undefined, {}, file);
		assert.ok(!unknown.ok && /no gateway named "nas".*there are: local, vps/.test(unknown.message));
	});
});
