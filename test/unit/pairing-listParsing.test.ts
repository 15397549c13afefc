// List payloads exactly as the real gateways sent them (captured from 2026.9.6 and 2026.6.6 in this project's runs),
// plus hostile variants: the parser is a whitelist, so a token or any unknown field never gets through.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ListParseError, parseDevicePairList, parseNodePairList, parsePairedDevice, parsePendingDeviceRequest } from '../../core/src/pairing/listParsing';
import { applyPairingEvent } from '../../core/src/pairing/snapshotEvents';
import type { PairingSnapshot } from '../../core/src/pairing/types';

const PENDING_96 = {
	requestId: '296df3ed-2ef0-46b3-8579-1cb0c828d7cb',
	deviceId: '8691159a8b5e75a8e61b5cbcd4ac730732cdd0f7446a5bc6ea5db45bf3b21da3',
	publicKey: 'DkBbJVZRwNIfviJNmJZR0wDmeCezAaWqX7cSvEInzGo',
	displayName: 'device B',
	platform: 'linux',
	clientId: 'gateway-client',
	clientMode: 'ui',
	role: 'operator',
	roles: ['operator'],
	scopes: ['operator.read', 'operator.pairing'],
	silent: false,
	isRepair: false,
	ts: 1795706956500,
};
const PAIRED_96 = {
	deviceId: '6c58d9a83c248a0c21353ea5f9ee5460065d57d5bf9549f5790f24426bacdd15',
	publicKey: 'csfKbuO5huYzIyaOIDcidEhUgEkISUI_G2smoMNQyPg',
	displayName: 'our service',
	platform: 'linux',
	clientId: 'gateway-client',
	clientMode: 'ui',
	role: 'operator',
	roles: ['operator'],
	scopes: ['operator.pairing', 'operator.read'],
	approvedVia: 'owner',
	createdAtMs: 1795706956292,
	approvedAtMs: 1795706956292,
	lastSeenAtMs: 1795706956320,
	lastSeenReason: 'connect',
	connected: true,
	tokens: [{ role: 'operator', scopes: ['operator.pairing', 'operator.read'], createdAtMs: 1795706956292 }],
};
const PAIRED_66 = {
	deviceId: 'b4197c3609a75aa2f38050f7518d99986df0fb55fde8e8410b8abb79a042b004',
	publicKey: 'Tw-9Kf-EC5fORj2482VUPTcPDlwIfY1CWYHoDgJ2p0k',
	displayName: 'our service',
	platform: 'linux',
	clientId: 'gateway-client',
	clientMode: 'ui',
	role: 'operator',
	roles: ['operator'],
	scopes: ['operator.pairing', 'operator.read'],
	createdAtMs: 1795706980602,
	approvedAtMs: 1795706980602,
	lastSeenAtMs: 1795706980594,
	lastSeenReason: 'connect',
	tokens: [{ role: 'operator', scopes: ['operator.pairing', 'operator.read'], createdAtMs: 1795706980602 }],
};

describe('device.pair.list parsing', () => {
	test('real 2026.9.6 and 2026.6.6 payloads come through unchanged, key order included', () => {
		const parsed = parseDevicePairList({ pending: [PENDING_96], paired: [PAIRED_96, PAIRED_66] });
		assert.equal(parsed.skipped, 0);
		assert.equal(JSON.stringify(parsed.pending[0]), JSON.stringify(PENDING_96));
		assert.equal(JSON.stringify(parsed.paired[0]), JSON.stringify(PAIRED_96));
		assert.equal(JSON.stringify(parsed.paired[1]), JSON.stringify(PAIRED_66));
	});

	test('secrets and unknown fields are dropped, wherever they hide', () => {
		const hostile = {
			...PAIRED_96,
			approvedScopes: ['operator.admin'],
			nodeSurface: { secret: 'x' },
			token: 'TOP-SECRET-1',
			tokens: [
				{
					role: 'operator',
					scopes: ['operator.read'],
					token: 'TOP-SECRET-2',
					issuer: { kind: 'shared-gateway-auth', generation: 'TOP-SECRET-3' },
					createdAtMs: 1,
				},
			],
		};
		const device = parsePairedDevice(hostile);
		const text = JSON.stringify(device);
		assert.doesNotMatch(text, /TOP-SECRET|approvedScopes|nodeSurface|issuer|"token"/);
		assert.deepEqual(device?.tokens, [{ role: 'operator', scopes: ['operator.read'], createdAtMs: 1 }]);
	});

	test('a JSON-era token map becomes summaries without the token strings', () => {
		const device = parsePairedDevice({
			deviceId: 'd1',
			tokens: { operator: { token: 'TOP-SECRET', role: 'operator', scopes: ['operator.read'], createdAtMs: 5 }, node: { token: 'X', scopes: [] } },
		});
		assert.deepEqual(device?.tokens, [
			{ role: 'operator', scopes: ['operator.read'], createdAtMs: 5 },
			{ scopes: [], role: 'node' },
		]);
	});

	test('mistyped fields are dropped; entries without their ids or ts are skipped and counted', () => {
		const parsed = parseDevicePairList({
			pending: [{ ...PENDING_96, scopes: 'operator.read', isRepair: 'yes' }, { deviceId: 'x', ts: 1 }, { requestId: 'r', deviceId: 'd' }, null, 'junk'],
			paired: [{ deviceId: '' }, { ...PAIRED_66, createdAtMs: 'yesterday', roles: [1, 2] }],
		});
		assert.equal(parsed.pending.length, 1);
		assert.equal(parsed.pending[0].scopes, undefined);
		assert.equal(parsed.pending[0].isRepair, undefined);
		assert.equal(parsed.paired.length, 1);
		assert.equal(parsed.paired[0].createdAtMs, undefined);
		assert.equal(parsed.paired[0].roles, undefined);
		assert.equal(parsed.skipped, 5);
	});

	test("returned arrays are copies, not the payload's own", () => {
		const input = { ...PENDING_96, scopes: ['operator.read'] };
		const parsed = parsePendingDeviceRequest(input);
		input.scopes.push('operator.admin');
		assert.deepEqual(parsed?.scopes, ['operator.read']);
	});

	test('payloads that are not lists throw; missing arrays are empty', () => {
		assert.throws(() => parseDevicePairList(null), ListParseError);
		assert.throws(() => parseDevicePairList([]), ListParseError);
		assert.throws(() => parseDevicePairList({ pending: {} }), ListParseError);
		assert.deepEqual(parseDevicePairList({}), { pending: [], paired: [], skipped: 0 });
	});

	test('node.pair.list keeps requiredApproveScopes and drops permissions', () => {
		const parsed = parseNodePairList({
			pending: [
				{
					requestId: 'n1',
					nodeId: 'node-a',
					commands: ['system.run'],
					requiredApproveScopes: ['operator.pairing', 'operator.admin'],
					permissions: { camera: true },
					ts: 3,
				},
			],
			paired: [{ nodeId: 'node-b', token: 'TOP-SECRET' }],
		});
		assert.deepEqual(parsed.pending, [
			{ requestId: 'n1', nodeId: 'node-a', commands: ['system.run'], requiredApproveScopes: ['operator.pairing', 'operator.admin'], ts: 3 },
		]);
		assert.doesNotMatch(JSON.stringify(parsed), /TOP-SECRET/);
	});
});

