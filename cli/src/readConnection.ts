// One connection made as the `devices` command makes it (the gateway found like openclaw finds it, the URL policy, a
// device identity loaded only if the CLI logs in as its own device), for commands that read the live state once: the
// doctor and `check --gateway`. The caller reads, then stops the service.
import type { DeviceIdentity } from '../../core/src/gateway';
import { FileIdentityStore } from '../../core/src/pairing/identityStore';
import { connectOnce, describeState } from '../../core/src/pairing/pairingService';
import type { ConnectionState, PairingService } from '../../core/src/pairing/types';
import { checkGatewayUrl } from '../../core/src/pairing/urlPolicy';
import { CLI_VERSION } from './devices';
import { DevicesOptions, resolveDevicesTarget } from './devicesArgs';

export type ReadConnection =
	| { ok: true; service: PairingService; state: Extract<ConnectionState, { kind: 'connected' }>; display: string; discovered?: string }
	| { ok: false; problem: string; discovered?: string };

export async function connectToRead(options: DevicesOptions, env: NodeJS.ProcessEnv): Promise<ReadConnection> {
	const target = resolveDevicesTarget(options, env);
	if (!target.ok) return { ok: false, problem: target.message };
	const discovered = target.discovered ? { discovered: target.summary } : {};
	const url = checkGatewayUrl(target.url, options.allowInsecureRemote);
	if (!url.ok) return { ok: false, problem: url.refused ? `${url.message} (--allow-insecure-remote)` : url.message, ...discovered };
	const store = new FileIdentityStore(options.identityPath);
	let identityProblem: string | undefined;
	const identityStore = {
		loadOrCreate: async (): Promise<DeviceIdentity> => {
			try {
				return await store.loadOrCreate();
			} catch (error) {
				identityProblem = error instanceof Error ? error.message : String(error);
				throw error;
			}
		},
	};
	const token = target.token;
	const { service, state } = await connectOnce(
		{
			url: url.url,
			token: () => Promise.resolve(token),
			identityStore,
			client: { displayName: 'openclaw-pairing CLI', version: CLI_VERSION, platform: process.platform },
			allowInsecureRemote: options.allowInsecureRemote,
			...(target.tlsFingerprint ? { tlsFingerprint: target.tlsFingerprint } : {}),
			preferDevice: options.asDevice,
			requestTimeoutMs: options.timeoutMs,
			connectTimeoutMs: options.timeoutMs,
		},
		2 * options.timeoutMs + 1_000,
	);
	if (identityProblem || state.kind !== 'connected') {
		await service.stop();
		return { ok: false, problem: identityProblem ?? `${url.display}: ${describeState(state)}`, ...discovered };
	}
	return { ok: true, service, state, display: url.display, ...discovered };
}
