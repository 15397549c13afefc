// Setup codes for phones and nodes (docs/setup-code.md): what to ask `device.pair.setupCode` for on each gateway
// version, and what its answer means. The setup code is base64url(JSON {url, urls?, bootstrapToken, expiresAtMs?,
// tlsFingerprint?}): it carries a single-use bearer token (a SECRET until it is redeemed or expires), so nothing here
// puts it, or anything decoded from it, into an error message.
import { isRecord } from '../gateway';
import { JSON_ERA_LAST_VERSION, compareVersions } from '../scopes/scopeCatalog';
import { PairingActionError } from './pairingActionError';

/** The Control UI's three access levels: full (operator.admin too), limited (no admin), node host (role node only). */
export type SetupAccess = 'full' | 'limited' | 'node';

export const SETUP_ACCESS_LEVELS: readonly SetupAccess[] = ['full', 'limited', 'node'];

export const SETUP_LINK_PREFIX = 'oc-pair://';
/** DEVICE_BOOTSTRAP_TOKEN_TTL_MS on every version measured (7.35, 8.1, 9.6). */
export const SETUP_CODE_TTL_MS = 10 * 60_000;
/** The first version measured with device.pair.setupCode (2026.6.6 has no such method). */
export const SETUP_CODE_FIRST_VERSION = '2026.7.35';

export interface SetupCodeRequest {
	access: SetupAccess;
	/** The URL the phone should use instead of the one the gateway would advertise (the method's `publicUrl`). */
	publicUrl?: string;
}

/** What device.pair.setupCode answered, checked. `setupCode` is SECRET (it embeds the bootstrap token). */
export interface IssuedSetupCode {
	setupCode: string;
	/** The URL(s) inside the code, as the gateway advertised them. */
	gatewayUrl: string;
	gatewayUrls: string[];
	/** "token" | "password" | "trusted-proxy": how the gateway itself authenticates (a label, no secret). */
	auth: string;
	/** Where the gateway took the URL from (e.g. "gateway.bind=lan", "request.publicUrl"). */
	urlSource: string;
	/** What the code grants; JSON era: always limited. */
	access: SetupAccess;
	/** 8.1+: full was asked for, but a plaintext non-loopback URL made the gateway issue limited instead. */
	accessDowngraded: boolean;
	/** 8.1+: identifies the code in device.pair.setup.* events and device.pair.setupStatus. */
	setupId?: string;
	expiresAtMs: number;
	/** True when the gateway did not say (JSON era): issue time + 10 min on our clock. */
	expiryEstimated: boolean;
	/** A wss:// code's certificate pin (sha256), 8.1+ when the gateway knows it. */
	tlsFingerprint?: string;
}

/** Which versions can issue which access; JSON era (7.x): the one limited profile, whatever is asked. */
export function setupAccessLevels(version: string | undefined): SetupAccess[] {
	if (version === undefined || compareVersions(version, JSON_ERA_LAST_VERSION) > 0) return [...SETUP_ACCESS_LEVELS];
	return compareVersions(version, SETUP_CODE_FIRST_VERSION) >= 0 ? ['limited'] : [];
}

/**
 * The params of device.pair.setupCode for this version. We draw our own QR, so the gateway is told not to render its
 * PNG (`includeQr: false`). 7.x's closed schema knows only publicUrl/preferRemoteUrl/includeQr.
 */
export function setupCodeParams(version: string | undefined, request: SetupCodeRequest): Record<string, unknown> {
	const levels = setupAccessLevels(version);
	if (levels.length === 0)
		throw new PairingActionError(
			'unsupported',
			`openclaw ${version} cannot create setup codes (device.pair.setupCode came after it; measured on ${SETUP_CODE_FIRST_VERSION}+). Update the gateway`,
		);
	if (!levels.includes(request.access))
		throw new PairingActionError('unsupported', `openclaw ${version ?? 'this gateway'} issues only ${levels.join(', ')} setup codes`);
	const params: Record<string, unknown> = { includeQr: false };
	if (request.publicUrl) params.publicUrl = request.publicUrl;
	const jsonEra = version !== undefined && compareVersions(version, JSON_ERA_LAST_VERSION) <= 0;
	// 8.1+: no profile = full (the method's default); "limited" and "node" name the narrower profiles.
	if (!jsonEra && request.access !== 'full') params.bootstrapProfile = request.access;
	return params;
}

/** What the setup code decodes to (what the app reads after scanning). `bootstrapToken` is SECRET. */
export interface SetupPayload {
	url: string;
	urls?: string[];
	bootstrapToken: string;
	expiresAtMs?: number;
	tlsFingerprint?: string;
}

const CODE_RE = /^[A-Za-z0-9_-]+$/;

