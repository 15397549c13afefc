import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
	applyProfile,
	CONFIG_PATH_LOOKUP,
	DEFAULT_GATEWAY_PORT,
	gatewayPortFromEnv,
	GATEWAY_LOCK_FILE,
	gatewayLockDir,
	isStateDirName,
	MIGRATED_PAIRING_FILES,
	openClawConfigPath,
	openClawHome,
	openClawStateDir,
	PAIRING_FILES,
	pairingFileRelativePath,
	profileGatewayPort,
	profileStateDirName,
	resolveUserPath,
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

/** An exists() that knows only these paths (under HOME). */
const only =
	(...files: string[]) =>
	(file: string): boolean =>
		files.map((f) => path.join(HOME, f)).includes(file);

describe('home and ~', () => {
	test('$OPENCLAW_HOME (a leading ~ is the OS home), else $HOME, $USERPROFILE, os.homedir()', () => {
		const os = () => '/os-home';
		assert.equal(openClawHome({ OPENCLAW_HOME: '/oc', HOME: '/h' }, os), '/oc');
		assert.equal(openClawHome({ OPENCLAW_HOME: '~/oc', HOME: '/h' }, os), '/h/oc');
		assert.equal(openClawHome({ OPENCLAW_HOME: ' undefined ', HOME: ' /h ' }, os), '/h');
		assert.equal(openClawHome({ USERPROFILE: '/win' }, os), '/win');
		assert.equal(openClawHome({ HOME: 'null' }, os), '/os-home');
	});

	test('~ and ~/x expand, ~user does not; the result is absolute', () => {
		assert.equal(resolveUserPath(' ~/s ', HOME), '/home/u/s');
		assert.equal(resolveUserPath('~', HOME), HOME);
		assert.equal(resolveUserPath('~other/s', HOME), path.resolve('~other/s'));
		assert.equal(resolveUserPath('/a/../b', HOME), '/b');
	});
});

describe('state dir and openclaw.json, as the openclaw CLI finds them', () => {
	test('$OPENCLAW_STATE_DIR; else ~/.openclaw if it exists, else an existing ~/.clawdbot, else ~/.openclaw', () => {
		assert.equal(openClawStateDir({ OPENCLAW_STATE_DIR: '~/s' }, HOME, only()), '/home/u/s');
		assert.equal(openClawStateDir({}, HOME, only('.openclaw', '.clawdbot')), '/home/u/.openclaw');
		assert.equal(openClawStateDir({}, HOME, only('.clawdbot')), '/home/u/.clawdbot');
		assert.equal(openClawStateDir({}, HOME, only()), '/home/u/.openclaw');
	});

	test('$OPENCLAW_CONFIG_PATH (~ expanded) wins over everything', () => {
		assert.equal(openClawConfigPath({ OPENCLAW_CONFIG_PATH: ' ~/c.json ', OPENCLAW_STATE_DIR: '/s' }, HOME, only()), '/home/u/c.json');
	});

	test('in the state dir: openclaw.json, else an existing clawdbot.json; with $OPENCLAW_STATE_DIR never elsewhere', () => {
		const exists = (f: string) => f === '/s/clawdbot.json' || f === '/home/u/.openclaw/openclaw.json';
		assert.equal(openClawConfigPath({ OPENCLAW_STATE_DIR: '/s' }, HOME, exists), '/s/clawdbot.json');
		assert.equal(openClawConfigPath({ OPENCLAW_STATE_DIR: '/t' }, HOME, exists), '/t/openclaw.json');
	});

	test('without $OPENCLAW_STATE_DIR: the first existing of ~/.openclaw/{openclaw,clawdbot}.json, ~/.clawdbot/{…}, else ~/.openclaw/openclaw.json', () => {
		assert.equal(openClawConfigPath({}, HOME, only()), '/home/u/.openclaw/openclaw.json');
		assert.equal(openClawConfigPath({}, HOME, only('.openclaw', '.openclaw/clawdbot.json')), '/home/u/.openclaw/clawdbot.json');
		assert.equal(openClawConfigPath({}, HOME, only('.openclaw', '.clawdbot/openclaw.json')), '/home/u/.clawdbot/openclaw.json');
		assert.equal(openClawConfigPath({}, HOME, only('.clawdbot', '.clawdbot/clawdbot.json')), '/home/u/.clawdbot/clawdbot.json');
	});

	test('the defaults, as before', () => {
		assert.equal(openClawConfigPath({}, HOME, only()), path.join(HOME, '.openclaw', 'openclaw.json'));
		assert.equal(openClawConfigPath({ OPENCLAW_STATE_DIR: ' /srv/state ' }, HOME, only()), path.join('/srv/state', 'openclaw.json'));
		assert.equal(openClawConfigPath({ OPENCLAW_STATE_DIR: '  ', OPENCLAW_CONFIG_PATH: '' }, HOME, only()), path.join(HOME, '.openclaw', 'openclaw.json'));
	});

	test('the message names the same lookup', () => {
		assert.equal(CONFIG_PATH_LOOKUP, '$OPENCLAW_CONFIG_PATH, $OPENCLAW_STATE_DIR/openclaw.json or ~/.openclaw/openclaw.json');
	});
});

