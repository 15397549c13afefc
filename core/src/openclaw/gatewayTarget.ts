import { openClawEnv, type EnvValue } from './configEnv';
import { readGatewayConfigFile } from './configFile';
import { configuredGatewayToken, configuredGatewayUrl, nonTokenAuthMode, type PortSource } from './configuredGateway';
import type { ConfigFs } from './configText';
import { applyProfile, CONFIG_PATH_LOOKUP, openClawConfigPath, openClawHome, type PathExists } from './stateLayout';

// Which gateway to talk to and with which shared token, found the way `openclaw devices list` finds them, so a
// user on the gateway host needs no flags. One difference, on purpose: --token and OPENCLAW_GATEWAY_TOKEN win over
// the file's token (OpenClaw up to 2026.7 does the same; 2026.8+ prefers gateway.auth.token over the variable in
// local mode, so a differing variable is pointed out). Like OpenClaw, a URL from --url or OPENCLAW_GATEWAY_URL is
// never sent the file's token: the token must then come from --token or OPENCLAW_GATEWAY_TOKEN too.
// Pure but for reading the config (and its dotenv files); nothing is ever written.

export interface GatewayTargetOptions {
	/** --url, --token, --profile (each only when given). */
	flags?: { url?: string | undefined; token?: string | undefined; profile?: string | undefined };
	env: NodeJS.ProcessEnv;
	osHomedir?: () => string;
	fs?: ConfigFs;
	exists?: PathExists;
}

export interface GatewayTarget {
	url: string;
	/** named: an entry of the CLI's gateways.json (--gateway NAME). */
	urlSource: 'flag' | 'env' | 'config-remote' | 'local' | 'named';
	/** For urlSource "local": the port and where it came from. */
	port?: { value: number; source: PortSource };
	/** SECRET. */
	token: string;
	tokenSource: 'flag' | 'env' | 'config';
	/** A named gateway's pinned certificate (sha256, 64 hex digits). */
	tlsFingerprint?: string;
	/** The file the token was read from: the config, or a dotenv file that set OPENCLAW_GATEWAY_TOKEN. */
	tokenFile?: string;
	/** The config file OpenClaw reads in this environment (whether or not it exists or was needed). */
	configPath: string;
	/** One line for the user: where the URL (or port) and the token came from. Never the token. */
	summary: string;
	/** Whether the file, a dotenv file or the built-in default supplied anything (the CLI then prints `summary`). */
	discovered: boolean;
}

/** `message`: one line for the CLI; `reason`: the same without the CLI's advice (for the editor). */
export type GatewayTargetResult = ({ ok: true } & GatewayTarget) | { ok: false; message: string; reason: string; configPath?: string };

