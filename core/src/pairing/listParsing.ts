// device.pair.list / node.pair.list payloads -> the contract's types. A whitelist, copied in the gateway's own key
// order: anything we don't know is dropped, so no token, secret or future sensitive field can reach a view or a log.
import type { PairedDevice, PendingDeviceRequest, PendingNodeRequest, TokenSummary } from './types';

type Check = (value: unknown) => boolean;

const str: Check = (v) => typeof v === 'string';
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const bool: Check = (v) => typeof v === 'boolean';
const strings: Check = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string');

const PENDING_DEVICE: Record<string, Check> = {
	requestId: str,
	deviceId: str,
	publicKey: str,
	displayName: str,
	platform: str,
	deviceFamily: str,
	clientId: str,
	clientMode: str,
	role: str,
	roles: strings,
	scopes: strings,
	remoteIp: str,
	silent: bool,
	isRepair: bool,
	ts: num,
	refreshedAtMs: num,
	browserOrigin: str,
};

const PAIRED_DEVICE: Record<string, Check> = {
	deviceId: str,
	publicKey: str,
	displayName: str,
	operatorLabel: str,
	platform: str,
	deviceFamily: str,
	clientId: str,
	clientMode: str,
	role: str,
	roles: strings,
	scopes: strings,
	remoteIp: str,
	approvedVia: str,
	browserOrigin: str,
	createdAtMs: num,
	approvedAtMs: num,
	lastSeenAtMs: num,
	lastSeenReason: str,
	connected: bool,
	// `tokens` is handled separately: summaries only.
};

const TOKEN_SUMMARY: Record<string, Check> = {
	role: str,
	scopes: strings,
	createdAtMs: num,
	rotatedAtMs: num,
	revokedAtMs: num,
	lastUsedAtMs: num,
};

const PENDING_NODE: Record<string, Check> = {
	requestId: str,
	nodeId: str,
	displayName: str,
	platform: str,
	clientId: str,
	clientMode: str,
	version: str,
	coreVersion: str,
	uiVersion: str,
	deviceFamily: str,
	modelIdentifier: str,
	caps: strings,
	commands: strings,
	requiredApproveScopes: strings,
	remoteIp: str,
	silent: bool,
	ts: num,
};

export class ListParseError extends Error {
	override readonly name = 'ListParseError';
}

export interface DevicePairList {
	pending: PendingDeviceRequest[];
	paired: PairedDevice[];
	/** Entries dropped because a required field was missing or mistyped. */
	skipped: number;
}

export interface NodePairList {
	pending: PendingNodeRequest[];
	skipped: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copy the known, well-typed fields in the input's order; arrays are copied so callers can't alias gateway data. */
function pick(value: Record<string, unknown>, spec: Record<string, Check>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) {
		const check = Object.prototype.hasOwnProperty.call(spec, key) ? spec[key] : undefined;
		if (check && check(v)) out[key] = Array.isArray(v) ? [...(v as string[])] : v;
	}
	return out;
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function parsePendingDeviceRequest(value: unknown): PendingDeviceRequest | undefined {
	if (!isRecord(value)) return undefined;
	const out = pick(value, PENDING_DEVICE);
	if (!nonEmpty(out.requestId) || !nonEmpty(out.deviceId) || typeof out.ts !== 'number') return undefined;
	return out as unknown as PendingDeviceRequest;
}

export function parseTokenSummary(value: unknown, roleKey?: string): TokenSummary | undefined {
	if (!isRecord(value)) return undefined;
	const out = pick(value, TOKEN_SUMMARY);
	if (out.role === undefined && roleKey !== undefined) out.role = roleKey;
	if (!nonEmpty(out.role)) return undefined;
	if (out.scopes === undefined) out.scopes = [];
	return out as unknown as TokenSummary;
}

/** Token summaries from the list's array form, or (defensively) from a JSON-era `{role: token}` map. */
function parseTokens(value: unknown): TokenSummary[] {
	if (Array.isArray(value)) return value.map((t) => parseTokenSummary(t)).filter((t): t is TokenSummary => t !== undefined);
	if (isRecord(value))
		return Object.entries(value)
			.map(([role, t]) => parseTokenSummary(t, role))
			.filter((t): t is TokenSummary => t !== undefined);
	return [];
}

export function parsePairedDevice(value: unknown): PairedDevice | undefined {
	if (!isRecord(value)) return undefined;
	const out = pick(value, PAIRED_DEVICE);
	if (!nonEmpty(out.deviceId)) return undefined;
	out.tokens = parseTokens(value.tokens);
	return out as unknown as PairedDevice;
}

export function parsePendingNodeRequest(value: unknown): PendingNodeRequest | undefined {
	if (!isRecord(value)) return undefined;
	const out = pick(value, PENDING_NODE);
	if (!nonEmpty(out.requestId) || !nonEmpty(out.nodeId) || typeof out.ts !== 'number') return undefined;
	return out as unknown as PendingNodeRequest;
}

function parseArray<T>(payload: Record<string, unknown>, key: string, parse: (v: unknown) => T | undefined): { items: T[]; skipped: number } {
	const raw = payload[key];
	if (raw === undefined) return { items: [], skipped: 0 };
	if (!Array.isArray(raw)) throw new ListParseError(`"${key}" is not an array`);
	const items: T[] = [];
	for (const entry of raw) {
		const item = parse(entry);
		if (item !== undefined) items.push(item);
	}
	return { items, skipped: raw.length - items.length };
}

/** Throws ListParseError when the payload is not a list at all; bad entries are skipped and counted. */
export function parseDevicePairList(payload: unknown): DevicePairList {
	if (!isRecord(payload)) throw new ListParseError('device.pair.list answered without an object');
	const pending = parseArray(payload, 'pending', parsePendingDeviceRequest);
	const paired = parseArray(payload, 'paired', parsePairedDevice);
	return { pending: pending.items, paired: paired.items, skipped: pending.skipped + paired.skipped };
}

export function parseNodePairList(payload: unknown): NodePairList {
	if (!isRecord(payload)) throw new ListParseError('node.pair.list answered without an object');
	const pending = parseArray(payload, 'pending', parsePendingNodeRequest);
	return { pending: pending.items, skipped: pending.skipped };
}
