// More scope only when an action needs it (least privilege the rest of the time). The live session keeps the scopes
// we asked for at start; an action that needs more (approving a node needs operator.admin: approvalScopes.ts) runs on
// a second, short login that asks for them too:
//   - logged in with the shared token on loopback (connectMode.ts): the gateway grants them at once, on every
//     measured version, so the action just runs;
//   - logged in as our paired device: it works only once the device was approved for them. Otherwise the action fails
//     with `needsScope`, and askForScopes() files the upgrade request the way that version accepts it:
//     `device.scopes.requestUpgrade` + `waitUpgrade` from 2026.8.1, and on the JSON era a login asking for the wider
//     scopes, which the gateway refuses with 1008 "pairing required" (scope upgrade) and records as a pending request.
import { GatewayConnectError, GatewaySession, isRecord, serverVersion } from '../gateway';
import { possibleApprovers, scopesLacking, sessionScopes } from './approvalScopes';
import type { ConnectionLoop } from './connectionLoop';
import { withExtraScopes } from './connectMode';
import { PairingActionError, isPairingActionError, toPairingActionError } from './pairingActionError';
import type { PairingRpc } from './pairingRpc';
import type { PairingSnapshot, ScopeUpgradeRequest } from './types';

/** A device's pending upgrade expires 5 min after its last refresh (DEVICE_PAIRING_PENDING_TTL_MS). */
const UPGRADE_TTL_MS = 5 * 60_000;
const RECONNECT_POLL_MS = 2_000;

export interface ScopeElevationOptions {
	loop: ConnectionLoop;
	rpc: PairingRpc;
	snapshot: () => PairingSnapshot | undefined;
	/** Re-list on the live session (to find our own upgrade request when the gateway did not name it). */
	relist: () => Promise<PairingSnapshot | undefined>;
}

export class ScopeElevation {
	constructor(private readonly o: ScopeElevationOptions) {}

	/**
	 * Run `run` on a session that holds `needed`: the live one when it does, else a short second login asking for
	 * them too (closed afterwards). Fails with `needsScope` when our device was not approved for them.
	 */
	async run<T>(needed: readonly string[], what: string, run: (session: GatewaySession | undefined) => Promise<T>): Promise<T> {
		const session = this.o.loop.session;
		if (!session || session.closed) return run(undefined); // the action says "not connected" in its own words
		const lacking = scopesLacking(needed, sessionScopes(session), serverVersion(session.hello));
		if (lacking.length === 0) {
			try {
				return await run(session);
			} catch (error) {
				// The list did not say (a node's requiredApproveScopes is not always listed): the gateway's refusal names
				// the scope, and a refusal means nothing happened, so asking again with it is safe.
				const scope = isPairingActionError(error) && error.failure === 'missingScope' ? error.missingScope : undefined;
				if (!scope || needed.includes(scope)) throw error;
				return this.run([...needed, scope], what, run);
			}
		}
		if (this.o.loop.via === 'device' && !this.ownDeviceApprovedFor(lacking, session)) throw needsScope(what, lacking);
		const extra = await this.open(withExtraScopes(sessionScopes(session), lacking), what, lacking);
		try {
			return await run(extra);
		} finally {
			void extra.close(1000, 'done');
		}
	}

	/** File a request for our own device to get `scopes` added (device login only). */
	async askForScopes(scopes: readonly string[]): Promise<ScopeUpgradeRequest> {
		const session = this.o.loop.session;
		if (!session || session.closed) throw new PairingActionError('notConnected', 'not connected to the gateway');
		if (this.o.loop.via !== 'device') throw new PairingActionError('gateway', 'this connection logs in with the shared token: it asks for scopes itself');
		const version = serverVersion(session.hello);
		const held = sessionScopes(session);
		const added = scopesLacking(scopes, held, version);
		const all = withExtraScopes(held, added);
		const approvers = (snapshot: PairingSnapshot | undefined) =>
			possibleApprovers(snapshot?.paired ?? [], added, version).filter((d) => d.deviceId !== this.o.loop.deviceId);
		if (session.hello.features.methods.includes('device.scopes.requestUpgrade')) {
			let payload: unknown;
			try {
				payload = await this.o.rpc(session, 'device.scopes.requestUpgrade', { scopes: all });
			} catch (error) {
				throw toPairingActionError(error, 'device.scopes.requestUpgrade');
			}
			const requestId = isRecord(payload) && typeof payload.requestId === 'string' ? payload.requestId : undefined;
			return { requestId, scopes: all, added, approvers: approvers(await this.o.relist()), how: 'live' };
		}
		const refusal = await this.widerLogin(all);
		if (refusal === 'accepted') throw new PairingActionError('gateway', 'the gateway already granted these scopes: try the action again');
		const snapshot = await this.o.relist();
		// 6.6 cuts the close reason at 120 bytes, often inside the id: the list names our repair request.
		const own = snapshot?.pending.find((p) => p.deviceId === this.o.loop.deviceId);
		return { requestId: refusal.requestId ?? own?.requestId, scopes: all, added, approvers: approvers(snapshot), how: 'reconnect' };
	}

