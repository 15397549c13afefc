import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { findGatewayOnStateDir, gatewayWrittenStateDir, linuxStartTime, parseGatewayLock } from '../../core/src/openclaw/gatewayLock';

// The lock files here are written in the shape openclaw's src/infra/gateway-lock.ts writes; test/gateway/pairingFiles
// checks the same lookup against a lock a real 2026.6.6 gateway took.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pairing-gateway-lock-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
function lockDirWith(locks: Record<string, unknown>): string {
	const dir = path.join(root, `locks-${++n}`);
	fs.mkdirSync(dir);
	for (const [name, payload] of Object.entries(locks)) fs.writeFileSync(path.join(dir, name), typeof payload === 'string' ? payload : JSON.stringify(payload));
	return dir;
}

/** A pid that is certainly not running any more: a child that already exited. */
function deadPid(): number {
	const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
	return Number(child.stdout.trim());
}

const stateDir = path.join(root, 'state');
fs.mkdirSync(stateDir);
const me = {
	pid: process.pid,
	createdAt: new Date().toISOString(),
	configPath: path.join(stateDir, 'openclaw.json'),
	...(process.platform === 'linux' ? { startTime: linuxStartTime(process.pid) } : {}),
};

describe('gateway lock lookup', () => {
	test('a live gateway whose config is in the state dir is found, with its pid', () => {
		const lockDir = lockDirWith({ 'gateway.0123abcd.lock': me });
		const owner = findGatewayOnStateDir(stateDir, { lockDir });
		assert.equal(owner?.pid, process.pid);
		assert.equal(owner?.configPath, me.configPath);
		assert.equal(owner?.lockFile, path.join(lockDir, 'gateway.0123abcd.lock'));
		// The state dir reached through a symlink is the same state dir.
		const link = path.join(root, `state-link-${n}`);
		fs.symlinkSync(stateDir, link);
		assert.equal(findGatewayOnStateDir(link, { lockDir })?.pid, process.pid);
	});

	test('a lock left by a killed gateway, a reused pid, another state dir or a stray file is not a running gateway', () => {
		const lockDir = lockDirWith({
			'gateway.00000001.lock': { ...me, pid: deadPid() },
			'gateway.00000003.lock': { ...me, configPath: path.join(root, 'other', 'openclaw.json') },
			'gateway.00000004.lock': '{"pid":',
			'gateway.00000005.lock': { pid: -1, createdAt: me.createdAt, configPath: me.configPath },
			'notes.txt': me,
			'gateway.lock': me,
		});
		assert.equal(findGatewayOnStateDir(stateDir, { lockDir }), undefined);
		if (process.platform === 'linux') {
			// Same pid, different start time: the pid was reused by an unrelated process after the gateway died.
			const reused = lockDirWith({ 'gateway.00000002.lock': { ...me, startTime: (me.startTime ?? 0) + 1 } });
			assert.equal(findGatewayOnStateDir(stateDir, { lockDir: reused }), undefined);
		}
	});

	test('no lock dir (no gateway ever ran) is "not running", not an error', () => {
		assert.equal(findGatewayOnStateDir(stateDir, { lockDir: path.join(root, 'missing') }), undefined);
	});

	test("parseGatewayLock accepts the gateway's payload only", () => {
		assert.deepEqual(parseGatewayLock('{"pid":7,"createdAt":"2026-11-26T18:19:58.421Z","configPath":"/s/openclaw.json","startTime":1180194}'), {
			pid: 7,
			createdAt: '2026-11-26T18:19:58.421Z',
			configPath: '/s/openclaw.json',
			startTime: 1180194,
		});
		for (const text of [
			'',
			'null',
			'[]',
			'{"pid":"7","createdAt":"x","configPath":"/s"}',
			'{"pid":1.5,"createdAt":"x","configPath":"/s"}',
			'{"pid":7,"configPath":"/s"}',
		]) {
			assert.equal(parseGatewayLock(text), undefined, text);
		}
	});

	test('only devices/paired.json and devices/pending.json are files the gateway rewrites', () => {
		assert.equal(gatewayWrittenStateDir('/home/u/.openclaw/devices/paired.json'), '/home/u/.openclaw');
		assert.equal(gatewayWrittenStateDir('/home/u/.openclaw/devices/pending.json'), '/home/u/.openclaw');
		assert.equal(gatewayWrittenStateDir('/home/u/.openclaw/identity/device.json'), undefined);
		assert.equal(gatewayWrittenStateDir('/home/u/project/paired.json'), undefined);
		assert.equal(gatewayWrittenStateDir('/home/u/.openclaw/devices/paired.json.migrated'), undefined);
	});
});
