// Pure pieces of the connect handshake: the challenge, the closed ConnectParams object and hello-ok.
// Kept free of I/O so they can be unit-tested against captured frames.
import { isRecord } from './frames';
import { DeviceIdentity } from './identity';
import { SignedDeviceProof, signDeviceProof } from './signature';

/** Protocol 4 since openclaw 2026.5.12. */
export const PROTOCOL_VERSION = 4;

/** Closed enum on the gateway (9.x list; 6.x lacks openclaw-browser-copilot, openclaw-linux, openclaw-watchos, openclaw-worker). */
export type GatewayClientId =
	| 'webchat-ui'
	| 'openclaw-control-ui'
	| 'openclaw-browser-copilot'
	| 'openclaw-tui'
	| 'webchat'
	| 'cli'
	| 'gateway-client'
	| 'openclaw-macos'
	| 'openclaw-linux'
	| 'openclaw-ios'
	| 'openclaw-watchos'
	| 'openclaw-android'
	| 'node-host'
	| 'openclaw-worker'
	| 'test'
	| 'fingerprint'
	| 'openclaw-probe';

/** Closed enum on the gateway (`worker` is 9.x only). */
export type GatewayClientMode = 'webchat' | 'cli' | 'ui' | 'backend' | 'node' | 'probe' | 'test' | 'worker';

export type GatewayRole = 'operator' | 'node';

export interface GatewayClientInfo {
	id: GatewayClientId;
	mode: GatewayClientMode;
	version: string;
	platform: string;
	displayName?: string;
	deviceFamily?: string;
}

export interface GatewayAuth {
	/** Shared gateway token. SECRET. */
	token?: string;
	/** Per-device token from hello-ok.auth.deviceToken. SECRET. */
	deviceToken?: string;
	/** Shared gateway password (never part of the signature). SECRET. */
	password?: string;
	/** A setup code's single-use bootstrap token (how a phone redeems it; needs a device identity). SECRET. */
	bootstrapToken?: string;
}

/** The `connect` params this client sends: a subset of the gateway's closed ConnectParams schema. */
export interface ConnectParams {
	minProtocol: number;
	maxProtocol: number;
	client: GatewayClientInfo;
	caps: string[];
	role: GatewayRole;
	scopes: string[];
	auth?: GatewayAuth;
	device?: SignedDeviceProof;
}

export interface ConnectChallenge {
	nonce: string;
	ts: number | undefined;
	capabilities: string[];
}

export interface HelloAuth {
	/** 9.x: "token" | "password" | "device-token" | ... */
	method?: string;
	role: string;
	scopes: string[];
	/** SECRET. Present when the gateway issued or confirmed a device token. */
	deviceToken?: string;
	issuedAtMs?: number;
	/** 9.x adds e.g. recoveryScope / recoveryMigrationAllowed; kept as received. */
	[key: string]: unknown;
}

export interface HelloOk {
	type: 'hello-ok';
	protocol: number;
	server: { version?: string; connId?: string; [key: string]: unknown };
	features: { methods: string[]; events: string[]; capabilities?: string[] };
	auth: HelloAuth;
	policy: { tickIntervalMs?: number; maxPayload?: number; maxBufferedBytes?: number; [key: string]: unknown };
	snapshot?: unknown;
	[key: string]: unknown;
}

/** Read a `connect.challenge` payload; null when it has no usable nonce. */
export function parseChallenge(payload: unknown): ConnectChallenge | null {
	if (!isRecord(payload) || typeof payload.nonce !== 'string' || !payload.nonce.trim()) return null;
	const ts = typeof payload.ts === 'number' && Number.isSafeInteger(payload.ts) && payload.ts >= 0 ? payload.ts : undefined;
	const capabilities = Array.isArray(payload.capabilities) ? payload.capabilities.filter((c): c is string => typeof c === 'string') : [];
	return { nonce: payload.nonce.trim(), ts, capabilities };
}

/** Read a hello-ok payload; null when it is not one. */
export function parseHello(payload: unknown): HelloOk | null {
	if (!isRecord(payload) || payload.type !== 'hello-ok' || !isRecord(payload.auth)) return null;
	const auth = payload.auth;
	if (!Array.isArray(auth.scopes) || !auth.scopes.every((s) => typeof s === 'string')) return null;
	if (auth.deviceToken !== undefined && typeof auth.deviceToken !== 'string') return null;
	const features = isRecord(payload.features) ? payload.features : {};
	return {
		...payload,
		server: isRecord(payload.server) ? payload.server : {},
		features: {
			...features,
			methods: stringArray(features.methods),
			events: stringArray(features.events),
		},
		policy: isRecord(payload.policy) ? payload.policy : {},
		auth: auth as unknown as HelloAuth,
	} as HelloOk;
}

/** The gateway's version from its hello-ok (`server.version`), if it sent one. */
export function serverVersion(hello: Pick<HelloOk, 'server'>): string | undefined {
	return typeof hello.server.version === 'string' ? hello.server.version : undefined;
}

export interface BuildConnectParamsInput {
	client: GatewayClientInfo;
	role: GatewayRole;
	scopes: readonly string[];
	auth: GatewayAuth;
	identity: DeviceIdentity | null;
	challenge: ConnectChallenge;
	minProtocol?: number | undefined;
	maxProtocol?: number | undefined;
	/** Clock used when the challenge carries no ts. */
	now?: () => number;
}

/** Build the closed `connect` params object, signing the device proof when an identity is given. */
export function buildConnectParams(input: BuildConnectParamsInput): ConnectParams {
	const client: GatewayClientInfo = {
		id: input.client.id,
		version: input.client.version,
		platform: input.client.platform,
		mode: input.client.mode,
	};
	if (input.client.displayName) client.displayName = input.client.displayName;
	if (input.client.deviceFamily) client.deviceFamily = input.client.deviceFamily;

	const auth: GatewayAuth = {};
	if (input.auth.token !== undefined) auth.token = input.auth.token;
	if (input.auth.deviceToken !== undefined) auth.deviceToken = input.auth.deviceToken;
	if (input.auth.password !== undefined) auth.password = input.auth.password;
	if (input.auth.bootstrapToken !== undefined) auth.bootstrapToken = input.auth.bootstrapToken;

	const params: ConnectParams = {
		minProtocol: input.minProtocol ?? PROTOCOL_VERSION,
		maxProtocol: input.maxProtocol ?? PROTOCOL_VERSION,
		client,
		caps: [],
		role: input.role,
		scopes: [...input.scopes],
	};
	if (Object.keys(auth).length > 0) params.auth = auth;
	if (input.identity) {
		// The gateway checks |now - signedAt| <= 120 s on its own clock: its challenge ts is immune to local skew.
		const signedAtMs = input.challenge.ts ?? (input.now ?? Date.now)();
		params.device = signDeviceProof(input.identity, {
			clientId: client.id,
			clientMode: client.mode,
			role: params.role,
			scopes: params.scopes,
			signedAtMs,
			// Same precedence as the gateway's resolveSignatureToken (a password is never signed).
			token: auth.token ?? auth.deviceToken ?? auth.bootstrapToken ?? null,
			nonce: input.challenge.nonce,
			platform: client.platform,
			deviceFamily: client.deviceFamily ?? null,
		});
	}
	return params;
}

function stringArray(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
