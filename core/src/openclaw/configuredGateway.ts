import { isPlainObject } from './configText';
import type { OpenClawEnv } from './configEnv';
import { resolveSecretInput, SecretInput, substituteEnv } from './secretInput';
import { DEFAULT_GATEWAY_PORT, gatewayPortFromEnv, profileGatewayPort } from './stateLayout';

// The gateway one openclaw.json describes, as OpenClaw's CLI reads it when no --url/--token and no
// OPENCLAW_GATEWAY_URL/_TOKEN are given (src/gateway/connection-details.ts and src/gateway/credentials.ts,
// 2026.6.6 and 2026.9.6):
// - gateway.mode "remote": gateway.remote.url, token gateway.remote.token, else gateway.auth.token;
// - otherwise the local gateway at ws://127.0.0.1:<port> (wss:// with gateway.tls.enabled; gateway.bind does not
//   change the address the CLI dials), token gateway.auth.token, else gateway.remote.token;
// - port: $OPENCLAW_GATEWAY_PORT, else gateway.port, else a named profile's port (2026.8+), else 18789.

export type PortSource = 'env' | 'config' | 'profile' | 'default';

export type ConfiguredUrl =
	| { ok: true; url: string; mode: 'local'; port: number; portSource: PortSource; /** A dotenv file that set the port. */ portFile?: string }
	| { ok: true; url: string; mode: 'remote' }
	| { ok: false; message: string };

export interface ConfiguredToken {
	/** The config key the token is (or would be) read from. */
	key: 'gateway.auth.token' | 'gateway.remote.token';
	input: SecretInput;
}

export function configuredGatewayUrl(config: Record<string, unknown>, env: OpenClawEnv, profile: string | undefined, file: string): ConfiguredUrl {
	const gateway = section(config, 'gateway');
	if (isRemote(config)) {
		const raw = section(gateway, 'remote').url;
		const { value, missing } = typeof raw === 'string' ? substituteEnv(raw, (name) => env.get(name)?.value) : { value: '', missing: undefined };
		if (missing) return { ok: false, message: `gateway.remote.url in ${file} refers to \${${missing}}, which is not set` };
		if (!value.trim()) return { ok: false, message: `gateway.mode is "remote" in ${file} but gateway.remote.url is not set (set it, or pass --url)` };
		return { ok: true, url: value.trim(), mode: 'remote' };
	}
	const scheme = section(gateway, 'tls').enabled === true ? 'wss' : 'ws';
	const local = (port: number, portSource: PortSource, portFile?: string): ConfiguredUrl => ({
		ok: true,
		url: `${scheme}://127.0.0.1:${port}`,
		mode: 'local',
		port,
		portSource,
		...(portFile ? { portFile } : {}),
	});
	const envPort = env.get('OPENCLAW_GATEWAY_PORT');
	const fromEnv = gatewayPortFromEnv(envPort?.value);
	if (fromEnv !== undefined) return local(fromEnv, 'env', envPort?.file);
	const configPort = gateway.port;
	if (typeof configPort === 'number' && Number.isFinite(configPort) && configPort > 0) {
		// OpenClaw takes any positive number here; one that is not a TCP port can only fail later, so say it now.
		if (!Number.isInteger(configPort) || configPort > 65535)
			return { ok: false, message: `gateway.port in ${file} is ${configPort}, not a TCP port (1-65535)` };
		return local(configPort, 'config');
	}
	const profilePort = profileGatewayPort(profile);
	return profilePort !== undefined ? local(profilePort, 'profile') : local(DEFAULT_GATEWAY_PORT, 'default');
}

/**
 * The shared token the file gives, in OpenClaw's order for the mode. A reference that can't be resolved stops the
 * search where OpenClaw would stop too (it reports the unresolved key rather than falling through).
 */
export function configuredGatewayToken(config: Record<string, unknown>, env: OpenClawEnv): ConfiguredToken | undefined {
	const gateway = section(config, 'gateway');
	const getEnv = (name: string): string | undefined => env.get(name)?.value;
	const local: ConfiguredToken = { key: 'gateway.auth.token', input: resolveSecretInput(section(gateway, 'auth').token, config, getEnv) };
	const remote: ConfiguredToken = { key: 'gateway.remote.token', input: resolveSecretInput(section(gateway, 'remote').token, config, getEnv) };
	const order = isRemote(config) ? [remote, local] : [local, remote];
	const first = order.find((t) => t.input.kind !== 'absent');
	if (!first || first.input.kind === 'value') return first;
	// Remote mode falls back to the local token when the remote one can't be had; local mode never falls through.
	return (isRemote(config) ? order.slice(1).find((t) => t.input.kind === 'value') : undefined) ?? first;
}

/** gateway.auth.mode when it rules out a shared token: "password", "none" or "trusted-proxy". */
export function nonTokenAuthMode(config: Record<string, unknown>): string | undefined {
	const auth = section(section(config, 'gateway'), 'auth');
	const mode = typeof auth.mode === 'string' ? auth.mode.trim() : undefined;
	if (mode === 'password' || mode === 'none' || mode === 'trusted-proxy') return mode;
	return mode === undefined && auth.token === undefined && auth.password !== undefined ? 'password' : undefined;
}

function isRemote(config: Record<string, unknown>): boolean {
	return section(config, 'gateway').mode === 'remote';
}

function section(parent: Record<string, unknown>, key: string): Record<string, unknown> {
	const value = parent[key];
	return isPlainObject(value) ? value : {};
}