	/** Resolves once `request` is approved; rejects when it is rejected, expires or `signal` aborts. */
	async waitForScopes(request: ScopeUpgradeRequest, signal?: AbortSignal): Promise<void> {
		const session = this.o.loop.session;
		if (!session || session.closed) throw new PairingActionError('notConnected', 'not connected to the gateway');
		if (request.how === 'live' && request.requestId) {
			const waiting = this.o.rpc(session, 'device.scopes.waitUpgrade', { requestId: request.requestId }, { timeoutMs: UPGRADE_TTL_MS + 30_000 });
			const payload = await abortable(waiting, signal).catch((error: unknown) => {
				throw toPairingActionError(error, 'device.scopes.waitUpgrade');
			});
			const status = isRecord(payload) ? payload.status : undefined;
			if (status === 'approved') {
				await this.o.relist(); // our paired record now shows the scopes: the next action's wider login will be accepted
				return;
			}
			throw new PairingActionError('denied', `the scope request ${request.requestId} was ${typeof status === 'string' ? status : 'not approved'}`);
		}
		const deadline = Date.now() + UPGRADE_TTL_MS;
		while (Date.now() < deadline) {
			if (signal?.aborted) throw new PairingActionError('gateway', 'cancelled');
			if ((await this.widerLogin(request.scopes)) === 'accepted') {
				await this.o.relist();
				return;
			}
			await sleep(RECONNECT_POLL_MS, signal);
		}
		throw new PairingActionError('expired', 'the scope request expired (5 minutes) before anyone approved it');
	}

	/**
	 * One device login asking for `scopes` (closed at once): 'accepted', or the gateway's "pairing required" refusal,
	 * which on the JSON era records the pending scope upgrade. Any other failure is thrown.
	 */
	private async widerLogin(scopes: readonly string[]): Promise<'accepted' | GatewayConnectError> {
		let extra: GatewaySession;
		try {
			extra = await this.o.loop.openExtra(scopes);
		} catch (error) {
			if (error instanceof GatewayConnectError && error.pairingRequired) return error;
			throw toPairingActionError(error, 'connect');
		}
		void extra.close(1000, 'done');
		return 'accepted';
	}

	/** Our paired record (device.pair.list) already covers `lacking`: a wider login will be accepted. */
	private ownDeviceApprovedFor(lacking: readonly string[], session: GatewaySession): boolean {
		const own = this.o.snapshot()?.paired.find((d) => d.deviceId === this.o.loop.deviceId);
		return own !== undefined && scopesLacking(lacking, own.scopes ?? [], serverVersion(session.hello)).length === 0;
	}

	private async open(scopes: string[], what: string, lacking: string[]): Promise<GatewaySession> {
		let extra: GatewaySession;
		try {
			extra = await this.o.loop.openExtra(scopes);
		} catch (error) {
			if (error instanceof GatewayConnectError && error.pairingRequired) throw needsScope(what, lacking);
			throw toPairingActionError(error, what);
		}
		const still = scopesLacking(lacking, sessionScopes(extra), serverVersion(extra.hello));
		if (still.length > 0) {
			void extra.close(1000, 'done');
			throw new PairingActionError('missingScope', `${what}: the gateway did not grant ${still.join(', ')} to this login`, { missingScope: still[0] });
		}
		return extra;
	}
}

function needsScope(what: string, lacking: string[]): PairingActionError {
	return new PairingActionError('needsScope', `${what} needs ${lacking.join(', ')}, which this device is not approved for`, { neededScopes: lacking });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return promise;
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(new PairingActionError('gateway', 'cancelled'));
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
	});
}
