// Test devices that connect to a real gateway with its shared token, as a new laptop, phone or node does.
import assert from 'node:assert/strict';
import { DeviceIdentity, GatewayClientInfo, GatewayConnectError, GatewaySession, connectGateway, generateDeviceIdentity } from '../../core/src/gateway';
import { isPairingActionError } from '../../core/src/pairing/pairingActionError';
import type { PairingActionError } from '../../core/src/pairing/types';
import type { RunningGateway } from './gateway';
import { expectPairingRequest } from './pairingRefusal';

export type Attempt = { session: GatewaySession; error?: undefined } | { session?: undefined; error: GatewayConnectError };
type Role = 'operator' | 'node';

/** `origin`: send a browser Origin, which keeps 2026.6 from pairing a loopback device silently. */
export function testDevices(gateway: () => RunningGateway, origin: boolean) {
	const client = (displayName: string, id: GatewayClientInfo['id'] = 'gateway-client', mode: GatewayClientInfo['mode'] = 'ui'): GatewayClientInfo => ({
		id,
		mode,
		version: '0.1.0-test',
		platform: 'linux',
		displayName,
	});

	/** A test device's connect with the shared token. */
	const connectDevice = (identity: DeviceIdentity, scopes: string[], name: string, role: Role = 'operator') => {
		const gw = gateway();
		return connectGateway({
			url: gw.url,
			auth: { token: gw.token },
			identity,
			role,
			scopes,
			client: role === 'node' ? client(name, 'node-host', 'node') : client(name),
			...(origin ? { headers: { Origin: `http://127.0.0.1:${gw.port}` } } : {}),
		});
	};

	const tryConnect = async (identity: DeviceIdentity, scopes: string[], name: string, role: Role = 'operator'): Promise<Attempt> => {
		try {
			return { session: await connectDevice(identity, scopes, name, role) };
		} catch (error) {
			assert.ok(error instanceof GatewayConnectError, String(error));
			return { error };
		}
	};

	/** Connect a new device and expect the 1008 pairing refusal; returns the requestId. */
	const requestPairing = async (identity: DeviceIdentity, scopes: string[], name: string, role: Role = 'operator'): Promise<string> => {
		const refused = await expectPairingRequest(connectDevice(identity, scopes, name, role), `${name} must be refused until approved`);
		assert.equal(refused.close?.code, 1008);
		return refused.requestId;
	};

	/**
	 * An admin session for the test's own checks: on 2026.9 a device-less cli/cli with the shared token keeps its scopes on
	 * direct loopback; 2026.6 needs an identity (`identity`, else a new one), which it pairs silently there.
	 */
	const connectAdmin = (scopes: string[] = ['operator.admin', 'operator.pairing', 'operator.read'], identity?: DeviceIdentity): Promise<GatewaySession> => {
		const gw = gateway();
		const nine = gw.version.startsWith('2026.9');
		return connectGateway({
			url: gw.url,
			auth: { token: gw.token },
			identity: nine ? null : (identity ?? generateDeviceIdentity()),
			role: 'operator',
			scopes,
			client: nine ? client('test admin', 'cli', 'cli') : client('test admin'),
		});
	};

	return { client, connectDevice, tryConnect, requestPairing, connectAdmin };
}

/** The PairingActionError an action must fail with. */
export function rejection(promise: Promise<unknown>): Promise<PairingActionError> {
	return promise.then(
		() => assert.fail('the action must fail'),
		(e: unknown) => {
			assert.ok(isPairingActionError(e), `a PairingActionError, got ${String(e)}`);
			return e;
		},
	);
}
