import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CHECKABLE_KINDS, detectFileKind, relativePathOf } from '../../core/src/openclaw/fileKind';
import { configuredStateDirs, defaultStateDir } from '../../core/src/openclaw/stateLayout';

const HOME = '/home/u';

describe('detectFileKind', () => {
	test('the four pairing files of the default state dir', () => {
		assert.equal(detectFileKind('/home/u/.openclaw/devices/paired.json'), 'paired');
		assert.equal(detectFileKind('/home/u/.openclaw/devices/pending.json'), 'pending');
		assert.equal(detectFileKind('/home/u/.openclaw/identity/device.json'), 'device');
		assert.equal(detectFileKind('/home/u/.openclaw/identity/device-auth.json'), 'device-auth');
	});

	test('profile state dirs (~/.openclaw-<profile>) and the legacy ~/.clawdbot', () => {
		assert.equal(detectFileKind('/home/u/.openclaw-work/devices/paired.json'), 'paired');
		assert.equal(detectFileKind('/home/u/.openclaw-dev_2/identity/device.json'), 'device');
		assert.equal(detectFileKind('/home/u/.clawdbot/devices/pending.json'), 'pending');
		assert.equal(detectFileKind('/home/u/.clawdbot/identity/device-auth.json'), 'device-auth');
	});

	test('state dir names that only look like OpenClaw’s are not recognized', () => {
		assert.equal(detectFileKind('/home/u/.openclaw-/devices/paired.json'), undefined);
		assert.equal(detectFileKind('/home/u/.openclawx/devices/paired.json'), undefined);
		assert.equal(detectFileKind('/home/u/openclaw/devices/paired.json'), undefined);
		assert.equal(detectFileKind('/home/u/.openclaw-work/x/devices/paired.json'), undefined);
		assert.equal(detectFileKind('/home/u/project/devices/paired.json'), undefined);
	});

	test('a configured state dir ($OPENCLAW_STATE_DIR or the setting) is recognized whatever its name', () => {
		assert.equal(detectFileKind('/srv/claw-state/devices/paired.json'), undefined);
		assert.equal(detectFileKind('/srv/claw-state/devices/paired.json', ['/srv/claw-state']), 'paired');
		assert.equal(detectFileKind('/srv/claw-state/identity/device-auth.json', ['/elsewhere', '/srv/claw-state/']), 'device-auth');
		assert.equal(detectFileKind('/srv/other/devices/paired.json', ['/srv/claw-state']), undefined);
		assert.equal(detectFileKind('/srv/claw-state/sub/devices/paired.json', ['/srv/claw-state']), undefined);
	});

	test('Windows paths with backslashes', () => {
		assert.equal(detectFileKind('C:\\Users\\u\\.openclaw\\devices\\paired.json'), 'paired');
		assert.equal(detectFileKind('C:\\Users\\u\\.openclaw-work\\identity\\device.json'), 'device');
		assert.equal(detectFileKind('C:\\Users\\u\\.openclaw\\devices\\paired.json.migrated'), 'migrated');
		assert.equal(detectFileKind('D:\\claw\\devices\\pending.json', ['D:\\claw']), 'pending');
		assert.equal(detectFileKind('D:\\claw\\devices\\pending.json'), undefined);
	});

	test('*.migrated copies of the stores are "migrated"', () => {
		assert.equal(detectFileKind('/home/u/.openclaw/devices/paired.json.migrated'), 'migrated');
		assert.equal(detectFileKind('/home/u/.openclaw/devices/pending.json.migrated'), 'migrated');
		assert.equal(detectFileKind('/srv/claw-state/devices/paired.json.migrated', ['/srv/claw-state']), 'migrated');
		assert.equal(detectFileKind('/home/u/.openclaw/identity/paired.json.migrated'), undefined, 'still needs the right folder');
		assert.equal(detectFileKind('/home/u/.openclaw/devices/paired.json.bak'), undefined);
		assert.equal(detectFileKind('/home/u/.openclaw/devices/.migrated'), undefined);
	});

	test('a pairing file name in the wrong folder is not a pairing file', () => {
		assert.equal(detectFileKind('/home/u/.openclaw/devices/device.json'), undefined);
		assert.equal(detectFileKind('/home/u/.openclaw/devices/device-auth.json'), undefined);
		assert.equal(detectFileKind('/home/u/.openclaw/identity/paired.json'), undefined);
		assert.equal(detectFileKind('/home/u/.openclaw/paired.json'), undefined);
		assert.equal(detectFileKind('paired.json'), undefined);
	});

	test('unrelated files are undefined', () => {
		assert.equal(detectFileKind('/home/u/.openclaw/package.json'), undefined);
		assert.equal(detectFileKind('/home/u/project/package.json'), undefined);
		assert.equal(detectFileKind('/home/u/.openclaw/openclaw.json'), undefined);
		assert.equal(detectFileKind(''), undefined);
	});
});

