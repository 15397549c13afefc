import { Code } from '../diagnosticCodes';
import { deviceIdFromPublicKey } from '../identity';
import { RuleContext, records } from '../ruleContext';

/** paired.json: the map key, deviceId and publicKey must agree, as the gateway looks devices up by key and verifies by key. */
export function deviceIdentityRule(ctx: RuleContext): void {
	for (const { key, record } of records(ctx)) {
		const deviceId = typeof record.deviceId === 'string' ? record.deviceId : undefined;
		const derived = typeof record.publicKey === 'string' ? deviceIdFromPublicKey(record.publicKey) : undefined;
		if (derived && deviceId !== undefined && deviceId !== derived) {
			ctx.report(
				Code.DeviceIdPublicKeyMismatch,
				'error',
				`deviceId is not the sha256 of publicKey (expected ${derived}). The device's connect is refused with "device identity mismatch" (DEVICE_AUTH_DEVICE_ID_MISMATCH).`,
				[key, 'deviceId'],
				{ data: { expected: derived } },
			);
		}
		if (deviceId !== undefined && deviceId !== key) {
			// The public key vouches for the right id; without one, trust the record's own deviceId.
			const expected = derived ?? deviceId;
			ctx.report(
				Code.KeyDeviceIdMismatch,
				'error',
				`This key differs from the record's deviceId. The gateway looks devices up by key and the 2026.8+ import trusts the key, so the device is treated as not paired.`,
				[key],
				{ target: 'key', data: { expected } },
			);
		}
	}
}
