// The contract between the live-gateway model (pure Node, used by the extension, the CLI and tests) and its users.
// Field names are the gateway's own (device.pair.list / node.pair.list payloads); nothing here holds a secret.
import type { ConnectVia } from './connectMode';
import type { IssuedSetupCode, SetupCodeRequest } from './setupCode';
import type { SetupOutcome } from './setupOutcome';

/** Where the extension's own connection to the gateway stands; drives the status bar, context keys and welcome views. */
export type ConnectionState =
	| { kind: 'idle' }
	| { kind: 'noToken' }
	| { kind: 'connecting'; attempt: number }
	/** `via`: device-less with the shared token on loopback, or as our own paired device (connectMode.ts). */
	| { kind: 'connected'; serverVersion: string | undefined; scopes: string[]; via: ConnectVia }
	/** Our own device is waiting for an operator: approve it with `openclaw devices approve <requestId>`. */
	| { kind: 'awaitingPairing'; deviceId: string; requestId: string | undefined; reason: string | undefined }
	/** Wrong or missing shared token, or a refused device token; retrying will not help until the user acts. */
	| { kind: 'authFailed'; code: string | undefined; message: string }
	/** Refused by policy before connecting (e.g. plaintext ws:// to a remote host without opt-in). */
	| { kind: 'refused'; message: string }
	/** `unreachable`: no gateway answered at all (socket error, timeout), as opposed to one that refused or hung up. */
	| { kind: 'disconnected'; message: string; retryAt: number | undefined; unreachable?: boolean };

export type ConnectionStateKind = ConnectionState['kind'];

/** What a device says about itself when it connects; kept on its pending request and on its paired record. */
export interface DeviceDescription {
	deviceId: string;
	publicKey?: string;
	displayName?: string;
	platform?: string;
	deviceFamily?: string;
	clientId?: string;
	clientMode?: string;
	role?: string;
	roles?: string[];
	scopes?: string[];
	remoteIp?: string;
	/** 2026.9+: the browser Origin the device connected from (a Control UI device). */
	browserOrigin?: string;
}

export interface PendingDeviceRequest extends DeviceDescription {
	requestId: string;
	silent?: boolean;
	isRepair?: boolean;
	ts: number;
	refreshedAtMs?: number;
}

export interface PendingNodeRequest {
	requestId: string;
	nodeId: string;
	displayName?: string;
	platform?: string;
	clientId?: string;
	clientMode?: string;
	version?: string;
	caps?: string[];
	commands?: string[];
	requiredApproveScopes?: string[];
	remoteIp?: string;
	ts: number;
	coreVersion?: string;
	uiVersion?: string;
	deviceFamily?: string;
	modelIdentifier?: string;
	silent?: boolean;
}

/** device.pair.list tokens are summaries: role, scopes and timestamps, never the token itself. */
export interface TokenSummary {
	role: string;
	scopes: string[];
	createdAtMs?: number;
	rotatedAtMs?: number;
	revokedAtMs?: number;
	lastUsedAtMs?: number;
}

export interface PairedDevice extends DeviceDescription {
	operatorLabel?: string;
	/** 2026.9+: "owner" | "silent" | "trusted-cidr" | "trusted-proxy" | "ssh-verified" | "bootstrap". */
	approvedVia?: string;
	tokens: TokenSummary[];
	createdAtMs?: number;
	approvedAtMs?: number;
	lastSeenAtMs?: number;
	/** "connect" | "device-token-auth" (since ~2026.5). */
	lastSeenReason?: string;
	/** 2026.9+: whether the device has a live connection. */
	connected?: boolean;
}

export interface PairingSnapshot {
	pending: PendingDeviceRequest[];
	nodes: PendingNodeRequest[];
	paired: PairedDevice[];
	/** Date.now() of the device.pair.list answer this snapshot reflects. */
	listedAt: number;
}

/** Our own device's pending request for more scopes. */
export interface ScopeUpgradeRequest {
	/** Undefined when the gateway did not say (6.6 truncates the close reason) and the list does not show it yet. */
	requestId: string | undefined;
	/** What it asks for in all (the gateway wants the current scopes included). */
	scopes: string[];
	/** The scopes it adds. */
	added: string[];
	/** Paired operator devices whose approved scopes could approve it: none means nobody paired can. */
	approvers: PairedDevice[];
	/** `live`: device.scopes.waitUpgrade (2026.8.1+); `reconnect`: retried logins until one is accepted (JSON era). */
	how: 'live' | 'reconnect';
}