describe('--profile, as openclaw applies it', () => {
	test('~/.openclaw-<name> and its openclaw.json; $OPENCLAW_PROFILE names it', () => {
		assert.deepEqual(applyProfile({ HOME }, 'work', HOME), {
			HOME,
			OPENCLAW_PROFILE: 'work',
			OPENCLAW_STATE_DIR: '/home/u/.openclaw-work',
			OPENCLAW_CONFIG_PATH: '/home/u/.openclaw-work/openclaw.json',
		});
		assert.equal(applyProfile({}, 'default', HOME).OPENCLAW_STATE_DIR, '/home/u/.openclaw');
	});

	test("a set $OPENCLAW_STATE_DIR / $OPENCLAW_CONFIG_PATH stay, unless they are the inherited profile's own", () => {
		assert.equal(applyProfile({ OPENCLAW_STATE_DIR: '/srv/s' }, 'work', HOME).OPENCLAW_STATE_DIR, '/srv/s');
		assert.equal(applyProfile({ OPENCLAW_STATE_DIR: '/srv/s' }, 'work', HOME).OPENCLAW_CONFIG_PATH, '/srv/s/openclaw.json');
		assert.equal(applyProfile({ OPENCLAW_CONFIG_PATH: '/etc/c.json' }, 'work', HOME).OPENCLAW_CONFIG_PATH, '/etc/c.json');
		const inherited = applyProfile({ OPENCLAW_STATE_DIR: '~/.openclaw', OPENCLAW_CONFIG_PATH: '~/.openclaw/openclaw.json' }, 'work', HOME);
		assert.equal(inherited.OPENCLAW_STATE_DIR, '/home/u/.openclaw-work');
		assert.equal(inherited.OPENCLAW_CONFIG_PATH, '/home/u/.openclaw-work/openclaw.json');
	});

	test('"dev" gets port 19001 unless $OPENCLAW_GATEWAY_PORT is set; a bad name throws', () => {
		assert.equal(applyProfile({}, 'dev', HOME).OPENCLAW_GATEWAY_PORT, '19001');
		assert.equal(applyProfile({ OPENCLAW_GATEWAY_PORT: '1' }, 'dev', HOME).OPENCLAW_GATEWAY_PORT, '1');
		assert.throws(() => applyProfile({}, '../x', HOME), /invalid profile name/);
	});
});

describe('gateway port', () => {
	test('$OPENCLAW_GATEWAY_PORT: a port, host:port or [v6]:port; anything else is ignored', () => {
		assert.equal(gatewayPortFromEnv(' 18800 '), 18800);
		assert.equal(gatewayPortFromEnv('127.0.0.1:18801'), 18801);
		assert.equal(gatewayPortFromEnv('[::1]:18802'), 18802);
		for (const bad of [undefined, '', '0', '65536', 'a:b:1', ':1', 'x', '1.5']) assert.equal(gatewayPortFromEnv(bad), undefined, String(bad));
	});

	test("a named profile's port, as openclaw 2026.9.6 resolveGatewayPort computes it (values taken from it)", () => {
		assert.equal(profileGatewayPort('work'), 41984);
		assert.equal(profileGatewayPort('dev'), 38556);
		assert.equal(profileGatewayPort('Work'), 28704);
		for (const none of [undefined, '', 'default', 'Default', 'bad name']) assert.equal(profileGatewayPort(none), undefined);
		assert.equal(DEFAULT_GATEWAY_PORT, 18789);
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
