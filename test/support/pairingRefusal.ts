import { strict as assert } from 'node:assert';
import { GatewayConnectError, GatewaySession } from '../../core/src/gateway';

/** A refusal that opened a pairing request on the gateway. */
export type PairingRefusal = GatewayConnectError & { requestId: string };

/**
 * A device's connect that the gateway must refuse with "pairing required": resolves with the refusal (its requestId is
 * the request to approve). A session the gateway accepted instead is closed and fails the test with `why`.
 */
export async function expectPairingRequest(connecting: Promise<GatewaySession>, why: string): Promise<PairingRefusal> {
	const refused = await connecting.then(
		(session) => session.close().then(() => assert.fail(why)),
		(error: unknown) => error,
	);
	assert.ok(refused instanceof GatewayConnectError && refused.pairingRequired && refused.requestId, String(refused));
	return refused as PairingRefusal;
}
