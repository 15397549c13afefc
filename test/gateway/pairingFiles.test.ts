// The language service against files the REAL openclaw 2026.6.6 gateway (the JSON-store line) wrote, and the proof
// that the missing-scope quick fix is right: the gateway itself refuses the broken device and accepts the fixed one.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { connectGateway, DeviceIdentity, GatewayClientInfo, GatewayConnectError, generateDeviceIdentity } from '../../core/src/gateway';
import { findGatewayOnStateDir } from '../../core/src/openclaw/gatewayLock';
import { detectFileKind } from '../../core/src/openclaw/fileKind';
import { PairingLanguageService } from '../../server/src/service/languageService';
import { RunningGateway, startGateway } from '../support/gateway';
import { applyTextEdits } from '../support/text';

const VERSION = '2026.6.6';
const CLI_SCOPES = ['operator.admin', 'operator.read', 'operator.write', 'operator.approvals', 'operator.pairing', 'operator.talk.secrets'];
const service = new PairingLanguageService();
let version = 0;

function diagnose(file: string, stateDir: string): { text: string; document: TextDocument; diagnostics: Diagnostic[] } {
	const text = fs.readFileSync(file, 'utf8');
	const kind = detectFileKind(file, [stateDir]);
	assert.ok(kind, `${file} is recognized as a pairing file`);
	const document = TextDocument.create(pathToFileURL(file).toString(), 'json', ++version, text);
	return { text, document, diagnostics: service.validate(document, kind) };
}

function cliInfo(displayName: string): GatewayClientInfo {
	return { id: 'cli', mode: 'cli', version: '2026.6.6', platform: 'linux', displayName };
}

