// "What does this line mean?": the line a user pastes (a close reason, an openclaw CLI error, a log line, a JSON
// error object) read into one known error with the ids it names. Unknown text is "not recognised", never a guess.
// Safe on any input: the text is capped first, every pattern has bounded repetition, JSON is parsed at most a few times.
import { detailBoolean, detailList, detailString, ErrorJson, findErrorJson } from './errorJson';
import {
	ErrorKind,
	InvalidationReason,
	KNOWN_ERRORS,
	kindOfCode,
	knownExamples,
	PAIRING_REASON_PHRASES,
	PAIRING_REASONS,
	PairingReason,
	RECOMMENDED_NEXT_STEPS,
} from './knownErrors';

/** The most of a paste that is read: its first and last half of this (an error is at the start or the end of a log). */
export const MAX_LINE_CHARS = 64 * 1024;

export interface RecognisedLine {
	recognised: true;
	kind: ErrorKind;
	/** The gateway's words (or `details.code`) that identified it. */
	matched: string;
	/** Whether a JSON error object was read (else only the text). */
	source: 'json' | 'text';
	pairingReason?: PairingReason;
	/** A complete request id. */
	requestId?: string;
	/** The start of one the gateway cut off (close reasons are capped at 120 bytes) or the user shortened with "…". */
	requestIdPrefix?: string;
	deviceId?: string;
	/** `missing scope: X`. */
	scope?: string;
	closeCode?: number;
	detailCode?: string;
	recommendedNextStep?: string;
	pauseReconnect?: boolean;
	canRetryWithDeviceToken?: boolean;
	requestedRole?: string;
	requestedScopes?: string[];
	approvedRoles?: string[];
	approvedScopes?: string[];
	invalidation?: InvalidationReason;
	/** The file a "Legacy device identity exists at …" line names. */
	legacyPath?: string;
	/** The paste was longer than MAX_LINE_CHARS: only its start and end were read. */
	truncated: boolean;
}

export interface UnrecognisedLine {
	recognised: false;
	why: 'empty' | 'unknown';
	/** One real example line per error the doctor knows. */
	known: string[];
	truncated: boolean;
}

export type LineReading = RecognisedLine | UnrecognisedLine;

