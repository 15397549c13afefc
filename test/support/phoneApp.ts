// What the OpenClaw iOS app (or a node host) does with a setup code it scanned: a fresh identity connects with the
// code's bootstrap token as a node with no scopes (read from the 9.6 app protocol; docs/setup-code.md).
import { connectGateway, DeviceIdentity, GatewayClientInfo, GatewaySession, generateDeviceIdentity } from '../../core/src/gateway';

/** The OpenClaw iOS app's client block when it redeems a code. */
export function iosApp(displayName: string): GatewayClientInfo {
	return { id: 'openclaw-ios', mode: 'node', version: '2026.9.0', platform: 'iOS 18.5', deviceFamily: 'iPhone', displayName };
}

export const NODE_HOST: GatewayClientInfo = { id: 'node-host', mode: 'node', version: '2026.9.0', platform: 'linux', displayName: 'Test node host' };

/** Redeem a decoded setup code (its url and bootstrapToken) as `client` would; resolves with the paired session. */
export function redeemSetupCode(
	payload: { url: string; bootstrapToken: string },
	client: GatewayClientInfo,
	identity: DeviceIdentity = generateDeviceIdentity(),
): Promise<GatewaySession> {
	return connectGateway({ url: payload.url, auth: { bootstrapToken: payload.bootstrapToken }, identity, role: 'node', scopes: [], client });
}
