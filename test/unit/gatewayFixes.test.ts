// The fixes on the live pairing state's documents (server/src/service/gatewayFixes.ts): a command for the gateway for
// each finding the gateway can answer, never a text edit; the argument round-trips through the client's parser.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GATEWAY_FIX_COMMAND, parseGatewayFixAction } from '../../core/src/pairing/gatewayFixAction';
import { PairingLanguageService } from '../../server/src/service/languageService';
import { NOW, newDeviceKey, pairedDevice, pairedFile } from '../support/fixtures';
import { validate } from '../support/languageService';

const service = new PairingLanguageService();
const actionsFor = (text: string) => service.gatewayActions('paired', validate(text));

describe('fixes through the gateway on the live pairing state', () => {
	test('a CLI without operator.admin: approve its pending request (a command, no edit)', () => {
		const key = newDeviceKey();
		const scopes = ['operator.pairing'];
		const record = pairedDevice({ scopes, approvedScopes: scopes, tokens: { operator: { token: 't', role: 'operator', scopes, createdAtMs: NOW } } }, key);
		const [action, ...rest] = actionsFor(pairedFile(record));
		assert.equal(rest.length, 0);
		assert.equal(action.title, 'Approve its pending request for operator.admin (through the gateway)');
		assert.equal(action.edit, undefined);
		assert.equal(action.command?.command, GATEWAY_FIX_COMMAND);
		assert.deepEqual(parseGatewayFixAction(action.command?.arguments?.[0]), { action: 'approveUpgrade', deviceId: key.deviceId, scopes: ['operator.admin'] });
		// With the document's URI, the fix says which gateway's document it came from (several gateways).
		const uri = 'openclaw-pairing-state://127.0.0.1:28789/devices/paired.json?openclaw=2026.9.6';
		const [routed] = service.gatewayActions('paired', validate(pairedFile(record)), uri);
		assert.deepEqual(parseGatewayFixAction(routed.command?.arguments?.[0]), {
			action: 'approveUpgrade',
			deviceId: key.deviceId,
			scopes: ['operator.admin'],
			document: uri,
		});
	});

	test('a token beyond the approved scopes: rotate that role through the gateway', () => {
		const key = newDeviceKey();
		const approved = ['operator.pairing', 'operator.read'];
		const token = { token: 't', role: 'operator', scopes: [...approved, 'operator.admin'], createdAtMs: NOW };
		const record = pairedDevice({ clientId: 'gateway-client', clientMode: 'ui', scopes: approved, approvedScopes: approved, tokens: { operator: token } }, key);
		const actions = actionsFor(pairedFile(record));
		assert.deepEqual(
			actions.map((a) => parseGatewayFixAction(a.command?.arguments?.[0])),
			[{ action: 'rotateToken', deviceId: key.deviceId, role: 'operator' }],
		);
	});

	test('a role without an active token (revoked): rotate it, which lifts the revoke', () => {
		const key = newDeviceKey();
		const record = pairedDevice({}, key) as { tokens: { operator: Record<string, unknown> } };
		record.tokens.operator.revokedAtMs = NOW;
		const actions = actionsFor(pairedFile(record));
		assert.ok(
			actions.some(
				(a) =>
					JSON.stringify(parseGatewayFixAction(a.command?.arguments?.[0])) ===
					JSON.stringify({ action: 'rotateToken', deviceId: key.deviceId, role: 'operator' }),
			),
			JSON.stringify(actions),
		);
	});

	test('a malformed argument from the client is refused', () => {
		for (const bad of [undefined, {}, { action: 'rotateToken', deviceId: 'd' }, { action: 'x', deviceId: 'd' }, { action: 'removeDevice', deviceId: '' }])
			assert.equal(parseGatewayFixAction(bad), undefined, JSON.stringify(bad));
	});
});
