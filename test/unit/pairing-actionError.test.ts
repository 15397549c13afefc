// Error shapes exactly as the real gateways answered (2026.6.6 and 2026.9.6, captured in this project's runs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayClosedError, GatewayRequestError, GatewayTimeoutError } from '../../core/src/gateway';
import { PairingActionError, isPairingActionError, mayMeanRequestGone, toPairingActionError } from '../../core/src/pairing/pairingActionError';

const err = (method: string, code: string, message: string, details?: unknown) =>
	new GatewayRequestError(method, { code, message, ...(details === undefined ? {} : { details }) });

describe('gateway errors -> PairingActionError failure kinds', () => {
	test('missing scope: INVALID_REQUEST text (6.6 and 9.6 approve) and FORBIDDEN + MISSING_SCOPE (9.x methods)', () => {
		const text = toPairingActionError(err('device.pair.approve', 'INVALID_REQUEST', 'missing scope: operator.write'), 'device.pair.approve');
		assert.equal(text.failure, 'missingScope');
		assert.equal(text.missingScope, 'operator.write');
		const forbidden = toPairingActionError(
			err('device.pair.rename', 'FORBIDDEN', 'missing scope: operator.admin', {
				code: 'MISSING_SCOPE',
				missingScope: 'operator.admin',
				requiredScopes: ['operator.admin'],
			}),
			'device.pair.rename',
		);
		assert.equal(forbidden.failure, 'missingScope');
		assert.equal(forbidden.missingScope, 'operator.admin');
		const noName = toPairingActionError(err('node.pair.approve', 'FORBIDDEN', 'forbidden', { code: 'MISSING_SCOPE' }), 'node.pair.approve');
		assert.equal(noName.failure, 'missingScope');
		assert.equal(noName.missingScope, undefined);
	});

	test('unknown requestId -> expired; approval denied -> denied (and both may mean the id is gone)', () => {
		const unknown = err('device.pair.approve', 'INVALID_REQUEST', 'unknown requestId');
		assert.equal(toPairingActionError(unknown, 'device.pair.approve').failure, 'expired');
		assert.equal(mayMeanRequestGone(unknown), true);
		const denied = err('device.pair.approve', 'INVALID_REQUEST', 'device pairing approval denied');
		const mapped = toPairingActionError(denied, 'device.pair.approve');
		assert.equal(mapped.failure, 'denied');
		assert.match(mapped.message, /^device\.pair\.approve: INVALID_REQUEST: device pairing approval denied$/);
		assert.equal(mayMeanRequestGone(denied), true);
		assert.equal(mayMeanRequestGone(err('device.pair.reject', 'INVALID_REQUEST', 'device pairing rejection denied')), true);
		assert.equal(mayMeanRequestGone(err('device.pair.approve', 'INVALID_REQUEST', 'missing scope: operator.write')), false);
		assert.equal(mayMeanRequestGone(new GatewayClosedError('device.pair.approve', undefined)), false);
	});

	test('other denials and FORBIDDEN without a scope are denied', () => {
		for (const message of ['device pairing removal denied', 'device token rotation denied', 'device token revocation denied', 'device pairing rename denied']) {
			assert.equal(toPairingActionError(err('m', 'INVALID_REQUEST', message), 'm').failure, 'denied', message);
		}
		assert.equal(toPairingActionError(err('m', 'FORBIDDEN', 'nope'), 'm').failure, 'denied');
	});

	test('unknown method -> unsupported; unknown deviceId and anything else -> gateway', () => {
		assert.equal(toPairingActionError(err('x.y', 'INVALID_REQUEST', 'unknown method: x.y'), 'x.y').failure, 'unsupported');
		assert.equal(toPairingActionError(err('device.pair.remove', 'INVALID_REQUEST', 'unknown deviceId'), 'device.pair.remove').failure, 'gateway');
		assert.equal(toPairingActionError(err('m', 'UNAVAILABLE', 'try later'), 'm').failure, 'gateway');
		assert.equal(toPairingActionError(new Error('boom'), 'm').failure, 'gateway');
	});

	test('a dropped connection or a timeout after sending: outcome unknown, never "not connected"', () => {
		const closed = toPairingActionError(new GatewayClosedError('device.pair.approve', { code: 1006, reason: '' }), 'device.pair.approve');
		assert.equal(closed.failure, 'gateway');
		assert.equal(closed.outcomeUnknown, true);
		assert.match(closed.message, /not re-sent/);
		const timeout = toPairingActionError(new GatewayTimeoutError('device.pair.approve', 30_000), 'device.pair.approve');
		assert.equal(timeout.outcomeUnknown, true);
	});

	test('PairingActionErrors pass through unchanged', () => {
		const original = new PairingActionError('superseded', 'x', { replacementRequestId: 'r2' });
		assert.equal(toPairingActionError(original, 'm'), original);
		assert.equal(isPairingActionError(original), true);
		assert.equal(isPairingActionError(new Error('x')), false);
		assert.equal(original.name, 'PairingActionError');
		assert.equal(original.replacementRequestId, 'r2');
	});
});