describe('applying pairing events to a snapshot', () => {
	const base = (): PairingSnapshot => ({ pending: [{ ...PENDING_96 }], nodes: [], paired: [], listedAt: 1 });

	test('requested adds the request first and drops older requests of the same device (superseded)', () => {
		const newer = { ...PENDING_96, requestId: 'new-id', scopes: ['operator.read', 'operator.pairing', 'operator.write'], isRepair: true, ts: 2 };
		const other = { ...PENDING_96, requestId: 'other', deviceId: 'other-device' };
		let out = applyPairingEvent(base(), { event: 'device.pair.requested', payload: other });
		out = applyPairingEvent(out.snapshot, { event: 'device.pair.requested', payload: newer });
		assert.deepEqual(
			out.snapshot.pending.map((p) => p.requestId),
			['new-id', 'other'],
		);
		assert.equal(out.changed, true);
		assert.equal(out.relist, false);
	});

	test('resolved removes the request; an approval also asks for a re-list (the paired list changed)', () => {
		const rejected = applyPairingEvent(base(), {
			event: 'device.pair.resolved',
			payload: { requestId: PENDING_96.requestId, deviceId: PENDING_96.deviceId, decision: 'rejected', ts: 3 },
		});
		assert.deepEqual(rejected.snapshot.pending, []);
		assert.equal(rejected.relist, false);
		const approved = applyPairingEvent(base(), { event: 'device.pair.resolved', payload: { requestId: PENDING_96.requestId, decision: 'approved' } });
		assert.deepEqual(approved.snapshot.pending, []);
		assert.equal(approved.relist, true);
	});

	test('replaying the same events is idempotent', () => {
		let s = base();
		const events = [
			{ event: 'device.pair.requested', payload: { ...PENDING_96, requestId: 'r2', deviceId: 'd2' } },
			{ event: 'device.pair.resolved', payload: { requestId: PENDING_96.requestId, decision: 'rejected' } },
		];
		for (const e of events) s = applyPairingEvent(s, e).snapshot;
		const once = JSON.stringify(s);
		for (const e of events) s = applyPairingEvent(s, e).snapshot;
		assert.equal(JSON.stringify(s), once);
	});

	test('changed, unknown and malformed events', () => {
		assert.equal(applyPairingEvent(base(), { event: 'device.pair.changed', payload: {} }).relist, true);
		const unknown = applyPairingEvent(base(), { event: 'presence', payload: {} });
		assert.equal(unknown.changed || unknown.relist, false);
		const bad = applyPairingEvent(base(), { event: 'device.pair.requested', payload: { requestId: 5 } });
		assert.equal(bad.malformed, true);
		assert.equal(bad.relist, true);
	});

	test('node requests come and go by requestId', () => {
		let out = applyPairingEvent(base(), { event: 'node.pair.requested', payload: { requestId: 'n1', nodeId: 'a', ts: 1 } });
		assert.deepEqual(
			out.snapshot.nodes.map((n) => n.requestId),
			['n1'],
		);
		out = applyPairingEvent(out.snapshot, { event: 'node.pair.resolved', payload: { requestId: 'n1', nodeId: 'a', decision: 'approved' } });
		assert.deepEqual(out.snapshot.nodes, []);
	});
});
