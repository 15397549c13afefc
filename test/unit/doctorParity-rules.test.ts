// The rules behind openclaw doctor's device-pairing kinds (docs/doctor-parity.md): pending requests judged against the
// paired records, this machine's cached tokens against its record, the legacy stores, and the JSON era's cross-file
// check through runCheck. The real doctor on real state dirs is test/gateway/doctorParity.test.ts.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCheck } from '../../cli/src/check';
import { legacyStoresIn } from '../../core/src/openclaw/legacyStores';
import { LocalDeviceAuth, localAuthIssues } from '../../core/src/pairing/localDeviceAuth';
import { parsePairedDevice } from '../../core/src/pairing/listParsing';
import type { Finding } from '../../server/src/service/diagnosticCodes';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import type { RelatedState } from '../../server/src/service/relatedState';
import { legacyStoreFinding } from '../../server/src/service/rules/legacyStore';
import { validateDocument } from '../../server/src/service/validation';
import { NOW, newDeviceKey, pairedDevice, pairedFile, PairedRecord } from '../support/fixtures';

const check = (text: string, kind: 'paired' | 'pending', related?: RelatedState): Finding[] =>
	validateDocument(new ParsedDocument(text), kind, { requiredScopes: [], now: () => NOW, ...(related ? { related } : {}) });
const codes = (findings: Finding[]) => findings.map((f) => f.code);

function request(device: PairedRecord, overrides: PairedRecord = {}): PairedRecord {
	return {
		requestId: `req-${String(device.deviceId).slice(0, 8)}`,
		deviceId: device.deviceId,
		publicKey: device.publicKey,
		platform: 'linux',
		clientId: 'cli',
		role: 'operator',
		roles: ['operator'],
		scopes: ['operator.read'],
		ts: NOW - 10_000,
		...overrides,
	};
}
const pendingFile = (...requests: PairedRecord[]) => JSON.stringify(Object.fromEntries(requests.map((r) => [r.requestId, r])), null, 2);

describe('pending requests against the paired records (doctor: first-time … repair)', () => {
	const reader = pairedDevice({ scopes: ['operator.read'], approvedScopes: ['operator.read'] });

	test('each kind, in doctor order, with the command that decides it', () => {
		const stranger = pairedDevice();
		const other = newDeviceKey();
		const cases: [PairedRecord, string][] = [
			[request(stranger), 'pending-new-device'],
			[request(reader, { publicKey: other.publicKey, roles: ['operator', 'node'] }), 'pending-key-changed'], // key first, as doctor
			[request(reader, { roles: ['operator', 'node'] }), 'pending-role-upgrade'],
			[request(reader, { scopes: ['operator.read', 'operator.write'] }), 'pending-scope-upgrade'],
			[request(reader, { platform: 'darwin' }), 'pending-reapproval'],
		];
		for (const [req, code] of cases) {
			const found = check(pendingFile(req), 'pending', { paired: [reader] }).filter((f) => f.code.startsWith('pending-'));
			assert.deepEqual(codes(found), [code], `${code}: ${found.map((f) => f.message).join(' | ')}`);
			assert.match(found[0].message, new RegExp(`openclaw devices approve ${String(req.requestId)}`));
		}
	});

	test('the baseline is approvedScopes, not the list scopes; implied scopes are no upgrade', () => {
		const writer = pairedDevice({ scopes: ['operator.read'], approvedScopes: ['operator.write'] });
		const asks = request(writer, { scopes: ['operator.read', 'operator.write'] });
		assert.deepEqual(codes(check(pendingFile(asks), 'pending', { paired: [writer] })), ['pending-reapproval']);
	});

	test('a changed key names the remove command; nothing without the paired side; nothing on an expired request', () => {
		const changed = request(reader, { publicKey: newDeviceKey().publicKey });
		const [finding] = check(pendingFile(changed), 'pending', { paired: [reader] });
		assert.equal(finding.severity, 'warning');
		assert.match(finding.message, new RegExp(`openclaw devices remove ${String(reader.deviceId)}`));
		assert.deepEqual(check(pendingFile(request(reader, { scopes: ['operator.admin'] })), 'pending'), []);
		const old = request(reader, { ts: NOW - 600_000 });
		assert.deepEqual(codes(check(pendingFile(old), 'pending', { paired: [reader] })), ['pending-expired']);
	});
});

