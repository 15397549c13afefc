// gateway.roles (2026.9.x named operator roles) in the gateway's own words, read from the 2026.9.6 dist:
// src/gateway/server-methods/device-scope-upgrade.ts (requestUpgrade / waitUpgrade past the role) and the connect
// refusal of a device-token login while roles are on (measured on a real 9.6: test/gateway/operatorRoles.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayConnectError, GatewayRequestError } from '../../core/src/gateway';
import { diagnose } from '../../core/src/doctor/diagnose';
import { recogniseLine } from '../../core/src/doctor/recognise';
import { classifyConnectFailure } from '../../core/src/pairing/connectFailure';
import { toPairingActionError } from '../../core/src/pairing/pairingActionError';
import { describeActionError } from '../../client/src/commands/actionMessages';

const REQUESTED = 'requested scopes exceed your assigned operator role; ask a gateway administrator to change your role';
const APPROVED = 'approved scopes exceed your assigned operator role; ask a gateway administrator to change your role';
const VERIFIED =
	'operator role policies require a verified user identity for this authentication method; reconnect through the trusted proxy or Tailscale, or use the shared gateway token/password';

describe('named operator roles (gateway.roles)', () => {
	test('requestUpgrade and waitUpgrade past the role: roleCap, worded as "only an administrator", never "ask again"', () => {
		for (const [method, message] of [
			['device.scopes.requestUpgrade', REQUESTED],
			['device.scopes.waitUpgrade', APPROVED],
		]) {
			const e = toPairingActionError(new GatewayRequestError(method, { code: 'INVALID_REQUEST', message }), method);
			assert.equal(e.failure, 'roleCap', method);
			const text = describeActionError(e, 'approve this request');
			assert.match(text, /gateway\.roles/);
			assert.match(text, /administrator/);
			assert.match(text, /asking again will not help/);
		}
		// Other refusals keep their kinds: the role wording alone makes roleCap.
		const other = toPairingActionError(
			new GatewayRequestError('device.scopes.requestUpgrade', { code: 'INVALID_REQUEST', message: 'requested scopes contain an unknown operator scope' }),
			'x',
		);
		assert.equal(other.failure, 'gateway');
	});

	test('NOT_PAIRED + AUTH_VERIFIED_USER_REQUIRED is an auth failure, not a pairing wait; a real PAIRING_REQUIRED still is', () => {
		const refused = new GatewayConnectError({
			kind: 'rejected',
			error: { code: 'NOT_PAIRED', message: VERIFIED, details: { code: 'AUTH_VERIFIED_USER_REQUIRED' } },
		});
		assert.equal(refused.pairingRequired, false);
		assert.deepEqual(classifyConnectFailure(refused), {
			kind: 'authFailed',
			code: 'AUTH_VERIFIED_USER_REQUIRED',
			message: refused.message,
			retryAfterMs: undefined,
		});
		const pairing = new GatewayConnectError({
			kind: 'rejected',
			error: {
				code: 'NOT_PAIRED',
				message: 'pairing required: device is not approved yet',
				details: { code: 'PAIRING_REQUIRED', requestId: '6ec6e7d6-5d72-4bc9-b289-45660dbdb57b' },
			},
		});
		assert.equal(pairing.pairingRequired, true);
		const bare = new GatewayConnectError({ kind: 'rejected', error: { code: 'NOT_PAIRED', message: 'pairing required' } });
		assert.equal(bare.pairingRequired, true, 'a NOT_PAIRED without details (older gateways) is still a pairing wait');
	});

	test('the doctor reads both lines: the close line cut at 120 bytes and the role-cap answer', () => {
		const close = `gateway closed (1008): ${VERIFIED.slice(0, 120)}`;
		const line = recogniseLine(close);
		assert.ok(line.recognised && line.kind === 'verified-user-required', JSON.stringify(line));
		const [d] = diagnose({ line }, { notLive: 'offline' });
		assert.equal(d.reason, 'verified-user-required');
		assert.equal(d.fix.vscodeCommand?.command, 'openclawPairing.setToken');
		const cap = recogniseLine(`Error: ${REQUESTED}`);
		assert.ok(cap.recognised && cap.kind === 'role-cap', JSON.stringify(cap));
		const [c] = diagnose({ line: cap }, { notLive: 'offline' });
		assert.equal(c.reason, 'role-cap');
		assert.match(c.fix.cliCommand, /users\.setRole|gateway\.roles/);
	});
});
