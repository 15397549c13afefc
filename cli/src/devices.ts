// `devices`, `approve <requestId>`, `reject <requestId>`: the extension's pairing client, driven once from a
// terminal. Every outcome is one clear line and an exit code (0 ok, 1 the gateway refused or failed, 2 bad usage,
// unreachable gateway, unreadable identity); never a stack trace, never a token.
import { FileIdentityStore } from '../../core/src/pairing/identityStore';
import { connectOnce, describeState } from '../../core/src/pairing/pairingService';
import type { ConnectionState, PairingActionError, PairingDataProblem, PairingService, ScopeUpgradeRequest } from '../../core/src/pairing/types';
import { checkGatewayUrl } from '../../core/src/pairing/urlPolicy';
import { UsageError } from './args';
import { DEVICES_USAGE, DevicesCommand, DevicesOptions, parseDevicesArgs, resolveDevicesTarget } from './devicesArgs';
import { approvedText, devicesJson, devicesText } from './devicesFormat';
import { describeNotPending } from './notPending';
import { scopeRequestText } from './scopeRequestText';
import type { DeviceIdentity } from '../../core/src/gateway';

/** Reported as client.version to the gateway. */
export const CLI_VERSION = '0.1.0';

export interface DevicesIo {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	env: NodeJS.ProcessEnv;
}

const defaultIo: DevicesIo = {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text),
	env: process.env,
};

export function isDevicesCommand(command: string | undefined): command is DevicesCommand {
	return command === 'devices' || command === 'approve' || command === 'reject';
}

export async function runDevicesCommand(command: DevicesCommand, argv: string[], io: DevicesIo = defaultIo): Promise<number> {
	const fail = (code: number, message: string): number => {
		io.stderr(`openclaw-pairing: ${message}\n`);
		return code;
	};
	let options: DevicesOptions;
	try {
		options = parseDevicesArgs(command, argv, io.env);
	} catch (error) {
		if (error instanceof UsageError) return fail(2, `${error.message}\nRun "openclaw-pairing ${command} --help" for usage.`);
		throw error;
	}
	if (options.help) {
		io.stdout(`${DEVICES_USAGE}\n`);
		return 0;
	}
	const target = resolveDevicesTarget(options, io.env);
	if (!target.ok) return fail(2, target.message);
	if (target.discovered) io.stderr(`openclaw-pairing: ${target.summary}\n`);
	const token = target.token;
	const url = checkGatewayUrl(target.url, options.allowInsecureRemote);
	if (!url.ok) return fail(2, url.refused ? `${url.message} (--allow-insecure-remote)` : url.message);

	// Loaded (and created on first use) only when the CLI logs in as its own device: on loopback with the shared token
	// it needs none (connectMode.ts), and a user who only lists should not get a key file.
	const identityStore = new FileIdentityStore(options.identityPath);
	let identityProblem: string | undefined;
	const identity = {
		loadOrCreate: async (): Promise<DeviceIdentity> => {
			try {
				return await identityStore.loadOrCreate();
			} catch (error) {
				identityProblem = error instanceof Error ? error.message : String(error);
				throw error;
			}
		},
	};

	// One connection, one attempt: its outcome decides the exit code. Progress and connection chatter stay quiet
	// (connection failures are reported once, by reportConnection; a dropped connection by the action itself).
	const { service, state } = await connectOnce(
		{
			url: url.url,
			token: () => Promise.resolve(token),
			identityStore: identity,
			client: { displayName: 'openclaw-pairing CLI', version: CLI_VERSION, platform: process.platform },
			allowInsecureRemote: options.allowInsecureRemote,
			...(target.tlsFingerprint ? { tlsFingerprint: target.tlsFingerprint } : {}),
			preferDevice: options.asDevice,
			onDataProblem: (problem) => warnDataProblem(io, problem),
			requestTimeoutMs: options.timeoutMs,
			connectTimeoutMs: options.timeoutMs,
		},
		2 * options.timeoutMs + 1_000,
	);
	try {
		if (identityProblem) return fail(2, identityProblem);
		if (state.kind !== 'connected') return reportConnection(state, url.display, fail);
		return await act(service, options, service.deviceId, io, fail);
	} finally {
		await service.stop();
	}
}

