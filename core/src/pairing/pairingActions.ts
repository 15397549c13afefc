// The actions half of the pairing service: approve, reject, remove, rename, token rotate/revoke. Each is guarded
// (one in flight per key, sent only on a live session that offers the method), re-lists first where a request id
// may have gone stale, and fails as superseded/expired rather than "denied" when the id vanished.
import { GatewayClosedError, GatewaySession, isRecord, serverVersion } from '../gateway';
import { parsePairedDevice } from './listParsing';
import { PairingActionError, mayMeanRequestGone, toPairingActionError } from './pairingActionError';
import type { PairingRpc } from './pairingRpc';
import type { SnapshotStore } from './snapshotStore';
import type { PairedDevice, PairingSnapshot, PendingDeviceRequest } from './types';

export interface PairingActionsOptions {
	store: SnapshotStore;
	rpc: PairingRpc;
	/** The live session, undefined while the connection is down. */
	session: () => GatewaySession | undefined;
	/** Why nothing can be sent now, in the terms of the connection state. */
	notConnected: () => string;
}

type RequestKind = 'device' | 'node';

export class PairingActions {
	private readonly inFlight = new Set<string>();
	private readonly store: SnapshotStore;

	constructor(private readonly options: PairingActionsOptions) {
		this.store = options.store;
	}

	/** Re-lists on `session` and returns the request as the gateway has it now. */
	async pendingRequest(session: GatewaySession, requestId: string): Promise<PendingDeviceRequest> {
		await this.ensureStillPending(session, requestId, 'device');
		const request = this.store.snapshot?.pending.find((p) => p.requestId === requestId);
		if (!request) throw new PairingActionError('expired', `request ${requestId} is no longer pending`);
		return request;
	}

	approve(requestId: string, on?: GatewaySession): Promise<PairedDevice | undefined> {
		return this.action(`request:${requestId}`, 'device.pair.approve', on, async (session) => {
			await this.ensureStillPending(session, requestId, 'device');
			const payload = await this.send(session, 'device.pair.approve', { requestId }, requestId, 'device');
			const device = parsePairedDevice(isRecord(payload) ? payload.device : undefined);
			this.store.patch((s) => ({
				...s,
				pending: s.pending.filter((p) => p.requestId !== requestId),
				paired: device ? [device, ...s.paired.filter((p) => p.deviceId !== device.deviceId)] : s.paired,
			}));
			this.store.scheduleRelist();
			return device;
		});
	}

	reject(requestId: string, on?: GatewaySession): Promise<void> {
		return this.action(`request:${requestId}`, 'device.pair.reject', on, async (session) => {
			await this.ensureStillPending(session, requestId, 'device');
			await this.send(session, 'device.pair.reject', { requestId }, requestId, 'device');
			this.store.patch((s) => ({ ...s, pending: s.pending.filter((p) => p.requestId !== requestId) }));
			this.store.scheduleRelist();
		});
	}

	nodeDecision(requestId: string, method: 'node.pair.approve' | 'node.pair.reject', on?: GatewaySession): Promise<void> {
		return this.action(`node-request:${requestId}`, method, on, async (session) => {
			if (!this.store.nodeListDisabled) await this.ensureStillPending(session, requestId, 'node');
			await this.send(session, method, { requestId }, requestId, 'node');
			this.store.patch((s) => ({ ...s, nodes: s.nodes.filter((n) => n.requestId !== requestId) }));
			this.store.scheduleRelist();
		});
	}

	remove(deviceId: string): Promise<void> {
		return this.action(`device:${deviceId}:remove`, 'device.pair.remove', undefined, async (session) => {
			await this.send(session, 'device.pair.remove', { deviceId });
			this.store.patch((s) => ({ ...s, paired: s.paired.filter((p) => p.deviceId !== deviceId), pending: s.pending.filter((p) => p.deviceId !== deviceId) }));
			this.store.scheduleRelist();
		});
	}

	rename(deviceId: string, label: string): Promise<void> {
		return this.action(`device:${deviceId}:rename`, 'device.pair.rename', undefined, async (session) => {
			const trimmed = label.trim();
			// The gateway's schema: 1..64 characters; say so before sending rather than relaying a schema error.
			if (trimmed.length < 1 || trimmed.length > 64) throw new PairingActionError('gateway', 'device.pair.rename: the label must be 1 to 64 characters');
			await this.send(session, 'device.pair.rename', { deviceId, label: trimmed });
			this.store.patch((s) => ({ ...s, paired: s.paired.map((p) => (p.deviceId === deviceId ? { ...p, operatorLabel: trimmed } : p)) }));
			this.store.scheduleRelist();
		});
	}

