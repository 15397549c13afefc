// What the doctor answers and what it looks at: plain data, so the CLI prints it, the extension shows it and tests
// compare it. Nothing here holds a secret (the snapshot's tokens are summaries, state facts hold public keys only).
import type { ConnectVia } from '../pairing/connectMode';
import type { PairingSnapshot } from '../pairing/types';
import type { RecognisedLine } from './recognise';
import type { StateFacts } from './stateFacts';

/** The one thing to do, as a command line and (when the extension can do it) a VS Code command with its arguments. */
export interface Fix {
	title: string;
	/** An exact command to run, or, where no single command does it, the steps in one line. */
	cliCommand: string;
	vscodeCommand?: { command: string; args: unknown[] };
}

export type DiagnosisReason =
	/** A new device waits for its first approval. */
	| 'not-paired'
	/** A paired device asks for more: requested vs approved is in the details. */
	| 'role-upgrade-pending'
	| 'scope-upgrade-pending'
	| 'metadata-upgrade-pending'
	/** A node command approval (node.pair.*) waits. */
	| 'node-approval-pending'
	/** The request needs a scope (operator.admin: a node role or admin scopes) that nobody paired holds and we cannot get. */
	| 'nobody-can-approve'
	/** The paired record holds another public key than the device signs with (edited or restored paired.json). */
	| 'paired-key-mismatch'
	/** JSON-era identity files on a state dir the SQLite era owns (they are not read; openclaw wants them imported). */
	| 'legacy-identity-files'
	/** The device's cached device token was rotated: it holds the old one. */
	| 'stale-device-token'
	| 'revoked-device-token'
	/** The device is not paired here any more (removed), or never was on this gateway. */
	| 'removed-device'
	/** A device token asked for more scopes than it was approved for: the gateway refuses and files nothing. */
	| 'token-scope-mismatch'
	/** A call was refused: the caller's connection lacks a scope. */
	| 'missing-scope'
	| 'wrong-shared-token'
	/** No such request or device on the gateway the doctor looked at. */
	| 'wrong-gateway'
	/** The request is gone and the device is already paired with what it asked for. */
	| 'already-approved'
	| 'bad-device-proof'
	| 'clock-skew'
	| 'origin-not-allowed'
	| 'identity-required'
	| 'rate-limited'
	/** gateway.roles is on and the login (a device token) names no verified user: refused, no request filed. */
	| 'verified-user-required'
	/** The scopes asked for or approved go past the caller's named operator role (gateway.roles). */
	| 'role-cap';

export interface Diagnosis {
	reason: DiagnosisReason;
	/** One sentence for a person. */
	summary: string;
	/** Requested vs approved, who could approve, what was measured: one line each. */
	details: string[];
	fix: Fix;
	requestId?: string;
	deviceId?: string;
	/** Whether this used the live gateway's lists (false: from the line alone). */
	live: boolean;
}

/** The gateway as the doctor's own connection sees it. */
export interface LiveView {
	snapshot: PairingSnapshot;
	own: {
		/** Our device, when we logged in as one. */
		deviceId?: string;
		scopes: readonly string[];
		/** `sharedToken`: device-less on loopback, where the gateway grants any scope we ask for (connectMode.ts). */
		via?: ConnectVia;
	};
	serverVersion?: string;
	/** For messages: the URL as shown (no secrets). */
	url?: string;
}

export interface DoctorContext {
	live?: LiveView;
	/** Why there is no live view (unreachable, refused…), said in the details. */
	notLive?: string;
	state?: StateFacts;
	/** How the CLI is started, for fixes that re-run it (default "openclaw-pairing"). */
	cli?: string;
}

/** What to diagnose: a recognised line, or a request / device picked by id; ids given explicitly win over the line's. */
export interface DoctorSubject {
	line?: RecognisedLine;
	requestId?: string;
	deviceId?: string;
}
