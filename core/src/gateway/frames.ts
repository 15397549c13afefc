// Gateway wire frames (packages/gateway-protocol/src/schema/frames.ts): JSON text frames of three kinds.
// Incoming text is validated here so the socket handler never throws on a malformed frame.

export interface RequestFrame {
	type: 'req';
	id: string;
	method: string;
	params?: unknown;
}

export interface ErrorShape {
	code: string;
	message: string;
	details?: unknown;
	retryable?: boolean;
	retryAfterMs?: number;
}

export interface ResponseFrame {
	type: 'res';
	id: string;
	ok: boolean;
	payload?: unknown;
	error?: ErrorShape;
}

export interface EventFrame {
	type: 'event';
	event: string;
	payload?: unknown;
	seq?: number;
	stateVersion?: { presence: number; health: number };
}

/** What a client can receive (the gateway never sends `req` to an operator). */
export type IncomingFrame = ResponseFrame | EventFrame;

export class FrameParseError extends Error {
	override readonly name = 'FrameParseError';
	constructor(
		message: string,
		/** The first 200 characters of the offending text, for diagnostics. */
		readonly excerpt: string,
	) {
		super(message);
	}
}

export type ParseResult = { ok: true; frame: IncomingFrame } | { ok: false; error: FrameParseError };

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parse one incoming text frame. Never throws. */
export function parseIncomingFrame(text: string): ParseResult {
	const fail = (message: string): ParseResult => ({ ok: false, error: new FrameParseError(message, text.slice(0, 200)) });
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return fail('frame is not valid JSON');
	}
	if (!isRecord(value)) return fail('frame is not a JSON object');
	if (value.type === 'event') {
		if (typeof value.event !== 'string' || !value.event) return fail('event frame without an event name');
		if (value.seq !== undefined && typeof value.seq !== 'number') return fail('event frame with a non-numeric seq');
		return { ok: true, frame: value as unknown as EventFrame };
	}
	if (value.type === 'res') {
		if (typeof value.id !== 'string') return fail('response frame without a string id');
		if (typeof value.ok !== 'boolean') return fail('response frame without a boolean ok');
		if (!value.ok) {
			const error = parseErrorShape(value.error);
			if (!error) return fail('failed response frame without a valid error');
			return { ok: true, frame: { ...(value as unknown as ResponseFrame), error } };
		}
		return { ok: true, frame: value as unknown as ResponseFrame };
	}
	return fail(`unexpected frame type ${JSON.stringify(value.type)}`);
}

function parseErrorShape(value: unknown): ErrorShape | null {
	if (!isRecord(value) || typeof value.code !== 'string' || typeof value.message !== 'string') return null;
	const error: ErrorShape = { code: value.code, message: value.message };
	if (value.details !== undefined) error.details = value.details;
	if (typeof value.retryable === 'boolean') error.retryable = value.retryable;
	if (typeof value.retryAfterMs === 'number' && Number.isFinite(value.retryAfterMs)) error.retryAfterMs = value.retryAfterMs;
	return error;
}

export function encodeRequest(frame: RequestFrame): string {
	return JSON.stringify(frame);
}
