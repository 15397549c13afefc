import * as path from 'node:path';
import * as util from 'node:util';
import { isPlainObject, nodeConfigFs, type ConfigFs } from './configText';
import { resolveUserPath, STATE_DIR_NAME } from './stateLayout';

// The environment OpenClaw's CLI sees once it has started: the process environment, then (without overriding it)
// the global dotenv files it loads at startup (src/infra/dotenv-global-core.ts, 2026.9.6: <configDir>/.env and,
// for the default state dir, ~/.config/openclaw/gateway.env), then openclaw.json's own `env` block (`env.vars.X`
// and `env.X`, src/config/config-env-vars.ts). OPENCLAW_GATEWAY_TOKEN/_URL/_PORT, `${VAR}` in config values and
// env SecretRefs are all read from it. The working dir's .env is left out: OpenClaw blocks the gateway variables in
// it, and this tool's working dir is not the user's shell's.

export interface EnvValue {
	value: string;
	/** Where it was set: undefined for the process environment, else the file. */
	file: string | undefined;
}

export interface OpenClawEnv {
	/** The first non-blank value of `name`, and where it came from. */
	get(name: string): EnvValue | undefined;
}

/** OpenClaw caps each dotenv file at 1 MiB (MAX_DOTENV_FILE_BYTES). */
const MAX_DOTENV_BYTES = 1024 * 1024;

/** The folder of the global .env: $OPENCLAW_STATE_DIR, else the config file's folder, else ~/.openclaw (src/utils.ts resolveConfigDir). */
export function dotEnvDir(env: NodeJS.ProcessEnv, home: string): string {
	const stateDir = env.OPENCLAW_STATE_DIR?.trim();
	if (stateDir) return resolveUserPath(stateDir, home);
	const configPath = env.OPENCLAW_CONFIG_PATH?.trim();
	return configPath ? path.dirname(resolveUserPath(configPath, home)) : path.join(home, STATE_DIR_NAME);
}

/** The dotenv files OpenClaw loads, first wins (src/infra/dotenv-global-core.ts resolveGlobalDotEnvPaths). */
export function dotEnvFiles(env: NodeJS.ProcessEnv, home: string): string[] {
	const stateEnv = path.join(dotEnvDir(env, home), '.env');
	const defaultStateEnv = path.join(home, STATE_DIR_NAME, '.env');
	const withGatewayEnv = env.OPENCLAW_STATE_DIR?.trim() === undefined || path.resolve(stateEnv) === path.resolve(defaultStateEnv);
	return withGatewayEnv ? [stateEnv, path.join(home, '.config', 'openclaw', 'gateway.env')] : [stateEnv];
}

export function openClawEnv(
	env: NodeJS.ProcessEnv,
	options: { home: string; config?: Record<string, unknown>; configPath?: string; fs?: ConfigFs },
): OpenClawEnv {
	const layers: { vars: Record<string, string | undefined>; file: string | undefined }[] = [{ vars: env, file: undefined }];
	for (const file of dotEnvFiles(env, options.home)) {
		const vars = readDotEnv(file, options.fs ?? nodeConfigFs);
		if (vars) layers.push({ vars, file });
	}
	if (options.config) layers.push({ vars: configEnvBlock(options.config), file: options.configPath });
	return {
		get(name) {
			for (const layer of layers) {
				const value = layer.vars[name];
				if (value?.trim()) return { value, file: layer.file };
			}
			return undefined;
		},
	};
}

/** openclaw.json's `env`: `env.vars.X` and plain string `env.X` (not `shellEnv`), portable names only, no `${…}` values. */
export function configEnvBlock(config: Record<string, unknown>): Record<string, string> {
	const block = config.env;
	if (!isPlainObject(block)) return {};
	const out: Record<string, string> = {};
	const add = (entries: Record<string, unknown>): void => {
		for (const [rawKey, value] of Object.entries(entries)) {
			const key = rawKey.trim();
			if (typeof value === 'string' && value.trim() && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !/\$\{[A-Z_][A-Z0-9_]*\}/.test(value)) out[key] = value;
		}
	};
	if (isPlainObject(block.vars)) add(block.vars);
	const { vars: _vars, shellEnv: _shellEnv, ...plain } = block;
	add(plain);
	return out;
}

/** A dotenv file's variables (node's util.parseEnv, the dotenv format OpenClaw reads), or undefined when absent or unreadable. */
function readDotEnv(file: string, io: ConfigFs): Record<string, string> | undefined {
	if (typeof util.parseEnv !== 'function') return undefined; // Node < 20.12: no parser, no dotenv
	try {
		const stat = io.stat(file);
		if (!stat.isFile() || stat.size > MAX_DOTENV_BYTES) return undefined;
		const parsed = util.parseEnv(io.readFile(file).toString('utf8'));
		return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
	} catch {
		return undefined; // OpenClaw reads these quietly too
	}
}
