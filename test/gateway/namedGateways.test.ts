// Many gateways, one CLI: `devices --gateway NAME` against two REAL gateways at once (2026.9.6 and 2026.6.6), each
// behind a recording proxy that keeps every frame our CLI sends. Each gateway shows its own requests, an approval goes
// to the one named, and no connect frame ever carries the other gateway's token: not even when
// $OPENCLAW_GATEWAY_URL/_TOKEN name the first gateway and the second has no token of its own (the CLI then refuses
// and nothing reaches the second gateway at all).
// Build first: node scripts/build.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateDeviceIdentity } from '../../core/src/gateway';
import { runCliAsync } from '../support/cliRun';
import { FaultProxy, startFaultProxy } from '../support/faultProxy';
import { RunningGateway, startGateway } from '../support/gateway';
import { testDevices } from '../support/testDevices';

interface Listed {
	pending: { requestId: string; displayName?: string }[];
	paired: { deviceId: string; displayName?: string }[];
}

describe('named gateways: the CLI on two real gateways at once (2026.9.6 "nine", 2026.6.6 "six")', () => {
	let nine: RunningGateway;
	let six: RunningGateway;
	let nineProxy: FaultProxy;
	let sixProxy: FaultProxy;
	let tmp: string;
	let env: NodeJS.ProcessEnv;
	const onNine = testDevices(() => nine, false);
	const onSix = testDevices(() => six, true); // an Origin keeps 6.6 from pairing a loopback device silently
	let sixRequest = '';

	before(
		async () => {
			nine = await startGateway({ version: '2026.9.6', autoApproveLocal: false });
			six = await startGateway({ version: '2026.6.6' });
			assert.notEqual(nine.token, six.token);
			nineProxy = await startFaultProxy({ upstreamPort: nine.port });
			sixProxy = await startFaultProxy({ upstreamPort: six.port });
			tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'named-gateways-'));
			const file = path.join(tmp, 'gateways.json');
			fs.writeFileSync(
				file,
				JSON.stringify({
					gateways: [
						{ name: 'nine', url: nineProxy.url, tokenEnv: 'NINE_TOKEN' },
						{ name: 'six', url: sixProxy.url, tokenEnv: 'SIX_TOKEN' },
					],
				}),
			);
			env = {
				PATH: process.env.PATH,
				HOME: path.join(tmp, 'home'),
				XDG_CONFIG_HOME: path.join(tmp, 'xdg'),
				OPENCLAW_PAIRING_GATEWAYS: file,
				NINE_TOKEN: nine.token,
				SIX_TOKEN: six.token,
				// The pair a user may have exported for the first gateway: it must never reach "six".
				OPENCLAW_GATEWAY_URL: nineProxy.url,
				OPENCLAW_GATEWAY_TOKEN: nine.token,
			};
			await onNine.requestPairing(generateDeviceIdentity(), ['operator.read'], 'laptop on nine');
			sixRequest = await onSix.requestPairing(generateDeviceIdentity(), ['operator.read'], 'laptop on six');
		},
		{ timeout: 240_000 },
	);

	after(async () => {
		await nineProxy?.close();
		await sixProxy?.close();
		await nine?.destroy();
		await six?.destroy();
		if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	});

	async function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
		const r = await runCliAsync(args, { ...env, ...extraEnv });
		const out = `${r.stdout}\n${r.stderr}`;
		for (const token of [nine.token, six.token]) assert.ok(!out.includes(token), 'a token was printed');
		return r;
	}

	const names = (listed: Listed) => listed.pending.map((p) => p.displayName);

	test('each --gateway lists its own gateway; an approval goes to the one named', async () => {
		const a = await cli(['devices', '--json', '--gateway', 'nine']);
		assert.equal(a.code, 0, a.stderr);
		assert.match(a.stderr, /gateway "nine" .* token from \$NINE_TOKEN/);
		assert.deepEqual(names(JSON.parse(a.stdout) as Listed), ['laptop on nine']);
		const b = await cli(['devices', '--json', '--gateway', 'SIX']);
		assert.equal(b.code, 0, b.stderr);
		assert.deepEqual(names(JSON.parse(b.stdout) as Listed), ['laptop on six']);
		const approved = await cli(['approve', sixRequest, '--gateway', 'six']);
		assert.equal(approved.code, 0, `${approved.stdout}\n${approved.stderr}`);
		const after = JSON.parse((await cli(['devices', '--json', '--gateway', 'six'])).stdout) as Listed;
		assert.ok(after.paired.some((d) => d.displayName === 'laptop on six'));
		const stillNine = JSON.parse((await cli(['devices', '--json', '--gateway', 'nine'])).stdout) as Listed;
		assert.deepEqual(names(stillNine), ['laptop on nine'], 'the other gateway is untouched');
	});

	test('check --gateway NAME checks that gateway (named on stderr), nothing of the other', async () => {
		const r = await cli(['check', '--gateway', 'nine']);
		assert.ok(r.code === 0 || r.code === 1, `${r.stdout}\n${r.stderr}`);
		assert.ok(!r.stdout.includes(sixProxy.url), "nothing of six's");
		assert.match(`${r.stdout}\n${r.stderr}`, new RegExp(nineProxy.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
	});

	test("a gateway without a token of its own is refused before any connect: the other one's token is never lent", async () => {
		const connectsBefore = sixProxy.count('connect');
		const r = await cli(['devices', '--gateway', 'six'], { SIX_TOKEN: '' });
		assert.equal(r.code, 2);
		assert.match(r.stderr, /\$SIX_TOKEN is not set/);
		assert.equal(sixProxy.count('connect'), connectsBefore, 'nothing reached "six"');
	});

	test('on the wire: every connect to each gateway carried that gateway’s own token and never the other’s', () => {
		for (const [proxy, own, other] of [
			[nineProxy, nine.token, six.token],
			[sixProxy, six.token, nine.token],
		] as const) {
			const connects = proxy.requests.filter((r) => r.method === 'connect');
			assert.ok(connects.length >= 2, `the CLI connected through the proxy (${connects.length})`);
			for (const c of connects) assert.equal((c.params as { auth?: { token?: string } }).auth?.token, own);
			assert.ok(!JSON.stringify(proxy.requests).includes(other), "the other gateway's token never went this way");
		}
	});
});
