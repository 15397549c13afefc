// The doctor's view of a state dir (core/src/doctor/stateFacts.ts) through an in-memory file system: the storage era,
// JSON-era identity files left on a SQLite-era dir, and the identity file's public half (never its private key).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectStateFacts } from '../../core/src/doctor/stateFacts';
import { generateDeviceIdentity } from '../../core/src/gateway';

const LAPTOP = 'a'.repeat(64);

describe('doctor: state facts', () => {
	const files = (map: Record<string, string>) => ({
		exists: (p: string) => Object.keys(map).some((k) => k === p || k.startsWith(`${p}/`)),
		readText: (p: string, max: number) => (map[p] !== undefined && map[p].length <= max ? map[p] : undefined),
	});

	test('SQLite era with JSON identity files: legacy; the identity is read without its private key', () => {
		const id = generateDeviceIdentity();
		const deviceJson = JSON.stringify({ version: 1, deviceId: id.deviceId, publicKeyPem: id.publicKeyPem, privateKeyPem: id.privateKeyPem });
		const facts = collectStateFacts(
			'/s',
			files({ '/s/state/openclaw.sqlite': '', '/s/identity/device.json': deviceJson, '/s/identity/device-auth.json': '{}' }),
		);
		assert.equal(facts.era, 'sqlite');
		assert.deepEqual(facts.legacyIdentityFiles, ['identity/device.json', 'identity/device-auth.json']);
		assert.deepEqual(facts.identity, { deviceId: id.deviceId, publicKey: id.publicKey, deviceIdMatchesKey: true });
		assert.ok(!JSON.stringify(facts).includes('PRIVATE'), 'no private key in the facts');
	});

	test('JSON era: no legacy files; a deviceId that is not the key hash is noticed; unreadable files are skipped', () => {
		const id = generateDeviceIdentity();
		const facts = collectStateFacts(
			'/s',
			files({ '/s/devices/paired.json': '{}', '/s/identity/device.json': JSON.stringify({ deviceId: LAPTOP, publicKeyPem: id.publicKeyPem }) }),
		);
		assert.equal(facts.era, 'json');
		assert.deepEqual(facts.legacyIdentityFiles, []);
		assert.equal(facts.identity?.deviceIdMatchesKey, false);
		assert.equal(collectStateFacts('/s', files({ '/s/identity/device.json': '{not json' })).identity, undefined);
		assert.equal(collectStateFacts('/s', files({})).era, 'unknown');
	});
});
