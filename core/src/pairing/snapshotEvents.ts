// Live updates: apply one pairing event to a snapshot. Pure, so the ordering rules are unit-testable.
// Events are sent with dropIfSlow, so this is an accelerator, not the source of truth: the service re-lists.
import type { EventFrame } from '../gateway';
import { parsePendingDeviceRequest, parsePendingNodeRequest } from './listParsing';
import type { PairingSnapshot } from './types';

export const PAIRING_EVENTS: ReadonlySet<string> = new Set([
	'device.pair.requested',
	'device.pair.resolved',
	'device.pair.changed',
	'node.pair.requested',
	'node.pair.resolved',
	// 2026.8.1+: a setup code was redeemed, so the paired list changed (setupActions.ts passes them on too).
	'device.pair.setup.completed',
	'device.pair.setup.deliveryUncertain',
]);

export interface EventOutcome {
	snapshot: PairingSnapshot;
	changed: boolean;
	/** The event says something the snapshot can't be patched with (an approval's paired record, a rename…). */
	relist: boolean;
	/** A payload we could not read (then relist is true). */
	malformed?: boolean;
}

function text(payload: unknown, key: string): string | undefined {
	if (typeof payload !== 'object' || payload === null) return undefined;
	const v = (payload as Record<string, unknown>)[key];
	return typeof v === 'string' && v ? v : undefined;
}

export function applyPairingEvent(snapshot: PairingSnapshot, event: Pick<EventFrame, 'event' | 'payload'>): EventOutcome {
	const same: EventOutcome = { snapshot, changed: false, relist: false };
	switch (event.event) {
		case 'device.pair.requested': {
			const request = parsePendingDeviceRequest(event.payload);
			if (!request) return { ...same, relist: true, malformed: true };
			// A new request for a device replaces all of its older ones (the gateway deletes them; 6.6 says nothing).
			const others = snapshot.pending.filter((p) => p.requestId !== request.requestId && p.deviceId !== request.deviceId);
			return { snapshot: { ...snapshot, pending: [request, ...others] }, changed: true, relist: false };
		}
		case 'device.pair.resolved': {
			const requestId = text(event.payload, 'requestId');
			if (!requestId) return { ...same, relist: true, malformed: true };
			const pending = snapshot.pending.filter((p) => p.requestId !== requestId);
			const approved = text(event.payload, 'decision') === 'approved';
			const changed = pending.length !== snapshot.pending.length;
			// An approval changes the paired list too, which only a re-list can tell us.
			return { snapshot: changed ? { ...snapshot, pending } : snapshot, changed, relist: approved };
		}
		case 'device.pair.changed':
		case 'device.pair.setup.completed':
		case 'device.pair.setup.deliveryUncertain':
			return { ...same, relist: true };
		case 'node.pair.requested': {
			const request = parsePendingNodeRequest(event.payload);
			if (!request) return { ...same, relist: true, malformed: true };
			const others = snapshot.nodes.filter((n) => n.requestId !== request.requestId);
			return { snapshot: { ...snapshot, nodes: [request, ...others] }, changed: true, relist: false };
		}
		case 'node.pair.resolved': {
			const requestId = text(event.payload, 'requestId');
			if (!requestId) return { ...same, relist: true, malformed: true };
			const nodes = snapshot.nodes.filter((n) => n.requestId !== requestId);
			const changed = nodes.length !== snapshot.nodes.length;
			return { snapshot: changed ? { ...snapshot, nodes } : snapshot, changed, relist: false };
		}
		default:
			return same;
	}
}
