// `check --gateway`: the live state of a running gateway (device.pair.list, one connection made as the devices command
// makes it) rendered as paired.json / pending.json and checked like the files; records named <url>#device/<id>.
import type { DeviceIdentity } from '../../core/src/gateway';
import { fromDevicePairList } from '../../core/src/openclaw/pairingStateDocument';
import { FileIdentityStore } from '../../core/src/pairing/identityStore';
import { connectOnce, describeState } from '../../core/src/pairing/pairingService';
import { checkGatewayUrl } from '../../core/src/pairing/urlPolicy';
import type { ValidationSettings } from '../../server/src/service/ruleContext';
import { CLI_VERSION } from './devices';
import { parseDevicesArgs, resolveDevicesTarget } from './devicesArgs';
import type { FileReport } from './report';
import { recordReports } from './stateCheck';

export type GatewayCheck = { ok: true; source: string; reports: FileReport[]; notes: string[] } | { ok: false; problem: string };

/** Connect once, list, check. A UsageError for bad connection options propagates (exit 2, with usage). */
export async function checkGatewayState(connectionArgs: string[], settings: ValidationSettings, env: NodeJS.ProcessEnv): Promise<GatewayCheck> {
	const options = parseDevicesArgs('devices', connectionArgs, env);
	const target = resolveDevicesTarget(options, env);
	if (!target.ok) return { ok: false, problem: target.message };
	const notes = target.discovered ? [target.summary] : [];
	const url = checkGatewayUrl(target.url, options.allowInsecureRemote);
	if (!url.ok) return { ok: false, problem: url.refused ? `${url.message} (--allow-insecure-remote)` : url.message };
	// Created only if the CLI logs in as its own device (not on loopback with the shared token), as for `devices`.
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
			preferDevice: options.asDevice,
			requestTimeoutMs: options.timeoutMs,
			connectTimeoutMs: options.timeoutMs,
		},
		2 * options.timeoutMs + 1_000,
	);
	try {
		if (identityProblem) return { ok: false, problem: identityProblem };
		if (state.kind !== 'connected') return { ok: false, problem: `${url.display}: ${describeState(state)}` };
		const snapshot = service.snapshot ?? (await service.refresh());
		// Its storage era's rules: the live list of a 2026.8.1+ gateway is a SQLite store.
		const judged = state.serverVersion ? { ...settings, storeVersion: state.serverVersion } : settings;
		return { ok: true, source: url.display, reports: recordReports(fromDevicePairList(snapshot), url.display, judged), notes };
	} catch (error) {
		return { ok: false, problem: `${url.display}: ${error instanceof Error ? error.message : String(error)}` };
	} finally {
		await service.stop();
	}
}
