// What a session's calls are authorised with (core/src/pairing/approvalScopes.ts sessionScopes): openclaw checks the
// scopes connect asked for, not hello-ok's grant. Measured on a real 2026.6.6 by test/e2e/suite/stuckNode.test.ts: a
// device token holding operator.admin, connected asking for operator.pairing + operator.read, is granted all three in
// hello-ok and still gets "device pairing approval denied" approving a node.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HelloOk } from '../../core/src/gateway';
import { sessionScopes } from '../../core/src/pairing/approvalScopes';

const session = (requested: string[], granted: string[], version = '2026.6.6') => ({
	requestedScopes: requested,
	hello: { auth: { scopes: granted }, server: { version } } as unknown as HelloOk,
});

describe('sessionScopes', () => {
	test('a grant wider than the request authorises only what was asked for', () => {
		assert.deepEqual(sessionScopes(session(['operator.pairing', 'operator.read'], ['operator.pairing', 'operator.read', 'operator.admin'])), [
			'operator.pairing',
			'operator.read',
		]);
	});

	test('what was asked for and not granted is not held', () => {
		assert.deepEqual(sessionScopes(session(['operator.admin', 'operator.read'], ['operator.read'])), ['operator.read']);
		assert.deepEqual(sessionScopes(session(['operator.read'], [])), []);
	});

	test('a granted scope that implies the asked one counts (operator.admin covers operator.pairing)', () => {
		assert.deepEqual(sessionScopes(session(['operator.pairing'], ['operator.admin'])), ['operator.pairing']);
	});
});
