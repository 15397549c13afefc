import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hasPairingFileName } from '../../client/src/documentSelector';

describe('hasPairingFileName', () => {
	test('pairing files by name and folder, in any state dir, on POSIX and Windows paths', () => {
		for (const p of [
			'/tmp/gw-x/devices/paired.json',
			'/home/u/.openclaw/devices/pending.json',
			'/srv/state/identity/device.json',
			'C:\\Users\\u\\.openclaw\\identity\\device-auth.json',
			'/s/devices/paired.json.migrated',
		]) {
			assert.equal(hasPairingFileName(p), true, p);
		}
	});

	test('not other JSON files, nor a pairing file name in the wrong folder', () => {
		for (const p of ['/work/package.json', '/work/paired.json', '/s/identity/paired.json', '/s/devices/device.json', '/s/devices/paired.json.bak']) {
			assert.equal(hasPairingFileName(p), false, p);
		}
	});
});
