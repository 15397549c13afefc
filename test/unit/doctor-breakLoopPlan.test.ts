// The guided way out of the JSON-era loop (core/src/doctor/breakLoopPlan.ts): the command's argument as the doctor
// hands it over, and the steps the flow shows. The real run is test/e2e/suite/stuckNode.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { breakLoopPlan, parseBreakLoopArgs } from '../../core/src/doctor/breakLoopPlan';
import { breakLoopFix } from '../../core/src/doctor/fixes';

const DEV = 'c'.repeat(64);

describe('break the loop: the plan', () => {
	test("the doctor's fix argument parses back to what it names", () => {
		const fix = breakLoopFix({
			device: { deviceId: DEV, name: 'openclaw CLI' },
			requestId: 'r-1',
			scopes: ['operator.admin'],
			stateDir: '/srv/oc',
			cli: 'openclaw-pairing',
			ownRequest: true,
		});
		assert.deepEqual(parseBreakLoopArgs(fix.vscodeCommand?.args[0]), { deviceId: DEV, scopes: ['operator.admin'], requestId: 'r-1' });
	});

	test('a malformed argument is none (the palette then opens the doctor)', () => {
		for (const bad of [
			undefined,
			null,
			'x',
			{},
			{ deviceId: DEV },
			{ deviceId: DEV, scopes: [] },
			{ deviceId: DEV, scopes: [1] },
			{ deviceId: '', scopes: ['a'] },
		])
			assert.equal(parseBreakLoopArgs(bad), undefined, JSON.stringify(bad));
		assert.deepEqual(parseBreakLoopArgs({ deviceId: DEV, scopes: ['a', 'a'], requestId: 7 }), { deviceId: DEV, scopes: ['a'] });
	});

	test("the steps name the file, the scopes and what happens to the request: the device's own, ours, another's", () => {
		const base = { args: { deviceId: DEV, scopes: ['operator.admin'], requestId: 'r-9' }, name: 'laptop', pairedFile: '/srv/oc/devices/paired.json' };
		const own = breakLoopPlan({ ...base, ownRequest: true, ours: false });
		assert.equal(own.title, 'Break the pairing loop: give laptop operator.admin?');
		assert.match(own.steps[0], /nobody can approve request r-9\. .* \/srv\/oc\/devices\/paired\.json while the gateway is stopped/);
		assert.match(own.steps[1], /openclaw gateway stop/);
		assert.match(own.steps[3], /openclaw gateway start/);
		assert.match(own.afterwards, /the grant is the approval of request r-9/);
		assert.match(breakLoopPlan({ ...base, ownRequest: false, ours: true }).afterwards, /This editor then approves request r-9/);
		assert.match(breakLoopPlan({ ...base, ownRequest: false, ours: false }).afterwards, /openclaw devices approve r-9/);
	});
});
