// Arguments of `devices`, `approve` and `reject` (the live-gateway commands). The token may come from --token but
// the environment is preferred: command lines are visible to every user in `ps`.
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_GATEWAY_URL } from '../../core/src/pairing/defaults';
import { UsageError, walkArgv } from './args';

export type DevicesCommand = 'devices' | 'approve' | 'reject';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface DevicesOptions {
	command: DevicesCommand;
	/** approve/reject: the request to act on. */
	requestId: string | undefined;
	json: boolean;
	url: string;
	/** SECRET. Undefined when neither --token nor $OPENCLAW_GATEWAY_TOKEN is set. */
	token: string | undefined;
	identityPath: string;
	timeoutMs: number;
	allowInsecureRemote: boolean;
	help: boolean;
}

export function parseDevicesArgs(command: DevicesCommand, argv: string[], env: NodeJS.ProcessEnv): DevicesOptions {
	const options: DevicesOptions = {
		command,
		requestId: undefined,
		json: false,
		url: env.OPENCLAW_GATEWAY_URL?.trim() || DEFAULT_GATEWAY_URL,
		token: env.OPENCLAW_GATEWAY_TOKEN?.trim() || undefined,
		identityPath: defaultIdentityPath(env),
		timeoutMs: DEFAULT_TIMEOUT_MS,
		allowInsecureRemote: false,
		help: false,
	};
	const positional: string[] = [];
	for (const { flag, arg, value } of walkArgv(argv)) {
		switch (flag) {
			case '--json':
				options.json = true;
				break;
			case '--url':
				options.url = value();
				break;
			case '--token':
				options.token = value();
				break;
			case '--identity':
				options.identityPath = path.resolve(value());
				break;
			case '--timeout': {
				const raw = value();
				const ms = Number(raw);
				if (!/^\d+$/.test(raw) || !Number.isSafeInteger(ms) || ms <= 0)
					throw new UsageError(`--timeout must be a positive number of milliseconds (got "${raw}")`);
				options.timeoutMs = ms;
				break;
			}
			case '--allow-insecure-remote':
				options.allowInsecureRemote = true;
				break;
			case '-h':
			case '--help':
				options.help = true;
				break;
			default:
				if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
				positional.push(arg);
		}
	}
	if (options.help) return options;
	if (command === 'devices') {
		if (positional.length > 0) throw new UsageError(`devices takes no arguments (got "${positional[0]}")`);
	} else {
		if (positional.length !== 1) throw new UsageError(`${command} needs exactly one request id (see: openclaw-pairing devices)`);
		options.requestId = positional[0];
	}
	return options;
}

/** $XDG_CONFIG_HOME/openclaw-pairing/identity.json, else ~/.config/openclaw-pairing/identity.json. */
export function defaultIdentityPath(env: NodeJS.ProcessEnv): string {
	const xdg = env.XDG_CONFIG_HOME?.trim();
	// The XDG spec says relative values are invalid and must be ignored.
	const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME?.trim() || os.homedir(), '.config');
	return path.join(base, 'openclaw-pairing', 'identity.json');
}

export const DEVICES_USAGE = `Usage: openclaw-pairing devices [--json] [options]
       openclaw-pairing approve <requestId> [--json] [options]
       openclaw-pairing reject <requestId> [--json] [options]

Talks to a running OpenClaw gateway over its WebSocket API:
  devices    list pending pairing requests and paired devices (token values are never shown)
  approve    approve one pending request by its exact id (re-lists first: a superseded
             or expired request is reported, never approved blindly)
  reject     reject one pending request

This CLI connects as its own device (an Ed25519 identity kept in --identity) with the
scopes operator.pairing and operator.read, authenticated by the shared gateway token.
If the gateway has not approved this device yet, it says which command approves it.

Options:
  --url URL                gateway URL (default: $OPENCLAW_GATEWAY_URL, else ${DEFAULT_GATEWAY_URL})
  --token TOKEN            shared gateway token (default: $OPENCLAW_GATEWAY_TOKEN; prefer the
                           variable, command lines are visible to other users)
  --identity FILE          this CLI's device identity, created on first use (default:
                           $XDG_CONFIG_HOME/openclaw-pairing/identity.json, else
                           ~/.config/openclaw-pairing/identity.json)
  --timeout MS             connect and request timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --allow-insecure-remote  allow plaintext ws:// to a host that is not loopback
  --json                   machine-readable output: devices prints {"pending":[…],"paired":[…]}
                           with the gateway's field names
  -h, --help               this help

Exit status: 0 done, 1 the gateway refused or the action failed, 2 bad usage,
unreachable gateway or unreadable identity file.`;
