// Which pending requests are new enough to notify about, how a burst becomes one notification, and what it says.
// No vscode import: the glue (notifier.ts) feeds snapshots in and shows what comes out; unit-tested without an editor.
import { classifyRequest } from '../../../core/src/pairing/requestChange';
import type { PairedDevice, PairingSnapshot, PendingDeviceRequest, PendingNodeRequest } from '../../../core/src/pairing/types';
import { addedText, changeLabel, deviceName } from '../views/format';

/** Requests that appear within this long of the first one are shown as one notification. */
export const COALESCE_MS = 1500;
/**
 * A device's next request within this long of the one it was notified about is not notified again: a device that asks
 * again with other scopes gets a new requestId on 2026.6 (the old one is superseded), and the tree already shows it.
 */
export const REPEAT_QUIET_MS = 60_000;
/** Request ids are remembered this long after they left the list (requests live 5 minutes): never notified twice. */
export const FORGET_AFTER_MS = 10 * 60_000;
/** A device's name as it chose it is shown, but never more than this much of it. */
const NAME_MAX = 40;

export interface RequestNotice {
	kind: 'device' | 'node';
	requestId: string;
	/** The device or node asking: a newer request of the same subject replaces its older one in a waiting batch. */
	subject: string;
	/** The name it gave (safeName), "Pixel 9" */
	name: string;
	/** "Pixel 9 (android, node)" */
	who: string;
	/** "asks to pair", "asks for a scope upgrade: + operator.admin ⚠" */
	asks: string;
}

export type NotificationAction = 'approve' | 'show' | 'mute';

export const ACTION_LABELS: Record<NotificationAction, string> = { approve: 'Approve…', show: 'Show', mute: "Don't Notify" };

export interface RequestNotification {
	message: string;
	actions: NotificationAction[];
	/** The one request "Approve…" approves (through the command that confirms in a modal); only for a single request. */
	approve?: { command: 'openclawPairing.approve' | 'openclawPairing.approveNode'; requestId: string };
	requestIds: string[];
}

export interface NoticeInput {
	snapshot: PairingSnapshot;
	/** This editor's own device: its own pairing request is never announced to it. */
	ownDeviceId: string | undefined;
	/** Request ids this editor waited on itself (awaitingPairing). */
	ownRequestIds: ReadonlySet<string>;
	/** The gateway's version, for which scopes an approved one implies. */
	version: string | undefined;
	now: number;
}

export interface NoticeTimers {
	setTimeout(callback: () => void, ms: number): NodeJS.Timeout;
	clearTimeout(timer: NodeJS.Timeout | undefined): void;
}

