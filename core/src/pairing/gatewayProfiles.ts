// Named gateways: the extension's `openclawPairing.gateways` setting and the CLI's gateways.json hold the same list
// (the local gateway, a VPS through an SSH tunnel, a wss:// one with a pinned certificate), checked here once.
// A token belongs to one gateway URL: tokenKeyFor() keys it by the normalised URL, so a renamed entry keeps its
// token and an entry pointed at another URL does not take the old gateway's token along.
import { normalizeTlsFingerprint } from '../gateway';

export interface GatewayProfile {
	/** Shown in the sidebar, the status bar and notifications; `--gateway NAME` in the CLI. */
	name: string;
	/** ws:// or wss://, normalised (normalizeGatewayUrl). */
	url: string;
	/** wss:// only: sha256 of the certificate (64 hex digits), as OpenClaw's gateway.remote.tlsFingerprint. */
	tlsFingerprint?: string;
	/** CLI only: the environment variable that holds this gateway's shared token. */
	tokenEnv?: string;
}

export interface GatewayProfiles {
	profiles: GatewayProfile[];
	/** One line per entry that was left out, naming it and why: shown to the user, never thrown. */
	problems: string[];
}

const MAX_NAME = 64;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** ws(s)://host[:port][/path] with the scheme and host lower-cased, the default port and a trailing "/" dropped. */
export function normalizeGatewayUrl(raw: string): string | undefined {
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		return undefined;
	}
	if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return undefined;
	if (url.username || url.password) return undefined; // credentials in a URL end up in logs
	const port = url.port && !((url.protocol === 'ws:' && url.port === '80') || (url.protocol === 'wss:' && url.port === '443')) ? `:${url.port}` : '';
	const pathname = url.pathname.replace(/\/+$/, '');
	return `${url.protocol}//${url.hostname.toLowerCase()}${port}${pathname}${url.search}`;
}

/** The SecretStorage key of the token for this gateway URL. */
export function tokenKeyFor(url: string): string {
	return `openclawPairing.gatewayToken@${normalizeGatewayUrl(url) ?? url.trim()}`;
}

/** Check a settings value / file's `gateways` array; `where` names it in the problems ("openclawPairing.gateways"). */
export function parseGatewayProfiles(value: unknown, where: string): GatewayProfiles {
	if (value === undefined || value === null) return { profiles: [], problems: [] };
	if (!Array.isArray(value)) return { profiles: [], problems: [`${where} must be a list of gateways ({ "name": …, "url": … })`] };
	const profiles: GatewayProfile[] = [];
	const problems: string[] = [];
	const names = new Set<string>();
	const urls = new Map<string, string>();
	value.forEach((entry: unknown, i) => {
		const at = `${where}[${i}]`;
		const problem = entryProblem(entry);
		if (problem) {
			problems.push(`${at}: ${problem}`);
			return;
		}
		const e = entry as Record<string, unknown>;
		const name = (e.name as string).trim();
		const url = normalizeGatewayUrl(e.url as string) as string;
		const other = urls.get(url);
		if (names.has(name.toLowerCase())) problems.push(`${at}: the name "${name}" is used twice; names must differ`);
		else if (other) problems.push(`${at}: "${name}" has the same URL as "${other}" (${url}); one entry per gateway`);
		if (names.has(name.toLowerCase()) || other) return;
		names.add(name.toLowerCase());
		urls.set(url, name);
		const profile: GatewayProfile = { name, url };
		const pin = typeof e.tlsFingerprint === 'string' ? normalizeTlsFingerprint(e.tlsFingerprint) : '';
		if (pin) profile.tlsFingerprint = pin;
		if (typeof e.tokenEnv === 'string') profile.tokenEnv = e.tokenEnv;
		profiles.push(profile);
	});
	return { profiles, problems };
}

function entryProblem(entry: unknown): string | undefined {
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'each gateway is an object with "name" and "url"';
	const e = entry as Record<string, unknown>;
	if (typeof e.name !== 'string' || e.name.trim() === '') return '"name" must be a non-empty string';
	if (e.name.trim().length > MAX_NAME) return `"name" must be at most ${MAX_NAME} characters`;
	if (typeof e.url !== 'string') return `"${e.name.trim()}": "url" must be a ws:// or wss:// URL`;
	const url = normalizeGatewayUrl(e.url);
	if (!url) return `"${e.name.trim()}": "url" must be a ws:// or wss:// URL without a user or password (got "${e.url.slice(0, 200)}")`;
	if (e.tlsFingerprint !== undefined) {
		if (typeof e.tlsFingerprint !== 'string' || !normalizeTlsFingerprint(e.tlsFingerprint))
			return `"${e.name.trim()}": "tlsFingerprint" must be a SHA-256 certificate fingerprint (64 hex digits, colons allowed)`;
		if (!url.startsWith('wss:')) return `"${e.name.trim()}": a "tlsFingerprint" needs a wss:// URL`;
	}
	if (e.tokenEnv !== undefined && (typeof e.tokenEnv !== 'string' || !ENV_NAME.test(e.tokenEnv)))
		return `"${e.name.trim()}": "tokenEnv" must be an environment variable name`;
	return undefined;
}

/** The entry called `name` (case-insensitive), or a message listing the names there are. */
export function findGatewayProfile(list: GatewayProfiles, name: string, where: string): { ok: true; profile: GatewayProfile } | { ok: false; message: string } {
	const wanted = name.trim().toLowerCase();
	const profile = list.profiles.find((p) => p.name.toLowerCase() === wanted);
	if (profile) return { ok: true, profile };
	const known = list.profiles.map((p) => p.name);
	const skipped = list.problems.length
		? ` (${list.problems.length} entr${list.problems.length === 1 ? 'y was' : 'ies were'} left out: ${list.problems[0]})`
		: '';
	return {
		ok: false,
		message: known.length ? `no gateway named "${name}" in ${where}; there are: ${known.join(', ')}${skipped}` : `no gateways are listed in ${where}${skipped}`,
	};
}

/** A gateway the extension connects to: a listed entry, or the one `gateway.url` names when the list is empty. */
export interface ResolvedGateway {
	name: string;
	url: string;
	tlsFingerprint?: string;
	/** Where its token lives in SecretStorage. */
	tokenKey: string;
	/** From `gateway.url` (no list): the extension's single-gateway behaviour, unchanged. */
	implicit: boolean;
}

/** The token key of the single-gateway setup (before named gateways), kept so its users lose nothing. */
export const LEGACY_TOKEN_KEY = 'openclawPairing.gatewayToken';

/**
 * The gateways to connect to, first = primary (commands without a target, the local files' CodeLens). The entry whose
 * URL is the old `gateway.url` keeps the token stored for that URL before named gateways existed; every other entry
 * has its own key, by URL.
 */
export function resolveGateways(list: GatewayProfiles, singleUrl: string): ResolvedGateway[] {
	const single = normalizeGatewayUrl(singleUrl) ?? singleUrl.trim();
	if (list.profiles.length === 0) return [{ name: 'gateway', url: singleUrl.trim(), tokenKey: LEGACY_TOKEN_KEY, implicit: true }];
	return list.profiles.map((p) => ({
		name: p.name,
		url: p.url,
		...(p.tlsFingerprint ? { tlsFingerprint: p.tlsFingerprint } : {}),
		tokenKey: p.url === single ? LEGACY_TOKEN_KEY : tokenKeyFor(p.url),
		implicit: false,
	}));
}
