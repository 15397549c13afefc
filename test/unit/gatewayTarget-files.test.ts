// What an openclaw.json may hold and the lookup reads as openclaw does (JSON5, $include, ${VAR}, SecretRefs, dotenv
// files, the config's env block), and the files it refuses with one clear reason. Real files in a temp HOME.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findGatewayTarget, GatewayTargetResult } from '../../core/src/openclaw/gatewayTarget';

let tmp: string;
let n = 0;
before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-target-files-'))));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fresh state dir (OPENCLAW_STATE_DIR) with these files; the env to find it. */
function state(files: Record<string, string | Buffer>, extraEnv: NodeJS.ProcessEnv = {}): { dir: string; env: NodeJS.ProcessEnv } {
	const dir = path.join(tmp, `state-${++n}`);
	fs.mkdirSync(dir, { recursive: true });
	for (const [rel, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.writeFileSync(path.join(dir, rel), content);
	}
	return { dir, env: { HOME: path.join(dir, 'home'), OPENCLAW_STATE_DIR: dir, ...extraEnv } };
}

function find(files: Record<string, string | Buffer>, extraEnv: NodeJS.ProcessEnv = {}): GatewayTargetResult {
	return findGatewayTarget({ env: state(files, extraEnv).env });
}

function token(result: GatewayTargetResult): string {
	assert.ok(result.ok, result.ok ? '' : result.message);
	return result.token;
}

function fails(result: GatewayTargetResult, message: RegExp): string {
	assert.equal(result.ok, false, 'the lookup fails');
	assert.ok(!result.ok);
	assert.match(result.message, message);
	assert.doesNotMatch(result.message, /\n/, 'one line');
	return result.message;
}

describe('JSON5, as openclaw parses it', () => {
	test('comments, unquoted keys, single quotes, trailing commas, hex numbers', () => {
		const text = `// written by hand\n{\n  gateway: {\n    port: 0x4970, /* 18800 */\n    auth: { token: 'json5-token', },\n  },\n}\n`;
		const r = find({ 'openclaw.json': text });
		assert.ok(r.ok);
		assert.deepEqual([r.url, r.token], ['ws://127.0.0.1:18800', 'json5-token']);
	});
});

describe('$include', () => {
	test('the gateway section from an included file; sibling keys override it', () => {
		const r = find({
			'openclaw.json': `{ gateway: { $include: './gateway.json5', port: 18805 } }`,
			'gateway.json5': `{ port: 1, auth: { token: 'included-token' } }`,
		});
		assert.ok(r.ok);
		assert.deepEqual([r.url, r.token], ['ws://127.0.0.1:18805', 'included-token']);
	});

	test('a top-level list, merged in order; nested includes are relative to their file', () => {
		const r = find({
			'openclaw.json': `{ $include: ['./a.json', './sub/b.json'] }`,
			'a.json': `{ "gateway": { "port": 2, "auth": { "token": "a" } } }`,
			'sub/b.json': `{ gateway: { $include: './c.json' } }`,
			'sub/c.json': `{ auth: { token: 'c' } }`,
		});
		assert.ok(r.ok);
		assert.deepEqual([r.port?.value, r.token], [2, 'c']);
	});

	test('a broken include outside gateway/secrets/env does not hide the gateway', () => {
		assert.equal(token(find({ 'openclaw.json': `{ channels: { $include: './missing.json' }, gateway: { auth: { token: 't' } } }` })), 't');
	});

	test('outside the config folder, circular, missing or not JSON5: one line naming the include', () => {
		const outside = path.join(tmp, `outside-${crypto.randomUUID()}.json`);
		fs.writeFileSync(outside, '{}');
		fails(find({ 'openclaw.json': `{ gateway: { $include: ${JSON.stringify(outside)} } }` }), /\$include ".*" is outside the config's folder/);
		fails(find({ 'openclaw.json': `{ gateway: { $include: './a.json' } }`, 'a.json': `{ $include: './openclaw.json' }` }), /includes itself \(circular\)/);
		fails(find({ 'openclaw.json': `{ gateway: { $include: './gone.json' } }` }), /\$include ".\/gone.json": .*gone\.json does not exist/);
		fails(find({ 'openclaw.json': `{ gateway: { $include: './bad.json' } }`, 'bad.json': '{ auth: ' }), /bad\.json is not valid JSON5/);
	});

	test('$OPENCLAW_INCLUDE_ROOTS lets an include read from another folder', () => {
		const root = path.join(tmp, `root-${++n}`);
		fs.mkdirSync(root);
		fs.writeFileSync(path.join(root, 'gw.json'), '{ "auth": { "token": "rooted" } }');
		assert.equal(
			token(find({ 'openclaw.json': `{ gateway: { $include: ${JSON.stringify(path.join(root, 'gw.json'))} } }` }, { OPENCLAW_INCLUDE_ROOTS: root })),
			'rooted',
		);
	});
});

describe('${VAR}, SecretRefs and where variables come from', () => {
	const withToken = (value: unknown, extra = '') => `{ ${extra} gateway: { auth: { token: ${JSON.stringify(value)} } } }`;

	test('${VAR} inside a value is replaced; $${VAR} stays literal; a missing one is named, not sent', () => {
		assert.equal(token(find({ 'openclaw.json': withToken('pre-${MY_PART}') }, { MY_PART: 'x' })), 'pre-x');
		assert.equal(token(find({ 'openclaw.json': withToken('lit-$${MY_PART}') })), 'lit-${MY_PART}');
		fails(
			find({ 'openclaw.json': withToken('pre-${MY_PART}') }),
			/^no gateway token: gateway\.auth\.token in .* refers to \$\{MY_PART\}, which is not set; set OPENCLAW_GATEWAY_TOKEN or pass --token$/,
		);
	});

	test('env SecretRefs: "${VAR}", "$VAR", {source:"env",…} and the older {source, id}', () => {
		const env = { MY_GW_TOKEN: 'from-env' };
		for (const value of ['${MY_GW_TOKEN}', '$MY_GW_TOKEN', { source: 'env', provider: 'default', id: 'MY_GW_TOKEN' }, { source: 'env', id: 'MY_GW_TOKEN' }]) {
			const r = find({ 'openclaw.json': withToken(value) }, env);
			assert.equal(token(r), 'from-env', JSON.stringify(value));
			assert.ok(r.ok && r.summary.includes('token from gateway.auth.token ($MY_GW_TOKEN) in '), r.ok ? r.summary : '');
		}
		fails(find({ 'openclaw.json': withToken({ source: 'env', provider: 'default', id: 'MY_GW_TOKEN' }) }), /refers to \$MY_GW_TOKEN, which is not set/);
	});

	test("an env provider's allowlist is honoured; an unknown provider is named", () => {
		const secrets = `secrets: { providers: { vault: { source: 'env', allowlist: ['OTHER'] } } },`;
		fails(
			find({ 'openclaw.json': withToken({ source: 'env', provider: 'vault', id: 'MY_GW_TOKEN' }, secrets) }, { MY_GW_TOKEN: 'x' }),
			/allowlist does not allow/,
		);
		fails(
			find({ 'openclaw.json': withToken({ source: 'env', provider: 'nope', id: 'MY_GW_TOKEN' }) }, { MY_GW_TOKEN: 'x' }),
			/secrets\.providers\.nope, which is not configured/,
		);
	});

	test('store, file and exec SecretRefs are reported with what to do, never guessed', () => {
		const store = fails(
			find({ 'openclaw.json': withToken({ source: 'store', provider: 'default', id: 'OPENCLAW_GATEWAY_TOKEN' }) }),
			/is a SecretRef to OpenClaw's secret store \(store:default:OPENCLAW_GATEWAY_TOKEN\), which only OpenClaw can resolve; set OPENCLAW_GATEWAY_TOKEN \(openclaw gateway auth-token --show prints it\)/,
		);
		assert.match(store, /^no gateway token: /);
		fails(find({ 'openclaw.json': withToken({ source: 'file', provider: 'f', id: '/gw/token' }) }), /SecretRef to a secrets file \(file:f:\/gw\/token\)/);
		fails(find({ 'openclaw.json': withToken({ source: 'exec', provider: 'x', id: 'get' }) }), /SecretRef to a command/);
		fails(find({ 'openclaw.json': withToken({ token: 'nested' }) }), /is an object but not a SecretRef/);
		fails(find({ 'openclaw.json': withToken(42) }), /is a number, not a string or a SecretRef/);
	});

	test("<state dir>/.env and the config's env block supply variables; the process environment wins", () => {
		assert.equal(token(find({ 'openclaw.json': '{ gateway: { port: 1 } }', '.env': 'OPENCLAW_GATEWAY_TOKEN="dotenv-token"\n' })), 'dotenv-token');
		const r = find({ 'openclaw.json': '{ gateway: { port: 1 } }', '.env': 'OPENCLAW_GATEWAY_TOKEN=dotenv-token\n' }, { OPENCLAW_GATEWAY_TOKEN: 'shell' });
		assert.equal(token(r), 'shell');
		assert.ok(r.ok && /token from \$OPENCLAW_GATEWAY_TOKEN$/.test(r.summary), r.ok ? r.summary : '');
		const dot = find({ 'openclaw.json': '{ gateway: { port: 1 } }', '.env': 'OPENCLAW_GATEWAY_TOKEN=dotenv-token\n' });
		assert.ok(dot.ok && /token from \$OPENCLAW_GATEWAY_TOKEN in .*\.env$/.test(dot.summary), dot.ok ? dot.summary : '');
		assert.equal(token(find({ 'openclaw.json': withToken('${BLOCK_TOKEN}', `env: { vars: { BLOCK_TOKEN: 'from-block' } },`) })), 'from-block');
		assert.equal(token(find({ 'openclaw.json': withToken('${BLOCK_TOKEN}', `env: { BLOCK_TOKEN: 'plain' },`) }, { BLOCK_TOKEN: 'shell' })), 'shell');
	});
});

describe('files that are not a config: one line, the file named, nothing written', () => {
	const refuse = (files: Record<string, string | Buffer>, message: RegExp): void => {
		const { dir, env } = state(files);
		const before = snapshot(dir);
		const r = findGatewayTarget({ env });
		fails(r, message);
		assert.ok(!r.ok && r.message.includes(path.join(dir, 'openclaw.json')), 'names the file');
		assert.deepEqual(snapshot(dir), before, 'nothing written');
	};

	test('not JSON5, not an object, a directory, invalid UTF-8, 1 MB of garbage, too large', () => {
		refuse(
			{ 'openclaw.json': '{ gateway: { port: 1, }' },
			/is not valid JSON5 \(invalid end of input at line 1, column 24\); fix it, or pass --url and --token$/,
		);
		refuse({ 'openclaw.json': '[1, 2]' }, /does not hold a JSON object/);
		refuse({ 'openclaw.json/x': '' }, /openclaw\.json is a directory, not a config file/);
		refuse({ 'openclaw.json': Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }, /is not UTF-8 text/);
		refuse(
			{ 'openclaw.json': crypto.randomBytes(1024 * 1024).toString('base64') },
			/is not valid JSON5 \((invalid character '.' at line 1, column \d+|invalid end of input.*)\)/,
		);
		refuse({ 'openclaw.json': crypto.randomBytes(1024 * 1024) }, /is not UTF-8 text|is not valid JSON5/);
		refuse({ 'openclaw.json': ' '.repeat(3 * 1024 * 1024) }, /is 3\.0 MB: too large for an OpenClaw config/);
	});

	test('a deeply nested file is a parse result, not a crash', () => {
		const r = find({ 'openclaw.json': `${'['.repeat(200_000)}${']'.repeat(200_000)}` });
		fails(r, /does not hold a JSON object|nested too deeply/);
	});
});

function snapshot(dir: string): string[] {
	return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort().map((rel) => {
		const file = path.join(dir, rel);
		return fs.statSync(file).isFile() ? `${rel}:${crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')}` : rel;
	});
}
