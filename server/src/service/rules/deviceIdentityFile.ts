import { Code } from '../diagnosticCodes';
import { deviceIdFromPublicKey, rawPublicKeyFromPem } from '../identity';
import { RuleContext, isObject } from '../ruleContext';

/** identity/device.json: deviceId must be the sha256 of the key, or OpenClaw rewrites it (and the pairing no longer matches). */
export function deviceIdentityFileRule(ctx: RuleContext): void {
	const root = ctx.doc.value;
	if (!isObject(root) || typeof root.deviceId !== 'string') return;
	let raw: string | undefined;
	if (typeof root.publicKeyPem === 'string') raw = rawPublicKeyFromPem(root.publicKeyPem);
	else if (typeof root.publicKey === 'string') raw = root.publicKey;
	const derived = raw ? deviceIdFromPublicKey(raw) : undefined;
	if (derived && derived !== root.deviceId) {
		ctx.report(
			Code.DeviceIdPublicKeyMismatch,
			'error',
			`deviceId is not the sha256 of the public key (expected ${derived}). OpenClaw rewrites it on load, and the gateway knows this device by the derived id.`,
			['deviceId'],
			{
				data: { expected: derived },
			},
		);
	}
}