describe('configuredStateDirs', () => {
	test('nothing configured: no dirs', () => {
		assert.deepEqual(configuredStateDirs(undefined, {}, HOME), []);
		assert.deepEqual(configuredStateDirs('', { OPENCLAW_STATE_DIR: '   ' }, HOME), []);
	});

	test('the setting first, then $OPENCLAW_STATE_DIR, resolved and trimmed', () => {
		assert.deepEqual(configuredStateDirs(' /srv/a/ ', { OPENCLAW_STATE_DIR: '/srv/b' }, HOME), ['/srv/a', '/srv/b']);
		assert.deepEqual(configuredStateDirs(undefined, { OPENCLAW_STATE_DIR: '/srv/b/../c' }, HOME), ['/srv/c']);
	});

	test('~ expands to the home dir, ~user does not', () => {
		assert.deepEqual(configuredStateDirs('~/claw', {}, HOME), ['/home/u/claw']);
		assert.deepEqual(configuredStateDirs('~', {}, HOME), ['/home/u']);
		assert.deepEqual(configuredStateDirs(undefined, { OPENCLAW_STATE_DIR: '~/.openclaw-x' }, HOME), ['/home/u/.openclaw-x']);
		assert.deepEqual(configuredStateDirs('~other/claw', {}, HOME), [path.resolve('~other/claw')]);
	});

	test('a configured dir makes its files recognizable', () => {
		const dirs = configuredStateDirs('~/claw', {}, HOME);
		assert.equal(detectFileKind('/home/u/claw/devices/paired.json', dirs), 'paired');
	});
});

describe('defaultStateDir', () => {
	test('~/.openclaw without configuration', () => {
		assert.equal(defaultStateDir(undefined, {}, HOME), '/home/u/.openclaw');
	});

	test('OPENCLAW_PROFILE selects ~/.openclaw-<profile>; "default" is the plain dir', () => {
		assert.equal(defaultStateDir(undefined, { OPENCLAW_PROFILE: 'work' }, HOME), '/home/u/.openclaw-work');
		assert.equal(defaultStateDir(undefined, { OPENCLAW_PROFILE: ' Work ' }, HOME), '/home/u/.openclaw-work');
		assert.equal(defaultStateDir(undefined, { OPENCLAW_PROFILE: 'default' }, HOME), '/home/u/.openclaw');
		assert.equal(defaultStateDir(undefined, { OPENCLAW_PROFILE: '' }, HOME), '/home/u/.openclaw');
	});

	test('$OPENCLAW_STATE_DIR wins over the profile, and the setting wins over both', () => {
		assert.equal(defaultStateDir(undefined, { OPENCLAW_PROFILE: 'work', OPENCLAW_STATE_DIR: '/srv/state' }, HOME), '/srv/state');
		assert.equal(defaultStateDir('~/mine', { OPENCLAW_PROFILE: 'work', OPENCLAW_STATE_DIR: '/srv/state' }, HOME), '/home/u/mine');
	});

	test('the profile dir it picks is one detectFileKind recognizes', () => {
		const dir = defaultStateDir(undefined, { OPENCLAW_PROFILE: 'work' }, HOME);
		assert.equal(detectFileKind(path.join(dir, relativePathOf('paired'))), 'paired');
	});
});

test('relativePathOf gives each checkable kind’s place in a state dir, and detectFileKind reads it back', () => {
	assert.deepEqual(
		CHECKABLE_KINDS.map((k) => relativePathOf(k as Exclude<typeof k, 'migrated'>)),
		['devices/paired.json', 'devices/pending.json', 'identity/device.json', 'identity/device-auth.json'],
	);
	for (const kind of CHECKABLE_KINDS) assert.equal(detectFileKind(`/home/u/.openclaw/${relativePathOf(kind as Exclude<typeof kind, 'migrated'>)}`), kind);
});