/** Why an action on a request or device did not happen, in terms a person can act on. */
export type ActionFailureKind =
	/** The request id is gone but the same device has a newer request (it retried with other scopes/roles). */
	| 'superseded'
	/** The request id is gone (expired after 5 minutes, or resolved elsewhere). */
	| 'expired'
	/** Our connection lacks a scope the gateway requires for this action (e.g. operator.admin to approve admin). */
	| 'missingScope'
	/** The action needs scopes our paired device was not approved for: ask for them (PairingService.askForScopes). */
	| 'needsScope'
	/** Past the caller's named operator role (2026.9 gateway.roles): only a gateway administrator can change that. */
	| 'roleCap'
	/** The gateway refused for another policy reason ("device pairing approval denied", self-scoped session…). */
	| 'denied'
	| 'notConnected'
	/** This gateway version has no such method (e.g. device.pair.rename before 2026.8.1). */
	| 'unsupported'
	/** The same action is already in flight: never sent twice. */
	| 'inFlight'
	| 'gateway';

/** The error every action fails with: a class (instanceof, isPairingActionError) in pairingActionError.ts. */
export type { PairingActionError } from './pairingActionError';

/** Something the gateway sent that could not be read; the service carries on without it (and re-lists). */
export interface PairingDataProblem {
	kind:
		/** A frame that is not valid gateway JSON (dropped; its text is never reported: it could hold a token). */
		| 'malformedFrame'
		/** A pairing event whose payload could not be read (a re-list follows). */
		| 'unreadableEvent'
		/** device.pair.list entries that could not be read (skipped). */
		| 'unreadableEntries';
	/** One line for a person, without secrets (also what the service logs as a warning). */
	message: string;
}

export interface Logger {
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
	/** Protocol trace (frames without secrets); only called when tracing is on. */
	trace(message: string): void;
}

export type Unsubscribe = () => void;

/** The live model of one gateway's pairing state, kept true through events, polling and reconnects. */
export interface PairingService {
	readonly state: ConnectionState;
	readonly snapshot: PairingSnapshot | undefined;
	/** Our own device's id once its identity is loaded (to mark "this device" in lists). */
	readonly deviceId?: string | undefined;
	onDidChangeState(listener: (state: ConnectionState) => void): Unsubscribe;
	onDidChangeSnapshot(listener: (snapshot: PairingSnapshot) => void): Unsubscribe;
	/** Connect (and keep reconnecting with backoff and jitter) until stop(). */
	start(): void;
	stop(): Promise<void>;
	/** Polling fallback and eager refresh run only while someone looks (the view is visible). */
	setActive(active: boolean): void;
	refresh(): Promise<PairingSnapshot>;
	/** Re-lists and returns the request as the gateway has it now; fails as superseded/expired when it is gone. */
	pendingRequest(requestId: string): Promise<PendingDeviceRequest>;
	/** Re-lists first; fails with PairingActionError when the request is superseded or expired. */
	approve(requestId: string): Promise<PairedDevice | undefined>;
	reject(requestId: string): Promise<void>;
	approveNode(requestId: string): Promise<void>;
	rejectNode(requestId: string): Promise<void>;
	remove(deviceId: string): Promise<void>;
	rename(deviceId: string, label: string): Promise<void>;
	rotateToken(deviceId: string, role: string): Promise<void>;
	revokeToken(deviceId: string, role: string): Promise<void>;
	/** Ask the gateway to approve more scopes for our own device (a device login; see scopeElevation.ts). */
	askForScopes(scopes: readonly string[]): Promise<ScopeUpgradeRequest>;
	/** Resolves once that request is approved (rejects when it is rejected, expires or `signal` aborts). */
	waitForScopes(request: ScopeUpgradeRequest, signal?: AbortSignal): Promise<void>;
	/** Whether the connected gateway advertises a method (hello-ok features.methods). */
	supports(method: string): boolean;
	/** A setup code for a phone or node (device.pair.setupCode, operator.admin: `needsScope` on a device login without it). */
	createSetupCode(request: SetupCodeRequest): Promise<IssuedSetupCode>;
	/** How that code ended (2026.8.1+ device.pair.setupStatus); undefined while unused or expired unused. */
	setupStatus(setupId: string): Promise<SetupOutcome | undefined>;
	/** device.pair.setup.completed / deliveryUncertain on the live session (2026.8.1+; events can be dropped). */
	onDidSetupOutcome(listener: (outcome: SetupOutcome) => void): Unsubscribe;
}
