import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
	ConnectedGateway,
	GATEWAY_CHANGED_MESSAGE,
	GatewayChangedError,
	GatewaySource,
	NotConnectedError,
	describeCommandError,
	withConnectedGateway,
} from '../../client/src/commands/connectedGateway';
import type { ConnectionState, PairingService } from '../../core/src/pairing/types';

const CONNECTED: ConnectionState = { kind: 'connected', serverVersion: '2026.6.6', scopes: ['operator.pairing'], via: 'device' };

/** Only what ConnectedGateway reads (state) and what the test's command calls (approve). */
function fakeService(state: ConnectionState = CONNECTED): PairingService & { state: ConnectionState; approved: string[] } {
	const approved: string[] = [];
	return {
		state,
		approved,
		approve: async (requestId: string) => {
			approved.push(requestId);
			return undefined;
		},
	} as unknown as PairingService & { state: ConnectionState; approved: string[] };
}

class Source implements GatewaySource {
	constructor(public current: PairingService | undefined) {}
}

describe('ConnectedGateway', () => {
	test('resolves the current service only when it is connected', () => {
		const service = fakeService();
		assert.equal(ConnectedGateway.resolve(new Source(service)).service, service);
		assert.throws(() => ConnectedGateway.resolve(new Source(undefined)), NotConnectedError);
		assert.throws(
			() => ConnectedGateway.resolve(new Source(fakeService({ kind: 'connecting', attempt: 1 }))),
			(e: NotConnectedError) => e.failure === 'notConnected',
		);
	});

	test('after the dialog: the same service if it is still current and connected', () => {
		const service = fakeService();
		const gateway = ConnectedGateway.resolve(new Source(service));
		assert.equal(gateway.isCurrent, true);
		assert.equal(gateway.afterDialog(), service);
	});

	test('after the dialog: GatewayChangedError when the service was replaced meanwhile (a token or settings change)', () => {
		const source = new Source(fakeService());
		const gateway = ConnectedGateway.resolve(source);
		source.current = fakeService();
		assert.equal(gateway.isCurrent, false);
		assert.throws(() => gateway.afterDialog(), GatewayChangedError);
	});

	test('after the dialog: GatewayChangedError when the same service lost its connection, or is gone', () => {
		const service = fakeService();
		const source = new Source(service);
		const gateway = ConnectedGateway.resolve(source);
		service.state = { kind: 'disconnected', message: 'socket closed', retryAt: undefined };
		assert.throws(() => gateway.afterDialog(), GatewayChangedError);
		service.state = CONNECTED;
		source.current = undefined;
		assert.throws(() => gateway.afterDialog(), GatewayChangedError);
	});

	test('withConnectedGateway: an approval confirmed for one connection is never sent on the next one', async () => {
		const first = fakeService();
		const source = new Source(first);
		const errors: unknown[] = [];
		const approve = withConnectedGateway(
			source,
			async (gateway, requestId: string) => {
				// The modal is open; meanwhile the token changes and the controller builds a new service.
				await Promise.resolve();
				source.current = fakeService();
				await gateway.afterDialog().approve(requestId);
			},
			(error) => void errors.push(error),
		);
		await approve('req-1');
		assert.deepEqual(first.approved, []);
		assert.deepEqual((source.current as unknown as { approved: string[] }).approved, []);
		assert.equal(errors.length, 1);
		assert.ok(errors[0] instanceof GatewayChangedError);
		assert.equal(describeCommandError(errors[0], 'approve'), GATEWAY_CHANGED_MESSAGE);
		assert.match(GATEWAY_CHANGED_MESSAGE, /changed while the dialog was open.*try again/);
	});

	test('withConnectedGateway: resolved at invocation, acts on that service when nothing changed', async () => {
		const source = new Source(undefined);
		const errors: unknown[] = [];
		let ran = 0;
		const command = withConnectedGateway(
			source,
			async (gateway, requestId: string) => {
				ran++;
				await gateway.afterDialog().approve(requestId);
			},
			(error) => void errors.push(error),
		);
		await command('req-0');
		assert.equal(ran, 0, 'not connected: the body does not run');
		assert.match(describeCommandError(errors[0], 'approve'), /^Not connected to the gateway, so nothing was sent/);
		const service = fakeService();
		source.current = service;
		await command('req-2');
		assert.deepEqual(service.approved, ['req-2']);
		assert.equal(errors.length, 1);
	});
});