/** Decode a setup code or oc-pair:// link as the gateway's decodePairingSetupCode does; throws a message without the code. */
export function decodeSetupCode(input: string): SetupPayload {
	const trimmed = input.trim();
	const code = trimmed.toLowerCase().startsWith(SETUP_LINK_PREFIX) ? trimmed.slice(SETUP_LINK_PREFIX.length) : trimmed;
	if (!code || !CODE_RE.test(code)) throw new Error('not a setup code (expected base64url text)');
	let decoded: unknown;
	try {
		decoded = JSON.parse(Buffer.from(code, 'base64url').toString('utf8'));
	} catch {
		throw new Error('not a setup code (its text is not base64url JSON)');
	}
	if (!isRecord(decoded)) throw new Error('not a setup code (no JSON object inside)');
	const url = typeof decoded.url === 'string' ? decoded.url.trim() : '';
	const bootstrapToken = typeof decoded.bootstrapToken === 'string' ? decoded.bootstrapToken.trim() : '';
	if (!/^wss?:\/\//i.test(url)) throw new Error('the setup code has no ws:// or wss:// gateway URL');
	if (!bootstrapToken) throw new Error('the setup code has no bootstrap token');
	const payload: SetupPayload = { url, bootstrapToken };
	if (decoded.urls !== undefined) {
		if (!Array.isArray(decoded.urls) || !decoded.urls.every((u) => typeof u === 'string' && /^wss?:\/\//i.test(u)))
			throw new Error('the setup code has a malformed URL list');
		payload.urls = decoded.urls as string[];
	}
	if (decoded.expiresAtMs !== undefined) {
		if (typeof decoded.expiresAtMs !== 'number' || !Number.isSafeInteger(decoded.expiresAtMs) || decoded.expiresAtMs < 0)
			throw new Error('the setup code has a malformed expiry');
		payload.expiresAtMs = decoded.expiresAtMs;
	}
	if (typeof decoded.tlsFingerprint === 'string' && decoded.tlsFingerprint) payload.tlsFingerprint = decoded.tlsFingerprint;
	return payload;
}

/** The link form: `openclaw connect` and `openclaw node run --pair` take it (8.1+), as does the mobile app. */
export function setupLink(setupCode: string): string {
	return `${SETUP_LINK_PREFIX}${setupCode}`;
}

/** What a node host runs to redeem a node-host code (the Control UI shows the same line). */
export function nodePairCommand(setupCode: string): string {
	return `openclaw node run --pair "${setupLink(setupCode)}"`;
}

/**
 * Check device.pair.setupCode's answer. `issuedAtMs`: our clock when we asked, for the JSON era's estimated expiry.
 * A bad answer is a PairingActionError('gateway') that says what was wrong, never what was there.
 */
export function parseSetupCodeReply(payload: unknown, requested: SetupAccess, issuedAtMs: number): IssuedSetupCode {
	const bad = (why: string) => new PairingActionError('gateway', `device.pair.setupCode: unexpected answer (${why})`);
	if (!isRecord(payload)) throw bad('not an object');
	const { setupCode } = payload;
	if (typeof setupCode !== 'string' || !setupCode) throw bad('no setupCode');
	let decoded: SetupPayload;
	try {
		decoded = decodeSetupCode(setupCode);
	} catch (error) {
		throw bad(error instanceof Error ? error.message : 'undecodable setupCode');
	}
	const gatewayUrl = typeof payload.gatewayUrl === 'string' && payload.gatewayUrl ? payload.gatewayUrl : decoded.url;
	if (gatewayUrl !== decoded.url) throw bad('gatewayUrl differs from the URL inside the code');
	const listed = Array.isArray(payload.gatewayUrls) ? payload.gatewayUrls.filter((u): u is string => typeof u === 'string') : undefined;
	const gatewayUrls = listed && listed.length > 0 ? listed : (decoded.urls ?? [decoded.url]);
	const access = payload.access === 'full' || payload.access === 'limited' || payload.access === 'node' ? payload.access : 'limited';
	if (payload.access === undefined && requested !== 'limited') throw bad(`no access level, though ${requested} was asked for`);
	const replyExpiry = typeof payload.expiresAtMs === 'number' && Number.isSafeInteger(payload.expiresAtMs) ? payload.expiresAtMs : undefined;
	const expiresAtMs = replyExpiry ?? decoded.expiresAtMs;
	if (payload.setupId !== undefined && (typeof payload.setupId !== 'string' || !payload.setupId)) throw bad('malformed setupId');
	const issued: IssuedSetupCode = {
		setupCode,
		gatewayUrl,
		gatewayUrls,
		auth: typeof payload.auth === 'string' ? payload.auth : 'unknown',
		urlSource: typeof payload.urlSource === 'string' ? payload.urlSource : 'unknown',
		access,
		accessDowngraded: payload.accessDowngraded === true,
		expiresAtMs: expiresAtMs ?? issuedAtMs + SETUP_CODE_TTL_MS,
		expiryEstimated: expiresAtMs === undefined,
	};
	if (typeof payload.setupId === 'string') issued.setupId = payload.setupId;
	if (decoded.tlsFingerprint) issued.tlsFingerprint = decoded.tlsFingerprint;
	return issued;
}

/** "9:59" left, or "expired"; whole seconds, rounded up so 0:00 means gone. */
export function formatCountdown(expiresAtMs: number, nowMs: number): string {
	const left = Math.ceil((expiresAtMs - nowMs) / 1000);
	if (left <= 0) return 'expired';
	return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}

/** The gateway's refusal when it has no URL a phone could use (7.35–9.6: "Gateway is only bound to loopback…"). */
export function needsPublicUrl(error: unknown): boolean {
	return error instanceof Error && /only bound to loopback/i.test(error.message);
}

export const ACCESS_LABELS: Record<SetupAccess, { label: string; detail: string }> = {
	full: { label: 'Full access', detail: 'A phone that can administer the gateway (operator.admin, read, write, approvals) and act as a node.' },
	limited: { label: 'Limited access', detail: 'A phone that reads, writes and answers approvals, without operator.admin; also a node.' },
	node: { label: 'Node host', detail: 'A companion (watch, headless node host) with the node role only and no operator scopes.' },
};
