import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
	CONFIG_PATH_LOOKUP,
	GATEWAY_LOCK_FILE,
	gatewayLockDir,
	isStateDirName,
	MIGRATED_PAIRING_FILES,
	openClawConfigPath,
	PAIRING_FILES,
	pairingFileRelativePath,
	profileStateDirName,
	sqliteStorePath,
	STATE_DIR_GLOBS,
} from '../../core/src/openclaw/stateLayout';

const HOME = '/home/u';

describe('state dir names', () => {
	test('~/.openclaw, profile dirs and the legacy ~/.clawdbot, case-insensitively', () => {
		for (const name of ['.openclaw', '.openclaw-work', '.openclaw-dev_2', '.OpenClaw', '.clawdbot']) assert.equal(isStateDirName(name), true, name);
		for (const name of ['openclaw', '.openclaw-', '.openclaw--x', `.openclaw-${'a'.repeat(65)}`, '.openclawx', '.clawdbot-work', 'state'])
			assert.equal(isStateDirName(name), false, name);
	});

	test('a profile gets ~/.openclaw-<profile>; "default" is ~/.openclaw', () => {
		assert.equal(profileStateDirName('work'), '.openclaw-work');
		assert.equal(profileStateDirName('default'), '.openclaw');
		assert.equal(profileStateDirName('Default'), '.openclaw');
	});

	test('the globs name the same folders', () => {
		assert.deepEqual(STATE_DIR_GLOBS, ['.openclaw', '.openclaw-*', '.clawdbot']);
	});
});

describe('pairing files', () => {
	test('each kind in its folder', () => {
		assert.deepEqual(
			PAIRING_FILES.map((f) => pairingFileRelativePath(f.kind)),
			['devices/paired.json', 'devices/pending.json', 'identity/device.json', 'identity/device-auth.json'],
		);
		assert.deepEqual(
			PAIRING_FILES.filter((f) => f.gatewayWritten).map((f) => f.kind),
			['paired', 'pending'],
		);
	});

	test('the 2026.8+ import leaves *.migrated copies of the device stores and keeps pairing in state/openclaw.sqlite', () => {
		assert.deepEqual(MIGRATED_PAIRING_FILES, ['devices/paired.json.migrated', 'devices/pending.json.migrated']);
		assert.equal(sqliteStorePath('/s'), path.join('/s', 'state', 'openclaw.sqlite'));
	});
});

describe('openclaw.json', () => {
	test('$OPENCLAW_CONFIG_PATH, else <$OPENCLAW_STATE_DIR or ~/.openclaw>/openclaw.json', () => {
		assert.equal(openClawConfigPath({}, HOME), path.join(HOME, '.openclaw', 'openclaw.json'));
		assert.equal(openClawConfigPath({ OPENCLAW_STATE_DIR: ' /srv/state ' }, HOME), path.join('/srv/state', 'openclaw.json'));
		assert.equal(openClawConfigPath({ OPENCLAW_STATE_DIR: '/srv/state', OPENCLAW_CONFIG_PATH: ' /etc/claw.json ' }, HOME), '/etc/claw.json');
		assert.equal(openClawConfigPath({ OPENCLAW_STATE_DIR: '  ', OPENCLAW_CONFIG_PATH: '' }, HOME), path.join(HOME, '.openclaw', 'openclaw.json'));
	});

	test('the message names the same lookup', () => {
		assert.equal(CONFIG_PATH_LOOKUP, '$OPENCLAW_CONFIG_PATH, $OPENCLAW_STATE_DIR/openclaw.json or ~/.openclaw/openclaw.json');
	});
});

describe('gateway lock', () => {
	test('<tmpdir>/openclaw-<uid>, or openclaw without a uid', () => {
		assert.equal(gatewayLockDir('/tmp', 1000), path.join('/tmp', 'openclaw-1000'));
		assert.equal(gatewayLockDir('/tmp', undefined), path.join('/tmp', 'openclaw'));
	});

	test('gateway.<hex>.lock files only', () => {
		assert.equal(GATEWAY_LOCK_FILE.test('gateway.0a1b2c3d.lock'), true);
		for (const name of ['gateway.state.lock', 'gateway..lock', 'gateway.0a1b2c3d.lock.tmp', 'other.0a1b2c3d.lock'])
			assert.equal(GATEWAY_LOCK_FILE.test(name), false, name);
	});
});
