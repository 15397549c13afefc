// The error lines the doctor knows, in the real gateway's own words. Every phrase and code below was read from the
// installed openclaw dist (2026.6.6 and 2026.9.6 word them the same): packages/gateway-protocol/src/connect-error-details.ts
// (codes, pairing requirements, the short "… pending approval" forms), src/gateway/server/ws-connection/
// message-handler.ts formatGatewayAuthFailureMessage (the "unauthorized: …" lines), the device-proof and origin checks,
// `client invalidated: <reason>` (4001), and 9.6 src/infra/device-identity.ts / device-auth-store.ts (legacy files).

export type ErrorKind =
	| 'pairing-required'
	| 'device-token-mismatch'
	| 'device-token-rejected'
	| 'token-scope-mismatch'
	| 'missing-scope'
	| 'shared-token-mismatch'
	| 'shared-token-missing'
	| 'rate-limited'
	| 'signature-invalid'
	| 'signature-expired'
	| 'device-id-mismatch'
	| 'origin-not-allowed'
	| 'device-identity-required'
	| 'client-invalidated'
	| 'legacy-identity'
	| 'legacy-device-auth'
	| 'verified-user-required'
	| 'role-cap';

/** The pairing reasons of `details.reason` (ConnectPairingRequiredReasons). */
export type PairingReason = 'not-paired' | 'role-upgrade' | 'scope-upgrade' | 'metadata-upgrade';

export interface KnownError {
	kind: ErrorKind;
	/** `details.code` values that mean this error. */
	codes: readonly string[];
	/** Lower-case phrases that identify it in a pasted line, most specific first. */
	phrases: readonly string[];
	/** A real line, for the "what I know" list. */
	example: string;
}

/**
 * In matching order: a phrase that contains another one's comes first ("device token scope mismatch" before
 * "device token mismatch"), and the pairing lines come before "missing scope", which a longer paste may also hold.
 */