async function act(
	service: PairingService,
	options: DevicesOptions,
	ownDeviceId: string | undefined,
	io: DevicesIo,
	fail: (code: number, message: string) => number,
): Promise<number> {
	const requestId = options.requestId ?? '';
	// The list made on connect: a request gone since then is "no longer" pending; one never seen is just "not".
	const listed = service.snapshot?.pending.some((p) => p.requestId === requestId) ?? false;
	try {
		switch (options.command) {
			case 'devices': {
				const snapshot = service.snapshot ?? (await service.refresh());
				io.stdout(`${options.json ? devicesJson(snapshot) : devicesText(snapshot, ownDeviceId)}\n`);
				return 0;
			}
			case 'approve': {
				const device = await service.approve(requestId);
				io.stdout(`${options.json ? JSON.stringify({ requestId, device: device ?? null }, null, 2) : approvedText(requestId, device)}\n`);
				return 0;
			}
			case 'reject':
				await service.reject(requestId);
				io.stdout(`${options.json ? JSON.stringify({ requestId, rejected: true }, null, 2) : `rejected ${requestId}`}\n`);
				return 0;
		}
	} catch (error) {
		if ((error as Partial<PairingActionError>).failure === 'needsScope') return askForScopes(service, error as PairingActionError, options, io, fail);
		return fail(1, describeActionFailure(error, options.command, requestId, listed, service.state));
	}
}

/**
 * Logged in as our device (not on loopback with the shared token), which lacks what the action needs: file the
 * upgrade request and say who can approve it. Nothing else is done behind the user's back; run the command again
 * once it is approved.
 */
async function askForScopes(
	service: PairingService,
	error: PairingActionError,
	options: DevicesOptions,
	io: DevicesIo,
	fail: (code: number, message: string) => number,
): Promise<number> {
	const needed = error.neededScopes ?? [];
	let request: ScopeUpgradeRequest;
	try {
		request = await service.askForScopes(needed);
	} catch (askError) {
		return fail(1, `${error.message}; asking the gateway for it failed: ${askError instanceof Error ? askError.message : String(askError)}`);
	}
	io.stderr(`${scopeRequestText(error.message, request, `openclaw-pairing ${options.command} ${options.requestId ?? ''}`.trim())}
`);
	return 1;
}

function reportConnection(state: ConnectionState, display: string, fail: (code: number, message: string) => number): number {
	switch (state.kind) {
		case 'awaitingPairing':
			return fail(
				1,
				`this CLI's device (${state.deviceId.slice(0, 16)}…) is not approved by the gateway yet; on the gateway host run: openclaw devices approve ${state.requestId ?? '<requestId from openclaw devices list>'}`,
			);
		case 'authFailed':
			return fail(1, `the gateway refused the token${state.code ? ` (${state.code})` : ''}: ${state.message}`);
		case 'refused':
			return fail(2, state.message);
		case 'noToken':
			return fail(2, 'no gateway token: set OPENCLAW_GATEWAY_TOKEN (or pass --token)');
		case 'disconnected':
			return state.unreachable ? fail(2, `${display}: ${state.message}`) : fail(1, `the gateway at ${display} refused the connection: ${state.message}`);
		default:
			return fail(1, describeState(state));
	}
}

function describeActionFailure(error: unknown, command: DevicesCommand, requestId: string, listed: boolean, state: ConnectionState): string {
	const e = error as Partial<PairingActionError>;
	const verb = command === 'devices' ? 'list' : command;
	switch (e.failure) {
		case 'superseded':
			return `request ${requestId} was superseded by ${e.replacementRequestId} (the device asked again with other roles or scopes); review it with "openclaw-pairing devices", then: openclaw-pairing ${command} ${e.replacementRequestId}`;
		case 'expired':
			return describeNotPending(requestId, listed);
		case 'missingScope':
			return `the gateway refused to ${verb}: it requires ${e.missingScope ?? 'a scope'}, which this CLI's connection (${scopesOf(state)}) does not hold; on the gateway host, with its shared token, this CLI gets it at once: openclaw-pairing ${command === 'devices' ? 'devices' : `${command} ${requestId}`}`;
		case 'denied':
			return `the gateway refused to ${verb} (${e.message ?? 'denied'})`;
		case 'inFlight':
			return `${verb} is already in progress`;
		default:
			return e.message ?? (error instanceof Error ? error.message : String(error));
	}
}

function scopesOf(state: ConnectionState): string {
	return state.kind === 'connected' ? state.scopes.join(', ') || 'no scopes' : 'not connected';
}

/** Data the gateway sent that could not be read (malformed frames, unreadable entries): worth a warning line. */
function warnDataProblem(io: DevicesIo, problem: PairingDataProblem): void {
	io.stderr(`openclaw-pairing: warning: ${problem.message}\n`);
}