/** Device-chosen text, safe to put in a one-line message: control characters and line breaks removed, length capped. */
function oneLine(text: string, max = NAME_MAX): string {
	// eslint-disable-next-line no-control-regex
	const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
	return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function safeName(name: string): string {
	return oneLine(name) || 'unnamed device';
}

function naming(name: string, details: (string | undefined)[]): { name: string; who: string } {
	const shown = details.map((d) => oneLine(d ?? '')).filter(Boolean);
	const safe = safeName(name);
	return { name: safe, who: `${safe}${shown.length ? ` (${shown.join(', ')})` : ''}` };
}

export function deviceNotice(req: PendingDeviceRequest, paired: PairedDevice | undefined, version: string | undefined): RequestNotice {
	const change = classifyRequest(req, paired, version);
	const asks =
		change.kind === 'new pairing'
			? 'asks to pair'
			: change.kind === 'repair'
				? `asks to be re-approved (${changeLabel(change)}${change.changed.length ? `: ${oneLine(change.changed.join('; '), 3 * NAME_MAX)}` : ''})`
				: `asks for a ${change.kind}: ${addedText(change)}`;
	return {
		kind: 'device',
		requestId: req.requestId,
		subject: `device:${req.deviceId}`,
		...naming(deviceName(req), [req.platform, change.requestedRoles.join('+')]),
		asks,
	};
}

export function nodeNotice(req: PendingNodeRequest): RequestNotice {
	return { kind: 'node', requestId: req.requestId, subject: `node:${req.nodeId}`, ...naming(deviceName(req), [req.platform, 'node']), asks: 'asks to pair' };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One notification for a batch: the request itself when alone, else how many ask (devices and nodes) and who. */
export function notificationFor(batch: readonly RequestNotice[]): RequestNotification | undefined {
	if (batch.length === 0) return undefined;
	const requestIds = batch.map((n) => n.requestId);
	if (batch.length === 1) {
		const [only] = batch;
		return {
			message: `${only.who} ${only.asks}`,
			actions: ['approve', 'show', 'mute'],
			approve: { command: only.kind === 'node' ? 'openclawPairing.approveNode' : 'openclawPairing.approve', requestId: only.requestId },
			requestIds,
		};
	}
	const devices = batch.filter((n) => n.kind === 'device').length;
	const nodes = batch.length - devices;
	const count = [devices ? plural(devices, 'device', 'devices') : '', nodes ? plural(nodes, 'node', 'nodes') : ''].filter(Boolean).join(' and ');
	const names = batch.slice(0, 3).map((n) => n.name);
	const more = batch.length > 3 ? ` and ${batch.length - 3} more` : '';
	return { message: `${count} ask to pair: ${names.join(', ')}${more}`, actions: ['show', 'mute'], requestIds };
}

/**
 * The stream of snapshots in, notifications out. A request is new the first time its requestId is in a snapshot
 * (the first snapshot after connecting included: requests already waiting when the window opens are worth one
 * notification). Not new: this editor's own request, an id seen before (reconnects and re-lists don't repeat), and a
 * device's next request within REPEAT_QUIET_MS of the one it was notified about. New requests wait COALESCE_MS from
 * the first of them, then go out as one notification; a request resolved meanwhile is left out of it.
 */
export class NewRequestNotices {
	/** requestId → when it was last in a snapshot. */
	private readonly seen = new Map<string, number>();
	/** subject → when its last notified request was first seen. */
	private readonly notifiedAt = new Map<string, number>();
	private batch: RequestNotice[] = [];
	private timer: NodeJS.Timeout | undefined;
	private pendingNow = new Set<string>();

	constructor(
		private readonly timers: NoticeTimers,
		private readonly emit: (notification: RequestNotification) => void,
		private readonly windowMs = COALESCE_MS,
	) {}

	update(input: NoticeInput): void {
		const { snapshot, now } = input;
		const paired = new Map(snapshot.paired.map((d) => [d.deviceId, d]));
		const current = [
			...snapshot.pending.map((req) => ({ own: req.deviceId === input.ownDeviceId, notice: () => deviceNotice(req, paired.get(req.deviceId), input.version) })),
			...snapshot.nodes.map((req) => ({ own: false, notice: () => nodeNotice(req) })),
		];
		this.pendingNow = new Set([...snapshot.pending.map((r) => r.requestId), ...snapshot.nodes.map((r) => r.requestId)]);
		for (const entry of current) {
			const notice = entry.notice();
			const known = this.seen.has(notice.requestId);
			this.seen.set(notice.requestId, now);
			if (known || entry.own || input.ownRequestIds.has(notice.requestId)) continue;
			this.add(notice, now);
		}
		this.forget(now);
	}

	private add(notice: RequestNotice, now: number): void {
		const waiting = this.batch.findIndex((n) => n.subject === notice.subject);
		if (waiting >= 0) {
			// The same device asked again before its notification went out: announce its current request instead.
			this.batch[waiting] = notice;
			return;
		}
		const last = this.notifiedAt.get(notice.subject);
		if (last !== undefined && now - last < REPEAT_QUIET_MS) return;
		this.notifiedAt.set(notice.subject, now);
		this.batch.push(notice);
		this.timer ??= this.timers.setTimeout(() => this.flush(), this.windowMs);
	}

	/** Send what waits now (the timer does this after the window); requests no longer pending are left out. */
	flush(): void {
		this.timers.clearTimeout(this.timer);
		this.timer = undefined;
		const batch = this.batch.filter((n) => this.pendingNow.has(n.requestId));
		this.batch = [];
		const notification = notificationFor(batch);
		if (notification) this.emit(notification);
	}

	private forget(now: number): void {
		for (const [id, at] of this.seen) if (now - at > FORGET_AFTER_MS) this.seen.delete(id);
		for (const [subject, at] of this.notifiedAt) if (now - at >= REPEAT_QUIET_MS) this.notifiedAt.delete(subject);
	}

	dispose(): void {
		this.timers.clearTimeout(this.timer);
		this.timer = undefined;
		this.batch = [];
	}
}
