// The setup-code half of the pairing service: create a code (device.pair.setupCode), ask how it ended
// (device.pair.setupStatus) and pass on the setup events. Both methods need operator.admin and are not advertised in
// hello-ok (so not guarded by features.methods like pairingActions.ts): they run on a login that holds admin
// (scopeElevation.ts), and a device login without it fails with `needsScope` for the editor to ask for it.
import { GatewaySession, serverVersion } from '../gateway';
import { ADMIN_SCOPE, compareVersions, JSON_ERA_LAST_VERSION } from '../scopes/scopeCatalog';
import { PairingActionError, toPairingActionError } from './pairingActionError';
import { PairingRpc, errorText } from './pairingRpc';
import type { ScopeElevation } from './scopeElevation';
import { IssuedSetupCode, SetupCodeRequest, parseSetupCodeReply, setupCodeParams } from './setupCode';
import { SetupOutcome, parseSetupEvent, parseSetupStatus } from './setupOutcome';
import type { Logger, Unsubscribe } from './types';

export interface SetupCodesOptions {
	elevation: ScopeElevation;
	rpc: PairingRpc;
	log: Logger;
	/** Why nothing can be sent now, in the terms of the connection state. */
	notConnected: () => string;
}

export class SetupCodes {
	private readonly listeners = new Set<(outcome: SetupOutcome) => void>();

	constructor(private readonly o: SetupCodesOptions) {}

	create(request: SetupCodeRequest): Promise<IssuedSetupCode> {
		return this.o.elevation.run([ADMIN_SCOPE], 'creating a setup code', async (session) => {
			const live = this.live(session);
			const params = setupCodeParams(serverVersion(live.hello), request);
			const issuedAt = Date.now();
			let payload: unknown;
			try {
				payload = await this.o.rpc(live, 'device.pair.setupCode', params);
			} catch (error) {
				throw toPairingActionError(error, 'device.pair.setupCode');
			}
			return parseSetupCodeReply(payload, request.access, issuedAt);
		});
	}

	/** How the code `setupId` ended (2026.8.1+); undefined while it is unused or after it expired unused. */
	status(setupId: string): Promise<SetupOutcome | undefined> {
		return this.o.elevation.run([ADMIN_SCOPE], 'checking a setup code', async (session) => {
			const live = this.live(session);
			const version = serverVersion(live.hello);
			if (version !== undefined && compareVersions(version, JSON_ERA_LAST_VERSION) <= 0)
				throw new PairingActionError('unsupported', `device.pair.setupStatus is not offered by openclaw ${version} (2026.8.1+)`);
			let payload: unknown;
			try {
				payload = await this.o.rpc(live, 'device.pair.setupStatus', { setupId });
			} catch (error) {
				throw toPairingActionError(error, 'device.pair.setupStatus');
			}
			const parsed = parseSetupStatus(payload, setupId);
			if (parsed instanceof Error) throw new PairingActionError('gateway', parsed.message);
			return parsed;
		});
	}

	onDidOutcome(listener: (outcome: SetupOutcome) => void): Unsubscribe {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Every pairing event of the live session passes here; the setup ones reach the listeners. */
	handleEvent(event: string, payload: unknown): void {
		const outcome = parseSetupEvent(event, payload);
		if (!outcome) {
			if (event.startsWith('device.pair.setup.')) this.o.log.warn(`ignored an unreadable ${event} event`);
			return;
		}
		this.o.log.info(`setup code ${outcome.setupId}: ${outcome.kind === 'completed' ? 'paired' : 'used, delivery uncertain'} (device ${outcome.deviceId})`);
		for (const listener of [...this.listeners]) {
			try {
				listener(outcome);
			} catch (error) {
				this.o.log.error(`a setup listener failed: ${errorText(error)}`);
			}
		}
	}

	private live(session: GatewaySession | undefined): GatewaySession {
		if (!session || session.closed) throw new PairingActionError('notConnected', this.o.notConnected());
		return session;
	}
}