const REQUEST_ID = /requestId[\s"':=]{1,6}([A-Za-z0-9][A-Za-z0-9._:-]{0,127})(.?)/gi;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEVICE_ID = /\b[0-9a-f]{64}\b/;
const MISSING_SCOPE = /missing scope:\s{0,4}([A-Za-z][A-Za-z0-9._-]{0,63})/i;
const CLOSE_CODE = /(?:closed|disconnected)\s{0,3}\((\d{4})\)/i;
const CODE_TOKEN = /\b[A-Z][A-Z_]{3,60}\b/g;
const LEGACY_PATH = /legacy device identity exists at (.{1,1024}?)\. run /i;
const ANSI = /\x1b\[[0-9;]{0,20}m/g; // eslint-disable-line no-control-regex
const MAX_ID_MATCHES = 20;

export function recogniseLine(input: string): LineReading {
	const truncated = input.length > MAX_LINE_CHARS;
	const half = MAX_LINE_CHARS / 2;
	const text = (truncated ? `${input.slice(0, half)}\n${input.slice(-half)}` : input).replace(ANSI, '');
	if (text.trim() === '') return { recognised: false, why: 'empty', known: knownExamples(), truncated };
	const json = text.includes('{') ? findErrorJson(text) : undefined;
	const lower = text.toLowerCase();
	const found = identify(text, lower, json);
	if (!found) return { recognised: false, why: 'unknown', known: knownExamples(), truncated };

	const details = json?.details ?? {};
	const line: RecognisedLine = { recognised: true, kind: found.kind, matched: found.matched, source: json ? 'json' : 'text', truncated };
	const set = <K extends keyof RecognisedLine>(key: K, value: RecognisedLine[K] | undefined) => {
		if (value !== undefined) line[key] = value;
	};
	if (found.kind === 'pairing-required') set('pairingReason', pairingReasonOf(detailString(details, 'reason'), lower));
	const ids = requestIdIn(detailString(details, 'requestId'), text);
	set('requestId', ids.requestId);
	set('requestIdPrefix', ids.prefix);
	set('deviceId', validDeviceId(detailString(details, 'deviceId')) ?? DEVICE_ID.exec(lower)?.[0]);
	if (found.kind === 'missing-scope') set('scope', detailString(details, 'missingScope') ?? MISSING_SCOPE.exec(text)?.[1]);
	const close = CLOSE_CODE.exec(text)?.[1];
	set('closeCode', close ? Number(close) : undefined);
	set('detailCode', json?.detailCode);
	const next = detailString(details, 'recommendedNextStep');
	set('recommendedNextStep', next && RECOMMENDED_NEXT_STEPS.includes(next) ? next : undefined);
	set('pauseReconnect', detailBoolean(details, 'pauseReconnect'));
	set('canRetryWithDeviceToken', detailBoolean(details, 'canRetryWithDeviceToken'));
	set('requestedRole', detailString(details, 'requestedRole'));
	set('requestedScopes', detailList(details, 'requestedScopes'));
	set('approvedRoles', detailList(details, 'approvedRoles'));
	set('approvedScopes', detailList(details, 'approvedScopes'));
	if (found.kind === 'client-invalidated') set('invalidation', invalidationIn(lower));
	if (found.kind === 'legacy-identity') set('legacyPath', LEGACY_PATH.exec(text)?.[1]?.trim());
	return line;
}

/** `details.code` of a JSON error first, then a known code written in the text, then the gateway's phrases. */
function identify(text: string, lower: string, json: ErrorJson | undefined): { kind: ErrorKind; matched: string } | undefined {
	const jsonKind = json?.detailCode ? kindOfCode(json.detailCode) : undefined;
	if (json?.detailCode && jsonKind) return { kind: jsonKind, matched: json.detailCode };
	for (const m of text.matchAll(CODE_TOKEN)) {
		const kind = kindOfCode(m[0]);
		if (kind) return { kind, matched: m[0] };
	}
	for (const known of KNOWN_ERRORS) {
		for (const phrase of known.phrases) if (lower.includes(phrase)) return { kind: known.kind, matched: phrase };
	}
	return undefined;
}

function pairingReasonOf(fromDetails: string | undefined, lower: string): PairingReason | undefined {
	if (fromDetails && (PAIRING_REASONS as readonly string[]).includes(fromDetails)) return fromDetails as PairingReason;
	return PAIRING_REASON_PHRASES.find(([phrase]) => lower.includes(phrase))?.[1];
}

/**
 * A complete id wins over a cut one: `(requestId: X)`, `"requestId":"X"` or a whole UUID is complete; the gateway's
 * 120-byte close reason often ends mid-id, and a user may shorten it with "…": that start is kept as a prefix.
 */
function requestIdIn(fromDetails: string | undefined, text: string): { requestId?: string; prefix?: string } {
	if (fromDetails && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(fromDetails)) return { requestId: fromDetails };
	let prefix: string | undefined;
	let count = 0;
	for (const m of text.matchAll(REQUEST_ID)) {
		if (++count > MAX_ID_MATCHES) break;
		const [, id, after] = m;
		if (after === ')' || after === '"' || after === "'" || UUID.test(id)) return { requestId: id };
		if (!prefix && id.length >= 4) prefix = id;
	}
	return prefix ? { prefix } : {};
}

function validDeviceId(id: string | undefined): string | undefined {
	return id && /^[0-9a-f]{64}$/i.test(id) ? id.toLowerCase() : undefined;
}

function invalidationIn(lower: string): InvalidationReason | undefined {
	for (const reason of ['device-token-rotated', 'device-token-revoked', 'device-pair-removed'] as const) {
		if (lower.includes(`client invalidated: ${reason}`)) return reason;
	}
	return undefined;
}
