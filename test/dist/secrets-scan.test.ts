// Every non-VS-Code feature run with KNOWN secrets — a shared token, a device private key, paired.json and
// device-auth.json tokens, and tokens a (fake) gateway hands back in approve/rotate answers, lists and events —
// then every captured output searched for each secret and every 16-character piece of it: zero hits.
// Covers the PairingService with trace on, the CLI (`devices`, `approve`, `reject`, `check`, human and --json) and
// the language service (every diagnostic message and data, every hover, every code action title).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { identityFromSeed } from '../../core/src/gateway';
import { FileIdentityStore } from '../../core/src/pairing/identityStore';
import { createPairingService } from '../../core/src/pairing/pairingService';
import type { FileKind } from '../../core/src/openclaw/fileKind';
import { PairingLanguageService } from '../../server/src/service/languageService';
import { FakeGateway, startFakeGateway } from '../support/fakeGateway';
import { writeFigures } from '../support/figures';
import { NOW, newDeviceKey, pairedDevice, pairedFile } from '../support/fixtures';
import { capturingLogger, waitForState } from '../support/pairingHarness';
import { leaks, secretPieces, WINDOW } from '../support/secretPieces';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const identity = identityFromSeed(Buffer.from('5ec2e75ec2e7a11ce0ffee5ec2e75ec2e75ec2e75ec2e70b0e5ec2e75ec2e799', 'hex'));
const SEED = Buffer.from(identity.privateKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64').subarray(-32);
const SHARED = 'KnownSharedToken-9f8e7d6c5b4a39281706f5e4';
const PAIRED_TOKENS = ['KnownPairedOperatorToken-Zx81Qm2Vt7Ky4Lp9Rw3H', 'KnownPairedNodeToken-Bf5Jq8Xc2Tv7Mh4Wk9Yp1Gs'];
const AUTH_TOKEN = 'KnownDeviceAuthToken-Ua7Ne3Pb9Kd2Wq6Lz4Hr8Tc';
const ISSUED = 'KnownIssuedByApprove-Cw4Rt8Yu2Io6Pa1Sd5Fg9H';
const ROTATED = 'KnownRotatedToken-Jk3Lz7Xc1Vb5Nm9Qw2Er6Ty0';
const EVENT_TOKEN = 'KnownEventPayloadToken-Ui4Op8As2Df6Gh0Jk3Lz';

const SECRETS: Record<string, string> = {
	shared: SHARED, privateKeyPem: identity.privateKeyPem, privateKeyBody: identity.privateKeyPem.replace(/-----[^-]+-----|\s/g, ''),
	seedHex: SEED.toString('hex'), seedBase64: SEED.toString('base64'), seedBase64url: SEED.toString('base64url'),
	pairedOperator: PAIRED_TOKENS[0], pairedNode: PAIRED_TOKENS[1], deviceAuth: AUTH_TOKEN, issued: ISSUED, rotated: ROTATED, event: EVENT_TOKEN,
};

const PIECES = secretPieces(SECRETS);

interface Place {
	where: string;
	text: string;
	/** From a file with a secret pasted into a non-secret field (role): tracked apart, see the todo test. */
	misplaced: boolean;
}

describe('secrets never reach any output', () => {
	let tmp: string;
	let stateDir: string;
	let fake: FakeGateway;
	const places: Place[] = [];
	const capture = (where: string, text: string, misplaced = false) => places.push({ where, text, misplaced });
	const files: { name: string; kind: FileKind; text: string; misplaced?: boolean }[] = [];

	before(async () => {
		if (!fs.existsSync(CLI)) assert.equal(spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' }).status, 0);
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-scan-'));
		stateDir = path.join(tmp, '.openclaw');
		fs.mkdirSync(path.join(stateDir, 'devices'), { recursive: true });
		fs.mkdirSync(path.join(stateDir, 'identity'), { recursive: true });

		// paired.json: a clean CLI device, a drifted node (token scope beyond approved, wrong role), a key/id mismatch.
		const op = pairedDevice({ tokens: { operator: { token: PAIRED_TOKENS[0], role: 'operator', scopes: ['operator.admin', 'operator.pairing', 'operator.read', 'operator.write'], createdAtMs: NOW - 5000 } } });
		const drift = pairedDevice({ clientId: 'openclaw-control-ui', clientMode: 'webchat', scopes: ['operator.read'], approvedScopes: ['operator.read'],
			tokens: { operator: { token: PAIRED_TOKENS[1], role: 'operator', scopes: ['operator.read', 'operator.approvals', 'operator.raed'], createdAtMs: NOW - 4000 } } });
		const other = newDeviceKey();
		const mismatch = { ...pairedDevice({ tokens: { operator: { token: `${PAIRED_TOKENS[0]}-x`, role: 'operator', scopes: ['operator.read'] } } }), deviceId: other.deviceId };
		const paired = pairedFile(op, drift, mismatch);
		files.push({ name: 'devices/paired.json', kind: 'paired', text: paired });
		// A syntax error right next to a token: the message must not quote the text around it.
		files.push({ name: 'broken/paired.json', kind: 'paired', text: `{"${'a'.repeat(64)}": {"tokens": {"operator": {"token": "${PAIRED_TOKENS[0]}" "role": "operator"}}}}` });
		files.push({ name: 'dup/paired.json', kind: 'paired', text: `{"x": {"token": "${PAIRED_TOKENS[1]}", "token": "${PAIRED_TOKENS[0]}"}}` });
		const device = { version: 1, deviceId: identity.deviceId, publicKeyPem: identity.publicKeyPem, privateKeyPem: identity.privateKeyPem, createdAtMs: NOW };
		files.push({ name: 'identity/device.json', kind: 'device', text: JSON.stringify(device, null, 2) });
		files.push({ name: 'bad-identity/device.json', kind: 'device', text: JSON.stringify({ ...device, deviceId: 'f'.repeat(64), privateKeyPem: identity.privateKeyPem.replace('MC4', 'XX4') }, null, 2) });
		const auth = { version: 1, deviceId: identity.deviceId, tokens: { operator: { token: AUTH_TOKEN, role: 'operator', scopes: ['operator.admin', 'operator.raed'], updatedAtMs: NOW } } };
		files.push({ name: 'identity/device-auth.json', kind: 'device-auth', text: JSON.stringify(auth, null, 2) });
		files.push({ name: 'bad-auth/device-auth.json', kind: 'device-auth', text: JSON.stringify({ ...auth, tokens: { operator: { token: 42, role: 'node' } } }, null, 2) });
		// A token pasted into the wrong field: the value is no longer where a secret is expected.
		files.push({ name: 'misplaced/device-auth.json', kind: 'device-auth', misplaced: true, text: JSON.stringify({ ...auth, tokens: { operator: { token: 42, role: AUTH_TOKEN } } }, null, 2) });
		for (const f of files) {
			const file = f.name.startsWith('devices/') || f.name.startsWith('identity/') ? path.join(stateDir, f.name) : path.join(tmp, f.name);
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.writeFileSync(file, f.text);
		}

		fake = await startFakeGateway();
		const tokenSummary = { role: 'operator', scopes: ['operator.read'], createdAtMs: NOW, token: ISSUED };
		fake.pending = [1, 2, 3].map((n) => ({ requestId: `req-${n}`, deviceId: String(n).repeat(64), publicKey: 'pk', displayName: `device ${n}`, role: 'operator', roles: ['operator'], scopes: ['operator.read'], ts: NOW }));
		fake.paired = [{ deviceId: identity.deviceId, publicKey: identity.publicKey, role: 'operator', scopes: ['operator.pairing', 'operator.read'], tokens: [tokenSummary], deviceToken: ISSUED, createdAtMs: NOW, approvedAtMs: NOW }];
		fake.handle('device.pair.approve', (params, reply) => {
			const requestId = (params as { requestId: string }).requestId;
			fake.pending = fake.pending.filter((p) => p.requestId !== requestId);
			reply.ok({ requestId, device: { deviceId: '1'.repeat(64), role: 'operator', scopes: ['operator.read'], tokens: [tokenSummary], token: ISSUED } });
		});
		fake.handle('device.pair.reject', (params, reply) => {
			fake.pending = fake.pending.filter((p) => p.requestId !== (params as { requestId: string }).requestId);
			reply.ok({ requestId: (params as { requestId: string }).requestId, deviceId: '2'.repeat(64) });
		});
		fake.handle('device.token.rotate', (_params, reply) => reply.ok({ deviceId: identity.deviceId, role: 'operator', token: ROTATED, scopes: ['operator.read'] }));
		fake.handle('device.token.revoke', (_params, reply) => reply.ok({ deviceId: identity.deviceId, role: 'operator', revokedAtMs: NOW }));
		fake.handle('device.pair.remove', (_params, reply) => reply.ok({ deviceId: '9'.repeat(64) }));
		fake.handle('device.pair.rename', (_params, reply) => reply.error('INVALID_REQUEST', 'unknown method: device.pair.rename'));
	});

	after(async () => {
		await fake?.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	test('the PairingService with trace on: logs, snapshots, states and errors', async () => {
		const dir = path.join(tmp, 'extension-storage', 'pairing');
		const store = new FileIdentityStore(path.join(dir, 'identity.json'));
		fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
		fs.writeFileSync(store.path, JSON.stringify({ version: 1, deviceId: identity.deviceId, publicKeyPem: identity.publicKeyPem, privateKeyPem: identity.privateKeyPem, createdAtMs: NOW }), { mode: 0o600 });
		const log = capturingLogger();
		const service = createPairingService({ url: fake.url, token: async () => SHARED, identityStore: store, preferDevice: true, log, trace: true, backoff: { initialMs: 50, maxMs: 100, jitter: 0 } });
		service.onDidChangeState((s) => capture('service state', JSON.stringify(s)));
		service.onDidChangeSnapshot((s) => capture('service snapshot', JSON.stringify(s)));
		service.start();
		await waitForState(service, (s) => s.kind === 'connected');
		assert.equal(service.deviceId, identity.deviceId, 'the known identity was used');
		fake.sendEvent('device.pair.requested', { requestId: 'req-9', deviceId: '9'.repeat(64), publicKey: 'pk', role: 'operator', scopes: ['operator.read'], ts: NOW, token: EVENT_TOKEN });
		fake.sendEvent('device.pair.resolved', { requestId: 'req-9', deviceId: '9'.repeat(64), decision: 'approved', ts: NOW, deviceToken: EVENT_TOKEN });
		const results: unknown[] = [];
		const run = async (what: string, p: Promise<unknown>) => results.push(what, await p.then((v) => v, (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))));
		await run('refresh', service.refresh());
		await run('approve', service.approve('req-1'));
		await run('reject', service.reject('req-2'));
		await run('rotate', service.rotateToken(identity.deviceId, 'operator'));
		await run('revoke', service.revokeToken(identity.deviceId, 'operator'));
		await run('rename', service.rename(identity.deviceId, 'renamed'));
		await run('remove', service.remove('9'.repeat(64)));
		await run('expired', service.approve('req-gone'));
		fake.dropAll(); // a disconnect message too
		await waitForState(service, (s) => s.kind === 'disconnected' || s.kind === 'connecting');
		await service.stop();
		for (const line of log.lines) capture('service log', line);
		capture('service action results', JSON.stringify(results));
		assert.ok(log.lines.some((l) => l.startsWith('trace → device.token.rotate')), 'trace was on');
	});

	test('the CLI: devices, approve, reject (human and --json) and check (files and state dir)', async () => {
		const xdg = path.join(tmp, 'xdg');
		const identityPath = path.join(tmp, 'cli-identity', 'identity.json');
		fs.mkdirSync(path.dirname(identityPath), { mode: 0o700 });
		fs.writeFileSync(identityPath, JSON.stringify({ version: 1, deviceId: identity.deviceId, publicKeyPem: identity.publicKeyPem, privateKeyPem: identity.privateKeyPem, createdAtMs: NOW }), { mode: 0o600 });
		const env = { ...process.env, HOME: tmp, XDG_CONFIG_HOME: xdg, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_GATEWAY_URL: fake.url, OPENCLAW_GATEWAY_TOKEN: SHARED };
		const runs: string[][] = [
			// --as-device: the device login signs with the key under test (on loopback the CLI would log in without one).
			['devices', '--json', '--as-device', '--identity', identityPath], ['devices', '--as-device', '--identity', identityPath],
			['approve', 'req-3', '--json', '--as-device', '--identity', identityPath], ['approve', 'req-3', '--as-device', '--identity', identityPath],
			['reject', 'req-2', '--as-device', '--identity', identityPath], ['reject', 'req-2', '--json', '--as-device', '--identity', identityPath],
			['devices', '--json', '--as-device'], // default identity path: created fresh under XDG_CONFIG_HOME
			['devices', '--json'], // the device-less loopback login
			['devices', '--token', SHARED, '--bogus'], // usage error with the token on the command line
			['check'], ['check', '--json'], ['check', '--require-scope', 'operator.write'],
			...files.map((f) => ['check', f.name.startsWith('devices/') || f.name.startsWith('identity/') ? path.join(stateDir, f.name) : path.join(tmp, f.name), '--kind', f.kind, '--json']),
			...files.map((f) => ['check', f.name.startsWith('devices/') || f.name.startsWith('identity/') ? path.join(stateDir, f.name) : path.join(tmp, f.name), '--kind', f.kind]),
		];
		for (const args of runs) {
			const r = await runCli(args, env);
			const shown = args.map((a) => (a === SHARED ? '<token>' : a)).join(' ');
			const misplaced = args.some((a) => a.includes('misplaced'));
			capture(`cli ${shown} stdout`, r.stdout, misplaced);
			capture(`cli ${shown} stderr`, r.stderr, misplaced);
			assert.ok(r.code !== null && r.code <= 2, `${shown}: exit ${r.code}`);
		}
		const created = path.join(xdg, 'openclaw-pairing', 'identity.json');
		assert.equal(fs.statSync(created).mode & 0o777, 0o600, 'the CLI identity file is 0600');
		assert.equal(fs.statSync(path.dirname(created)).mode & 0o777, 0o700, 'its directory is 0700');
	});

	test('the language service: every diagnostic (message, data, related info), every hover, every code action title', () => {
		const ls = new PairingLanguageService();
		let version = 0;
		let hovers = 0;
		for (const f of files) {
			const doc = TextDocument.create(`file:///home/u/.openclaw/${f.name}`, 'json', ++version, f.text);
			const diagnostics = ls.validate(doc, f.kind, { requiredScopes: ['operator.write'], now: () => NOW });
			const m = f.misplaced === true;
			for (const d of diagnostics) capture(`diagnostic ${f.name} ${String(d.code)}`, `${d.message} ${JSON.stringify(d.data ?? null)} ${JSON.stringify(d.relatedInformation ?? null)}`, m);
			for (const a of ls.codeActions(doc, f.kind, diagnostics)) capture(`code action ${f.name}`, a.title, m);
			for (let offset = 0; offset <= f.text.length; offset++) {
				const h = ls.hover(doc, f.kind, doc.positionAt(offset));
				if (!h) continue;
				hovers++;
				capture(`hover ${f.name}@${offset}`, JSON.stringify(h.contents), m);
			}
		}
		assert.ok(hovers > 0, 'some hovers were produced');
	});

	test('a fresh identity store is owner-only: file 0600, directory 0700', async () => {
		const dir = path.join(tmp, 'fresh', 'store');
		const store = new FileIdentityStore(path.join(dir, 'device-identity.json'));
		const created = await store.loadOrCreate();
		assert.equal(fs.statSync(store.path).mode & 0o777, 0o600);
		assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
		assert.deepEqual(await new FileIdentityStore(store.path).loadOrCreate(), created, 'read back unchanged');
	});

	const hitsIn = (list: Place[]) => leaks(list, PIECES);

	// Values echoed from non-secret fields (a role, a scope) are withheld when they look like a token.
	test('a token pasted into the "role" field is not echoed either', () => {
		assert.deepEqual(hitsIn(places.filter((p) => p.misplaced)), []);
	});

	test('zero hits for any secret or any 16-character piece of one', () => {
		const searched = places;
		const hits = hitsIn(searched);
		const byKind = (prefix: string) => searched.filter((p) => p.where.startsWith(prefix)).length;
		writeFigures('secrets-scan.json', {
			secretsKnown: Object.keys(SECRETS).length,
			piecesSearched: PIECES.length,
			windowChars: WINDOW,
			placesSearched: searched.length,
			charsSearched: searched.reduce((n, p) => n + p.text.length, 0),
			places: { service: byKind('service'), cli: byKind('cli'), diagnostics: byKind('diagnostic'), codeActions: byKind('code action'), hovers: byKind('hover') },
			hits: hits.length,
			misplacedSecretPlaces: places.filter((p) => p.misplaced).length,
		});
		assert.ok(searched.length > 100, `enough places searched (${searched.length})`);
		assert.deepEqual([...new Set(hits)], []);
	});
});

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CLI, ...args], { env, cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
		child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		child.once('error', reject);
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}