export function findGatewayTarget(options: GatewayTargetOptions): GatewayTargetResult {
	const flags = options.flags ?? {};
	let env = options.env;
	if (flags.profile !== undefined) {
		try {
			env = applyProfile(env, flags.profile, openClawHome(env, options.osHomedir));
		} catch (error) {
			return { ok: false, message: (error as Error).message, reason: (error as Error).message };
		}
	}
	const home = openClawHome(env, options.osHomedir);
	const configPath = openClawConfigPath(env, home, options.exists);
	const fs = options.fs ? { fs: options.fs } : {};
	const early = openClawEnv(env, { home, ...fs });
	const flagUrl = flags.url?.trim() || undefined;
	const flagToken = flags.token?.trim() || undefined;
	const envUrl = flagUrl ? undefined : early.get('OPENCLAW_GATEWAY_URL');
	const envToken = flagToken ? undefined : early.get('OPENCLAW_GATEWAY_TOKEN');
	const urlOverride = flagUrl ?? envUrl?.value.trim();
	const tokenOverride = flagToken ?? envToken?.value.trim();
	const urlText = flagUrl ? '--url' : envText('OPENCLAW_GATEWAY_URL', envUrl);
	const tokenText = flagToken ? '--token' : envText('OPENCLAW_GATEWAY_TOKEN', envToken);
	const tokenSource = flagToken ? 'flag' : 'env';

	if (urlOverride && tokenOverride) {
		return {
			ok: true,
			url: urlOverride,
			urlSource: flagUrl ? 'flag' : 'env',
			token: tokenOverride,
			tokenSource,
			...(envToken?.file ? { tokenFile: envToken.file } : {}),
			configPath,
			summary: `using the gateway URL from ${urlText}, token from ${tokenText}`,
			discovered: Boolean(envUrl?.file ?? envToken?.file),
		};
	}
	if (urlOverride) {
		const reason = `the gateway URL comes from ${urlText}, and like openclaw this tool does not send ${configPath}'s token to a URL given on the command line or in the environment`;
		return { ok: false, configPath, reason, message: `no gateway token: ${reason}; set OPENCLAW_GATEWAY_TOKEN or pass --token` };
	}

	const read = readGatewayConfigFile(configPath, { env, home, ...fs });
	if (!read.ok) return { ok: false, configPath, reason: read.message, message: `${read.message}; fix it, or pass --url and --token` };
	const config = read.config;
	const oenv = openClawEnv(env, { home, config, configPath, ...fs });
	const target = configuredGatewayUrl(config, oenv, env.OPENCLAW_PROFILE, configPath);
	if (!target.ok) return { ok: false, configPath, reason: target.message, message: target.message };
	const urlSummary =
		target.mode === 'remote'
			? `the gateway at ${target.url} (gateway.remote.url in ${configPath})`
			: `the gateway at ${target.url} (${portText(target.port, target.portSource, env.OPENCLAW_PROFILE, read.found, configPath, target.portFile)})`;
	const base = {
		url: target.url,
		urlSource: target.mode === 'remote' ? ('config-remote' as const) : ('local' as const),
		...(target.mode === 'local' ? { port: { value: target.port, source: target.portSource } } : {}),
		configPath,
		discovered: true,
	};
	const fileToken = configuredGatewayToken(config, oenv);

	if (tokenOverride) {
		const differs = fileToken?.input.kind === 'value' && fileToken.input.value !== tokenOverride && tokenSource === 'env';
		const note = differs ? ` (differs from ${fileToken.key} in ${configPath}, which openclaw 2026.8+ would use)` : '';
		const tokenFile = envToken?.file ? { tokenFile: envToken.file } : {};
		return { ok: true, ...base, token: tokenOverride, tokenSource, ...tokenFile, summary: `using ${urlSummary}, token from ${tokenText}${note}` };
	}
	const authMode = nonTokenAuthMode(config);
	if (authMode && fileToken?.input.kind !== 'value') {
		const reason = `the gateway in ${configPath} uses gateway.auth.mode "${authMode}"; this tool authenticates with the shared token only`;
		return { ok: false, configPath, reason, message: `no gateway token: ${reason} (set OPENCLAW_GATEWAY_TOKEN or pass --token if the gateway has one)` };
	}
	if (!fileToken || fileToken.input.kind === 'absent') {
		const reason = read.found ? `${configPath} has no gateway.auth.token` : `no OpenClaw config at ${configPath} (looked at ${CONFIG_PATH_LOOKUP})`;
		return { ok: false, configPath, reason, message: `no gateway token: ${reason}, and neither OPENCLAW_GATEWAY_TOKEN nor --token is set` };
	}
	if (fileToken.input.kind === 'unresolved') {
		const hint = /secret store/.test(fileToken.input.reason) ? ' (openclaw gateway auth-token --show prints it)' : '';
		const reason = `${fileToken.key} in ${configPath} ${fileToken.input.reason}`;
		return { ok: false, configPath, reason, message: `no gateway token: ${reason}; set OPENCLAW_GATEWAY_TOKEN${hint} or pass --token` };
	}
	const via = fileToken.input.viaEnv ? ` ($${fileToken.input.viaEnv})` : '';
	return {
		ok: true,
		...base,
		token: fileToken.input.value,
		tokenSource: 'config',
		tokenFile: configPath,
		summary: `using ${urlSummary}, token from ${fileToken.key}${via} in ${configPath}`,
	};
}

function envText(name: string, value: EnvValue | undefined): string {
	return value?.file ? `$${name} in ${value.file}` : `$${name}`;
}

function portText(port: number, source: PortSource, profile: string | undefined, found: boolean, file: string, portFile: string | undefined): string {
	const noPort = found ? `no gateway.port in ${file}` : `no config at ${file}`;
	switch (source) {
		case 'env':
			return `port ${port} from $OPENCLAW_GATEWAY_PORT${portFile ? ` in ${portFile}` : ''}`;
		case 'config':
			return `port ${port} from gateway.port in ${file}`;
		case 'profile':
			return `port ${port} of profile "${profile?.trim() ?? ''}", ${noPort}`;
		case 'default':
			return `default port ${port}, ${noPort}`;
	}
}
