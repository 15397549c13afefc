import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { FileIdentityStore, IdentityFileError } from '../../core/src/pairing/identityStore';
import { publicKeyFingerprint } from '../../core/src/gateway';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pairing-identity-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('FileIdentityStore', () => {
	test("creates a 0600 file in a 0700 directory, in OpenClaw's device.json shape, and reloads the same identity", async () => {
		const file = path.join(root, 'a', 'nested', 'identity.json');
		const created = await new FileIdentityStore(file).loadOrCreate();
		assert.equal(fs.statSync(file).mode & 0o777, 0o600);
		assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
		const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
		assert.deepEqual(Object.keys(stored), ['version', 'deviceId', 'publicKeyPem', 'privateKeyPem', 'createdAtMs']);
		assert.equal(stored.version, 1);
		assert.equal(stored.deviceId, created.deviceId);
		assert.equal(publicKeyFingerprint(created.publicKey), created.deviceId);
		assert.ok(fs.readFileSync(file, 'utf8').endsWith('}\n'));
		const again = await new FileIdentityStore(file).loadOrCreate();
		assert.equal(again.deviceId, created.deviceId);
		assert.equal(again.privateKeyPem, created.privateKeyPem);
		assert.deepEqual(fs.readdirSync(path.dirname(file)), ['identity.json'], 'no temp files left behind');
	});

	test('concurrent first use (extension + CLI) ends with one identity for everybody', async () => {
		const file = path.join(root, 'race', 'identity.json');
		const results = await Promise.all(Array.from({ length: 8 }, () => new FileIdentityStore(file).loadOrCreate()));
		assert.equal(new Set(results.map((r) => r.deviceId)).size, 1);
		assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).deviceId, results[0].deviceId);
		assert.deepEqual(fs.readdirSync(path.dirname(file)), ['identity.json']);
	});

	test('a broken file is reported (without key material) and never overwritten', async () => {
		const cases: [string, RegExp][] = [
			['{not json', /not valid JSON/],
			['{"version":2}', /not a version 1 identity/],
			[JSON.stringify({ version: 1, deviceId: 'x', publicKeyPem: 'nope', privateKeyPem: 'PRIVATE-MATERIAL' }), /no valid Ed25519 key pair/],
		];
		for (const [text, pattern] of cases) {
			const file = path.join(root, `broken-${cases.findIndex((c) => c[0] === text)}.json`);
			fs.writeFileSync(file, text);
			await assert.rejects(
				new FileIdentityStore(file).loadOrCreate(),
				(e: unknown) => e instanceof IdentityFileError && pattern.test(e.message) && !e.message.includes('PRIVATE-MATERIAL'),
			);
			assert.equal(fs.readFileSync(file, 'utf8'), text);
		}
	});

	test('a deviceId that does not match the key is refused', async () => {
		const good = path.join(root, 'good.json');
		await new FileIdentityStore(good).loadOrCreate();
		const stored = JSON.parse(fs.readFileSync(good, 'utf8')) as Record<string, unknown>;
		const bad = path.join(root, 'mismatch.json');
		fs.writeFileSync(bad, JSON.stringify({ ...stored, deviceId: '0'.repeat(64) }));
		await assert.rejects(new FileIdentityStore(bad).loadOrCreate(), /does not match its key/);
	});

	test('an unreadable path is an IdentityFileError naming the errno only', { skip: process.getuid?.() === 0 ? 'root reads anything' : false }, async () => {
		const file = path.join(root, 'locked.json');
		fs.writeFileSync(file, '{}', { mode: 0o000 });
		await assert.rejects(new FileIdentityStore(file).loadOrCreate(), /EACCES/);
	});

	test('a directory in the way is an IdentityFileError', async () => {
		const dir = path.join(root, 'is-a-dir');
		fs.mkdirSync(dir);
		await assert.rejects(new FileIdentityStore(dir).loadOrCreate(), (e: unknown) => e instanceof IdentityFileError && /EISDIR/.test(e.message));
	});
});