	rotateToken(deviceId: string, role: string): Promise<void> {
		return this.action(`device:${deviceId}:token:${role}`, 'device.token.rotate', undefined, async (session) => {
			// The answer may carry the new bearer token (same-device callers): it is dropped here, unread.
			await this.send(session, 'device.token.rotate', { deviceId, role });
			this.store.scheduleRelist();
		});
	}

	revokeToken(deviceId: string, role: string): Promise<void> {
		return this.action(`device:${deviceId}:token:${role}`, 'device.token.revoke', undefined, async (session) => {
			await this.send(session, 'device.token.revoke', { deviceId, role });
			this.store.scheduleRelist();
		});
	}

	/**
	 * Guard an action: one in flight per key, sent only on a live session that offers the method. `on`: a session with
	 * more scopes than the live one, opened for this action (scopeElevation.ts); default the live session.
	 */
	private async action<T>(key: string, method: string, on: GatewaySession | undefined, run: (session: GatewaySession) => Promise<T>): Promise<T> {
		// Checked and marked before the first await, so a second call in the same tick already sees it.
		if (this.inFlight.has(key)) throw new PairingActionError('inFlight', `${method}: the same action is already in progress; it is not sent twice`);
		const session = on ?? this.options.session();
		if (!session || session.closed) throw new PairingActionError('notConnected', this.options.notConnected());
		if (!session.hello.features.methods.includes(method)) {
			const version = serverVersion(session.hello) ?? 'this gateway';
			throw new PairingActionError('unsupported', `${method} is not offered by openclaw ${version}`);
		}
		this.inFlight.add(key);
		try {
			return await run(session);
		} catch (error) {
			throw toPairingActionError(error, method);
		} finally {
			this.inFlight.delete(key);
		}
	}

	/** Re-list, then fail as superseded/expired when the id is gone: request ids change when a device asks again. */
	private async ensureStillPending(session: GatewaySession, requestId: string, kind: RequestKind): Promise<void> {
		const before = this.store.snapshot;
		let fresh: PairingSnapshot;
		try {
			fresh = await this.store.relistNow(session);
		} catch (error) {
			throw listFailure(error);
		}
		const gone = this.goneError(requestId, kind, before, fresh);
		if (gone) throw gone;
	}

	private goneError(requestId: string, kind: RequestKind, before: PairingSnapshot | undefined, fresh: PairingSnapshot): PairingActionError | undefined {
		if (kind === 'node') {
			if (fresh.nodes.some((n) => n.requestId === requestId)) return undefined;
			const nodeId = before?.nodes.find((n) => n.requestId === requestId)?.nodeId;
			const replacement = nodeId ? fresh.nodes.find((n) => n.nodeId === nodeId) : undefined;
			return replacement
				? new PairingActionError('superseded', `node request ${requestId} was superseded by ${replacement.requestId}`, {
						replacementRequestId: replacement.requestId,
					})
				: new PairingActionError('expired', `node request ${requestId} is no longer pending (expired or resolved elsewhere)`);
		}
		if (fresh.pending.some((p) => p.requestId === requestId)) return undefined;
		const deviceId = this.store.deviceOfRequest(requestId) ?? before?.pending.find((p) => p.requestId === requestId)?.deviceId;
		const replacement = deviceId ? fresh.pending.find((p) => p.deviceId === deviceId) : undefined;
		return replacement
			? new PairingActionError(
					'superseded',
					`request ${requestId} was superseded by ${replacement.requestId}: the device asked again with other roles or scopes`,
					{
						replacementRequestId: replacement.requestId,
					},
				)
			: new PairingActionError('expired', `request ${requestId} is no longer pending (expired after 5 minutes, or resolved elsewhere)`);
	}

	/**
	 * One request. When `requestId` is given and the refusal may just mean the id vanished, re-list to say
	 * superseded/expired instead of "denied".
	 */
	private async send(session: GatewaySession, method: string, params: Record<string, unknown>, requestId?: string, kind?: RequestKind): Promise<unknown> {
		try {
			return await this.options.rpc(session, method, params);
		} catch (error) {
			if (requestId && kind && mayMeanRequestGone(error) && !session.closed) {
				const before = this.store.snapshot;
				const fresh = await this.store.relistNow(session).catch(() => undefined);
				const gone = fresh && this.goneError(requestId, kind, before, fresh);
				if (gone) throw gone;
			}
			throw error;
		}
	}
}

/** A list that failed before an action was sent: nothing was approved, so "not connected", not "outcome unknown". */
export function listFailure(error: unknown): PairingActionError {
	if (error instanceof GatewayClosedError) return new PairingActionError('notConnected', 'the connection dropped while listing; nothing else was sent');
	return toPairingActionError(error, 'device.pair.list');
}