describe(`files written by the real openclaw ${VERSION} gateway`, () => {
	let gw: RunningGateway;
	const cliDevice: DeviceIdentity = generateDeviceIdentity();
	let cliDeviceToken = '';

	before(async () => {
		gw = await startGateway({ version: VERSION });
	});
	after(async () => {
		await gw?.destroy();
	});

	test('every pairing file the gateway and its CLI write validates clean, but for the CLI paired without admin', async () => {
		// An admin device (silently paired on loopback) and a CLI-like device asking for the CLI's default scopes.
		const admin = await connectGateway({
			url: gw.url,
			auth: { token: gw.token },
			identity: generateDeviceIdentity(),
			role: 'operator',
			scopes: ['operator.admin', 'operator.pairing', 'operator.read'],
			client: { id: 'gateway-client', mode: 'ui', version: '0.1.0', platform: 'linux', displayName: 'test admin' },
		});
		const cli = await connectGateway({
			url: gw.url,
			auth: { token: gw.token },
			identity: cliDevice,
			role: 'operator',
			scopes: CLI_SCOPES,
			client: cliInfo('test cli'),
		});
		cliDeviceToken = cli.hello.auth.deviceToken ?? '';
		assert.ok(cliDeviceToken, 'the CLI device got a device token');
		await cli.close();
		// A device that must wait for approval (an Origin header is never silently paired): a real pending.json entry.
		const waiting = generateDeviceIdentity();
		await assert.rejects(
			connectGateway({
				url: gw.url,
				auth: { token: gw.token },
				identity: waiting,
				role: 'operator',
				scopes: ['operator.read'],
				client: { id: 'gateway-client', mode: 'ui', version: '0.1.0', platform: 'linux', displayName: 'waiting' },
				headers: { Origin: `http://127.0.0.1:${gw.port}` },
			}),
			(e: unknown) => e instanceof GatewayConnectError && e.pairingRequired,
		);
		await admin.close();
		// The real CLI writes identity/device.json and identity/device-auth.json.
		const listed = await gw.cli(['devices', 'list', '--json'], { timeoutMs: 60_000 });
		assert.equal(listed.code, 0, listed.stderr);

		const files = ['devices/paired.json', 'devices/pending.json', 'identity/device.json', 'identity/device-auth.json'].map((f) => path.join(gw.stateDir, f));
		// The real CLI pairs itself least-privilege (operator.pairing) and 2026.6.6 never upgrades it silently, so its
		// record is the one error: a real one, see test/gateway/loopMatrix-2026.6.6.test.ts.
		const cliSelf = (JSON.parse(fs.readFileSync(files[2], 'utf8')) as { deviceId: string }).deviceId;
		for (const file of files) {
			assert.ok(fs.existsSync(file), `the gateway wrote ${file}`);
			const { diagnostics } = diagnose(file, gw.stateDir);
			assert.deepEqual(
				diagnostics.map((d) => `${d.code} ${d.severity}${(d.data as { recordKey?: string } | undefined)?.recordKey === cliSelf ? ' (the CLI)' : ''}`),
				file === files[0] ? ['missing-scope 1 (the CLI)'] : [],
				`diagnostics for ${file}: ${diagnostics.map((d) => String(d.message)).join(' | ')}`,
			);
		}
		const pending = JSON.parse(fs.readFileSync(files[1], 'utf8')) as Record<string, unknown>;
		assert.equal(Object.keys(pending).length, 1, 'one real pending request was checked');

		// The CLI check over the whole state dir agrees (exit 1: that one error).
		const run = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'check', '--state-dir', gw.stateDir], { encoding: 'utf8' });
		assert.equal(run.status, 1, run.stdout + run.stderr);
		assert.match(run.stdout, /4 files checked: 1 error, 0 warnings/);
	});

	test('proof: without operator.admin the gateway refuses the CLI device; our quick fix makes it accepted with admin', async () => {
		assert.ok(cliDeviceToken, 'needs the device paired by the previous test');
		const pairedPath = path.join(gw.stateDir, 'devices/paired.json');
		const connectCli = (auth: { token?: string; deviceToken?: string }, headers?: Record<string, string>) =>
			connectGateway({
				url: gw.url,
				auth,
				identity: cliDevice,
				role: 'operator',
				scopes: CLI_SCOPES,
				client: cliInfo('test cli'),
				headers,
				startupRetries: 40,
			});

		// 1. Break the record the way users report it: operator.admin gone from the approval and the token.
		await gw.stop();
		const store = JSON.parse(fs.readFileSync(pairedPath, 'utf8')) as Record<
			string,
			{ scopes: string[]; approvedScopes: string[]; tokens: { operator: { scopes: string[] } } }
		>;
		const record = store[cliDevice.deviceId];
		assert.ok(record.approvedScopes.includes('operator.admin'), 'the real gateway approved admin at first');
		const drop = (list: string[]) => list.filter((s) => s !== 'operator.admin' && s !== 'operator.write');
		record.scopes = drop(record.scopes);
		record.approvedScopes = drop(record.approvedScopes);
		record.tokens.operator.scopes = drop(record.tokens.operator.scopes);
		fs.writeFileSync(pairedPath, JSON.stringify(store, null, 2), { mode: 0o600 });

		// 2. The real gateway refuses it: by device token (scope mismatch) and by shared token off the silent path.
		await gw.start();
		await assert.rejects(connectCli({ deviceToken: cliDeviceToken }), (e: unknown) => e instanceof GatewayConnectError && e.kind === 'rejected');
		await assert.rejects(
			connectCli({ token: gw.token }, { Origin: `http://127.0.0.1:${gw.port}` }),
			(e: unknown) => e instanceof GatewayConnectError && e.pairingRequired && e.reason === 'scope-upgrade',
		);
		await gw.stop();

		// 3. Our language server flags it and its quick fix repairs it; the edit is applied to the file as an editor save would.
		const { text, document, diagnostics } = diagnose(pairedPath, gw.stateDir);
		const missing = diagnostics.filter((d) => d.code === 'missing-scope' && (d.data as { recordKey: string }).recordKey === cliDevice.deviceId);
		assert.equal(missing.length, 1, `missing-scope reported: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
		const fix = service.codeActions(document, 'paired', missing).find((a) => a.isPreferred);
		assert.ok(fix?.edit?.changes);
		// The fix adds what its title names and nothing else: no operator.write, which the gateway's own approve also
		// stores (normalizeDeviceAuthScopes) but which admin already satisfies when the gateway checks a connect.
		assert.equal(fix.title, 'Grant operator.admin (approvedScopes, scopes and the operator token)');
		const fixedText = applyTextEdits(text, fix.edit.changes[document.uri] as TextEdit[]);
		const fixed = (JSON.parse(fixedText) as typeof store)[cliDevice.deviceId];
		assert.deepEqual(fixed.approvedScopes, [...record.approvedScopes, 'operator.admin']);
		assert.deepEqual(fixed.scopes, [...record.scopes, 'operator.admin']);
		assert.deepEqual(fixed.tokens.operator.scopes, [...record.tokens.operator.scopes, 'operator.admin']);
		assert.ok(!fixed.tokens.operator.scopes.includes('operator.write'), 'the token gets no operator.write');
		fs.writeFileSync(pairedPath, fixedText, { mode: 0o600 });
		assert.deepEqual(
			// The fixed record is clean (the real CLI's own operator.pairing record stays an error, as it should).
			service
				.validate(TextDocument.create(document.uri, 'json', ++version, fixedText), 'paired')
				.filter((d) => d.severity === 1 && (d.data as { recordKey?: string } | undefined)?.recordKey === cliDevice.deviceId),
			[],
		);

		// 4. Restarted, the gateway accepts the device with admin, though it asks for operator.write too (the CLI's
		// default scopes) and the token does not list it; hello-ok names the token's scopes as stored. An admin-only
		// method works, and so does a write method: the gateway authorizes every method for admin.
		await gw.start();
		const session = await connectCli({ deviceToken: cliDeviceToken });
		try {
			assert.deepEqual([...session.hello.auth.scopes].sort(), [...fixed.tokens.operator.scopes].sort(), "hello-ok scopes are the fixed token's");
			await session.request('config.schema', {});
			// Without write or admin this answers "missing scope: operator.write"; here the gateway looks the task up.
			const cancel = await session.request<{ found: boolean }>('tasks.cancel', { taskId: randomUUID() });
			assert.equal(cancel.found, false);
		} finally {
			await session.close();
		}
		const viaShared = await connectCli({ token: gw.token }, { Origin: `http://127.0.0.1:${gw.port}` });
		await viaShared.close();
	});

	test("the editor knows the gateway runs on this state dir from the gateway's own lock, and that it stopped", async () => {
		// What the "edited while the gateway runs" warning relies on (client/src/pairingFileGuard.ts).
		const owner = findGatewayOnStateDir(gw.stateDir);
		assert.ok(owner, "the running gateway's lock is found");
		assert.equal(owner.pid, gw.pid);
		assert.equal(path.dirname(owner.configPath), gw.stateDir);
		assert.equal(findGatewayOnStateDir(path.join(gw.stateDir, 'home')), undefined, 'another state dir has no gateway');
		await gw.stop();
		assert.equal(findGatewayOnStateDir(gw.stateDir), undefined, 'a stopped gateway is not running');
		await gw.start();
		assert.equal(findGatewayOnStateDir(gw.stateDir)?.pid, gw.pid, 'the restarted gateway is found again');
	});
});