export const KNOWN_ERRORS: readonly KnownError[] = [
	{
		kind: 'legacy-identity',
		codes: [],
		phrases: ['legacy device identity exists at'],
		example:
			'Legacy device identity exists at ~/.openclaw/identity/device.json. Run "openclaw doctor --fix" before starting the gateway or connecting this client.',
	},
	{
		kind: 'legacy-device-auth',
		codes: [],
		phrases: ['legacy device auth requires migration'],
		example: 'Legacy device auth requires migration; stop the Gateway and run `openclaw doctor --fix`.',
	},
	{
		kind: 'pairing-required',
		codes: ['PAIRING_REQUIRED'],
		phrases: [
			'pairing required',
			'scope upgrade pending approval',
			'role upgrade pending approval',
			'device metadata change pending approval',
			'device pairing required',
		],
		example: 'gateway closed (1008): pairing required: device is asking for more scopes than currently approved (requestId: …)',
	},
	{
		kind: 'token-scope-mismatch',
		codes: ['AUTH_SCOPE_MISMATCH'],
		phrases: ['device token scope mismatch'],
		example: 'unauthorized: device token scope mismatch (re-pair or approve scope upgrade)',
	},
	{
		kind: 'device-token-mismatch',
		codes: ['AUTH_DEVICE_TOKEN_MISMATCH'],
		phrases: ['device token mismatch'],
		example: 'unauthorized: device token mismatch (rotate/reissue device token)',
	},
	{
		kind: 'device-token-rejected',
		codes: [],
		phrases: ['device token rejected'],
		example: 'unauthorized: device token rejected (pair/repair this device, or provide gateway token)',
	},
	{
		kind: 'shared-token-mismatch',
		codes: ['AUTH_TOKEN_MISMATCH', 'AUTH_PASSWORD_MISMATCH'],
		phrases: ['gateway token mismatch', 'gateway password mismatch'],
		example: 'unauthorized: gateway token mismatch (provide gateway auth token)',
	},
	{
		kind: 'shared-token-missing',
		codes: ['AUTH_TOKEN_MISSING', 'AUTH_PASSWORD_MISSING'],
		phrases: ['gateway token missing', 'gateway password missing'],
		example: 'unauthorized: gateway token missing (provide gateway auth token)',
	},
	{
		kind: 'rate-limited',
		codes: ['AUTH_RATE_LIMITED'],
		phrases: ['too many failed authentication attempts'],
		example: 'unauthorized: too many failed authentication attempts (retry later)',
	},
	{
		kind: 'signature-invalid',
		codes: ['DEVICE_AUTH_SIGNATURE_INVALID', 'DEVICE_AUTH_PUBLIC_KEY_INVALID'],
		phrases: ['device signature invalid', 'device public key invalid'],
		example: 'device signature invalid (DEVICE_AUTH_SIGNATURE_INVALID)',
	},
	{
		kind: 'signature-expired',
		codes: ['DEVICE_AUTH_SIGNATURE_EXPIRED'],
		phrases: ['device signature expired'],
		example: 'device signature expired (DEVICE_AUTH_SIGNATURE_EXPIRED)',
	},
	{
		kind: 'device-id-mismatch',
		codes: ['DEVICE_AUTH_DEVICE_ID_MISMATCH'],
		phrases: ['device identity mismatch'],
		example: 'device identity mismatch (DEVICE_AUTH_DEVICE_ID_MISMATCH)',
	},
	{
		kind: 'origin-not-allowed',
		codes: ['CONTROL_UI_ORIGIN_NOT_ALLOWED'],
		phrases: ['origin not allowed'],
		example: 'origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)',
	},
	{
		kind: 'device-identity-required',
		codes: ['DEVICE_IDENTITY_REQUIRED', 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED'],
		phrases: ['control ui requires device identity', 'device identity required'],
		example: 'control ui requires device identity (use HTTPS or localhost secure context)',
	},
	{
		kind: 'client-invalidated',
		codes: [],
		phrases: ['client invalidated: device-token-rotated', 'client invalidated: device-token-revoked', 'client invalidated: device-pair-removed'],
		example: 'gateway closed (4001): client invalidated: device-token-revoked',
	},
	// 2026.9.6, gateway.roles on: src/gateway/server/ws-connection (connect) and server-methods/device-scope-upgrade.ts.
	{
		kind: 'verified-user-required',
		codes: ['AUTH_VERIFIED_USER_REQUIRED'],
		phrases: ['operator role policies require a verified user identity'],
		example:
			'NOT_PAIRED: operator role policies require a verified user identity for this authentication method; reconnect through the trusted proxy or Tailscale, or use the shared gateway token/password',
	},
	{
		kind: 'role-cap',
		codes: [],
		phrases: ['exceed your assigned operator role'],
		example: 'requested scopes exceed your assigned operator role; ask a gateway administrator to change your role',
	},
	{
		kind: 'missing-scope',
		codes: ['MISSING_SCOPE'],
		phrases: ['missing scope:'],
		example: 'missing scope: operator.admin',
	},
];

/** The pairing requirement texts and the short client-side forms, each naming its reason. */
export const PAIRING_REASON_PHRASES: readonly (readonly [string, PairingReason])[] = [
	['device is not approved yet', 'not-paired'],
	['device is asking for a higher role than currently approved', 'role-upgrade'],
	['device is asking for more scopes than currently approved', 'scope-upgrade'],
	['device identity changed and must be re-approved', 'metadata-upgrade'],
	['role upgrade pending approval', 'role-upgrade'],
	['scope upgrade pending approval', 'scope-upgrade'],
	['device metadata change pending approval', 'metadata-upgrade'],
	['device pairing required', 'not-paired'],
];

export const PAIRING_REASONS: readonly PairingReason[] = ['not-paired', 'role-upgrade', 'scope-upgrade', 'metadata-upgrade'];

/** `details.recommendedNextStep` values the gateway sends (CONNECT_RECOVERY_NEXT_STEP_VALUES). */
export const RECOMMENDED_NEXT_STEPS: readonly string[] = [
	'retry_with_device_token',
	'update_auth_configuration',
	'update_auth_credentials',
	'wait_then_retry',
	'review_auth_configuration',
];

/** `client invalidated: <reason>` reasons (4001) that concern pairing. */
export type InvalidationReason = 'device-token-rotated' | 'device-token-revoked' | 'device-pair-removed';

const BY_CODE = new Map<string, ErrorKind>(KNOWN_ERRORS.flatMap((e) => e.codes.map((c) => [c, e.kind] as const)));

export function kindOfCode(code: string): ErrorKind | undefined {
	return BY_CODE.get(code);
}

/** What the doctor knows, one example line each (for "not recognised"). */
export function knownExamples(): string[] {
	return KNOWN_ERRORS.map((e) => e.example);
}