describe("this machine's cached tokens against its record (doctor: local-*)", () => {
	const key = newDeviceKey();
	const device = pairedDevice(
		{
			roles: ['operator'],
			tokens: { operator: { token: 't'.repeat(43), role: 'operator', scopes: ['operator.read'], createdAtMs: NOW - 5000, rotatedAtMs: NOW - 1000 } },
		},
		key,
	);
	const local = (tokens: LocalDeviceAuth['tokens']): LocalDeviceAuth => ({ deviceId: key.deviceId, tokens, source: 'state/openclaw.sqlite' });

	test('stale before the rotation; other scopes after it (implied scopes expanded); a role it lost', () => {
		const parsed = parsePairedDevice(device);
		assert.deepEqual(localAuthIssues(local([{ role: 'operator', scopes: ['operator.read'], updatedAtMs: NOW - 2000 }]), parsed), [
			{ kind: 'stale', role: 'operator', issuedAtMs: NOW - 1000, cachedAtMs: NOW - 2000 },
		]);
		assert.deepEqual(
			localAuthIssues(local([{ role: 'operator', scopes: ['operator.write'], updatedAtMs: NOW }]), parsed).map((i) => i.kind),
			['scopes-drift'],
		);
		assert.deepEqual(localAuthIssues(local([{ role: 'operator', scopes: ['operator.read'], updatedAtMs: NOW }]), parsed), []);
		assert.deepEqual(localAuthIssues(local([{ role: 'node', scopes: [], updatedAtMs: NOW }]), parsed), [{ kind: 'role-not-approved', role: 'node' }]);
	});

	test('an approved role without a token, or another device, is not the cache’s problem', () => {
		const nodeApproved = parsePairedDevice({ ...device, roles: ['operator', 'node'] });
		assert.deepEqual(localAuthIssues(local([{ role: 'node', scopes: [], updatedAtMs: NOW }]), nodeApproved), []);
		assert.deepEqual(localAuthIssues({ ...local([{ role: 'node', scopes: [], updatedAtMs: NOW }]), deviceId: 'f'.repeat(64) }, parsePairedDevice(device)), []);
	});

	test('the rule reports on the token, names the rotate command, and prints no token', () => {
		const findings = check(pairedFile(device), 'paired', { local: local([{ role: 'operator', scopes: ['operator.read'], updatedAtMs: NOW - 2000 }]) });
		const stale = findings.filter((f) => f.code === 'local-token-stale');
		assert.equal(stale.length, 1);
		assert.deepEqual(stale[0].data.path, [key.deviceId, 'tokens', 'operator']);
		assert.match(stale[0].message, new RegExp(`openclaw devices rotate --device ${key.deviceId} --role operator`));
		assert.ok(!stale[0].message.includes('t'.repeat(43)));
	});
});

describe('paired records (doctor: missing-operator-scope-baseline, token-outside-approved-scope)', () => {
	test('an operator with no baseline field at all has an empty baseline', () => {
		const d = pairedDevice({
			scopes: undefined,
			approvedScopes: undefined,
			tokens: { operator: { token: 'x'.repeat(43), role: 'operator', scopes: [], createdAtMs: NOW } },
		});
		assert.ok(codes(check(pairedFile(d), 'paired')).includes('empty-operator-baseline'));
	});

	test('a node token beyond its approval is rotated without scopes, as doctor says', () => {
		const d = pairedDevice({
			roles: ['operator', 'node'],
			tokens: {
				operator: { token: 'x'.repeat(43), role: 'operator', scopes: ['operator.read'], createdAtMs: NOW },
				node: { token: 'y'.repeat(43), role: 'node', scopes: ['node.exec'], createdAtMs: NOW },
			},
		});
		const beyond = check(pairedFile(d), 'paired').find((f) => f.code === 'token-scope-beyond-approved');
		assert.match(beyond?.message ?? '', /openclaw devices rotate --device [a-f0-9]{64} --role node --no-scopes/);
	});
});

describe('legacy stores', () => {
	test('the five pairing stores and the token cache, by presence; a finding about the file as a whole', () => {
		const present = new Set(['/s/devices/bootstrap.json', '/s/nodes/paired.json', '/s/identity/device-auth.json']);
		assert.deepEqual(
			legacyStoresIn('/s', (f) => present.has(f)).map((s) => [s.relativePath, s.kind]),
			[
				['devices/bootstrap.json', 'pairing'],
				['nodes/paired.json', 'pairing'],
				['identity/device-auth.json', 'device-auth'],
			],
		);
		const f = legacyStoreFinding('device-auth', 'identity/device-auth.json');
		assert.equal(f.code, 'legacy-device-auth-store');
		assert.match(f.message, /openclaw doctor --fix/);
	});
});

describe('check --state-dir in the JSON era compares the files', () => {
	test('pending.json beside paired.json, paired.json beside identity/device.json + device-auth.json', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-parity-json-'));
		try {
			const key = newDeviceKey();
			const device = pairedDevice({}, key);
			const now = Date.now();
			(device.tokens as Record<string, PairedRecord>).operator.rotatedAtMs = now - 1000;
			fs.mkdirSync(path.join(dir, 'devices'));
			fs.mkdirSync(path.join(dir, 'identity'));
			fs.writeFileSync(path.join(dir, 'devices', 'paired.json'), pairedFile(device));
			const stranger = newDeviceKey();
			const ask = request({ ...stranger }, { ts: now - 1000 });
			fs.writeFileSync(path.join(dir, 'devices', 'pending.json'), pendingFile(ask));
			fs.writeFileSync(path.join(dir, 'identity', 'device.json'), JSON.stringify({ version: 1, deviceId: key.deviceId }));
			const cached = { token: 'c'.repeat(43), role: 'operator', scopes: ['operator.read'], updatedAtMs: now - 60_000 };
			fs.writeFileSync(path.join(dir, 'identity', 'device-auth.json'), JSON.stringify({ version: 1, deviceId: key.deviceId, tokens: { operator: cached } }));
			const r = await runCheck({ files: [], kind: undefined, json: false, stateDir: dir, requiredScopes: [], help: false });
			assert.match(r.output, /pending\.json:\d+:\d+: info pending-new-device: /);
			assert.match(r.output, /paired\.json:\d+:\d+: warning local-token-stale: .*identity\/device-auth\.json/);
			assert.ok(!r.output.includes('c'.repeat(43)), 'the cached token is never printed');
			assert.doesNotMatch(r.output, /legacy-/, 'a JSON-era dir has no legacy stores');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
