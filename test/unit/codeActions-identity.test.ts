import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { newDeviceKey } from '../support/fixtures';
import { apply, assertFixed, assertRange, device, editsOf, fixesFor, pendingRequest, storeFile, withChanges } from '../support/languageService';
import { rangeOf } from '../support/text';

describe('key-deviceid-mismatch', () => {
	test('a record under the wrong key is renamed to its deviceId; nothing else changes', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const [a, target, c] = [device(), device({}, key), device()];
		const entries: [string, unknown][] = [
			[String(a.deviceId), a],
			[wrong, target],
			[String(c.deviceId), c],
		];
		const text = storeFile(entries);
		const fix = fixesFor(text, 'key-deviceid-mismatch');
		assertRange(text, fix.diagnostic, `"${wrong}"`);
		assert.equal(fix.actions.length, 1);
		assert.equal(fix.actions[0].isPreferred, true);
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, `"${wrong}"`), newText: `"${key.deviceId}"` }]);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'key-deviceid-mismatch', untouched: [String(a.deviceId), String(c.deviceId)] });
		assert.deepEqual(Object.keys(parsed), [a.deviceId, key.deviceId, c.deviceId]);
		assert.deepEqual(parsed[key.deviceId], target);
	});

	test('the key is right but deviceId is wrong: deviceId is set from the public key, the key stays', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const target = device({ deviceId: wrong }, key);
		const text = storeFile([[key.deviceId, target]]);
		const fix = fixesFor(text, 'key-deviceid-mismatch');
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, `"${wrong}"`), newText: `"${key.deviceId}"` }]);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'deviceid-publickey-mismatch', untouched: [] });
		assert.deepEqual(parsed[key.deviceId], withChanges(target, { deviceId: key.deviceId }));
	});

	test('no fix when the right key is already taken by another record', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const text = storeFile([
			[key.deviceId, device({}, key)],
			[wrong, device({}, key)],
		]);
		const fix = fixesFor(text, 'key-deviceid-mismatch');
		assert.deepEqual(fix.actions, []);
	});
});

describe('deviceid-publickey-mismatch', () => {
	test('paired.json: deviceId and the key both become sha256(publicKey)', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const [a, target] = [device(), device({ deviceId: wrong }, key)];
		const text = storeFile([
			[String(a.deviceId), a],
			[wrong, target],
		]);
		const fix = fixesFor(text, 'deviceid-publickey-mismatch');
		assertRange(text, fix.diagnostic, { needle: `"${wrong}"`, occurrence: 2 });
		assert.equal(fix.actions.length, 1);
		const edits = editsOf(fix, fix.actions[0]);
		assert.deepEqual(
			[...edits].sort((x, y) => x.range.start.line - y.range.start.line),
			[
				{ range: rangeOf(text, `"${wrong}"`, 1), newText: `"${key.deviceId}"` },
				{ range: rangeOf(text, `"${wrong}"`, 2), newText: `"${key.deviceId}"` },
			],
		);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'deviceid-publickey-mismatch', untouched: [String(a.deviceId)] });
		assert.deepEqual(parsed[key.deviceId], withChanges(target, { deviceId: key.deviceId }));
		assert.equal(parsed[wrong], undefined);
	});

	test('paired.json: no fix when the derived id is already another record’s key', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const text = storeFile([
			[key.deviceId, device({}, key)],
			[wrong, device({ deviceId: wrong }, key)],
		]);
		assert.deepEqual(fixesFor(text, 'deviceid-publickey-mismatch').actions, []);
	});

	test('pending.json: only deviceId changes; the key is the requestId and must stay', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const other = pendingRequest();
		const target = pendingRequest({ deviceId: wrong }, key);
		const text = storeFile([
			[String(other.requestId), other],
			[String(target.requestId), target],
		]);
		const fix = fixesFor(text, 'deviceid-publickey-mismatch', { kind: 'pending' });
		assert.equal(fix.actions.length, 1);
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, `"${wrong}"`), newText: `"${key.deviceId}"` }]);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), {
			code: 'deviceid-publickey-mismatch',
			untouched: [String(other.requestId)],
			settings: { kind: 'pending' },
		});
		assert.deepEqual(parsed[String(target.requestId)], withChanges(target, { deviceId: key.deviceId }));
	});
});
