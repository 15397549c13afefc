// Arguments of `devices`, `approve` and `reject` (the live-gateway commands). The token may come from --token but
// the environment is preferred: command lines are visible to every user in `ps`.
import os from 'node:os';
import path from 'node:path';
import { findGatewayTarget, GatewayTargetResult } from '../../core/src/openclaw/gatewayTarget';
import { isValidProfileName } from '../../core/src/openclaw/stateLayout';
import { DEFAULT_GATEWAY_URL } from '../../core/src/pairing/defaults';
import { UsageError, walkArgv } from './args';
import { gatewaysFilePath, namedGatewayTarget } from './gatewaysFile';

export type DevicesCommand = 'devices' | 'approve' | 'reject';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface DevicesOptions {
	command: DevicesCommand;
	/** approve/reject: the request to act on. */
	requestId: string | undefined;
	json: boolean;
	/** --url, else $OPENCLAW_GATEWAY_URL, else the built-in default (before the openclaw.json lookup: see resolveDevicesTarget). */
	url: string;
	/** SECRET. --token, else $OPENCLAW_GATEWAY_TOKEN (before the openclaw.json lookup). */
	token: string | undefined;
	/** What was given on the command line, for the lookup. SECRET: token. */
	flags: { url?: string; token?: string; profile?: string; gateway?: string };
	identityPath: string;
	timeoutMs: number;
	allowInsecureRemote: boolean;
	/** --as-device: log in as this CLI's own paired device even on loopback with the shared token. */
	asDevice: boolean;
	help: boolean;
}

export function parseDevicesArgs(command: DevicesCommand, argv: string[], env: NodeJS.ProcessEnv): DevicesOptions {
	const options: DevicesOptions = {
		command,
		requestId: undefined,
		json: false,
		url: env.OPENCLAW_GATEWAY_URL?.trim() || DEFAULT_GATEWAY_URL,
		token: env.OPENCLAW_GATEWAY_TOKEN?.trim() || undefined,
		flags: {},
		identityPath: defaultIdentityPath(env),
		timeoutMs: DEFAULT_TIMEOUT_MS,
		allowInsecureRemote: false,
		asDevice: false,
		help: false,
	};
	const positional: string[] = [];
	for (const { flag, arg, value } of walkArgv(argv)) {
		switch (flag) {
			case '--json':
				options.json = true;
				break;
			case '--url':
				options.url = options.flags.url = value();
				break;
			case '--token':
				options.token = options.flags.token = value();
				break;
			case '--profile': {
				const profile = value();
				if (!isValidProfileName(profile.trim())) throw new UsageError(`--profile must be a profile name: letters, numbers, "_" and "-" (got "${profile}")`);
				options.flags.profile = profile.trim();
				break;
			}
			case '--gateway': {
				const name = value().trim();
				if (!name) throw new UsageError('--gateway needs the name of a gateway in gateways.json');
				options.flags.gateway = name;
				break;
			}
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
			case '--as-device':
				options.asDevice = true;
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
	if (options.flags.gateway && (options.flags.url || options.flags.profile))
		throw new UsageError('--gateway names the gateway itself: give it without --url or --profile');
	if (command === 'devices') {
		if (positional.length > 0) throw new UsageError(`devices takes no arguments (got "${positional[0]}")`);
	} else {
		if (positional.length !== 1) throw new UsageError(`${command} needs exactly one request id (see: openclaw-pairing devices)`);
		options.requestId = positional[0];
	}
	return options;
}

/**
 * The gateway URL and shared token: --url/--token and OPENCLAW_GATEWAY_URL/_TOKEN first, the rest from the
 * openclaw.json that `openclaw` itself reads in this environment (core/src/openclaw/gatewayTarget.ts).
 */
export function resolveDevicesTarget(options: DevicesOptions, env: NodeJS.ProcessEnv): GatewayTargetResult {
	if (options.flags.gateway) return namedGatewayTarget(options.flags.gateway, options.flags.token, env, gatewaysFilePath(env, configDir(env)));
	return findGatewayTarget({ flags: options.flags, env });
}

/** $XDG_CONFIG_HOME/openclaw-pairing/identity.json, else ~/.config/openclaw-pairing/identity.json. */
export function defaultIdentityPath(env: NodeJS.ProcessEnv): string {
	return path.join(configDir(env), 'identity.json');
}

/** $XDG_CONFIG_HOME/openclaw-pairing, else ~/.config/openclaw-pairing: the identity and gateways.json live there. */
function configDir(env: NodeJS.ProcessEnv): string {
	const xdg = env.XDG_CONFIG_HOME?.trim();
	// The XDG spec says relative values are invalid and must be ignored.
	const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME?.trim() || os.homedir(), '.config');
	return path.join(base, 'openclaw-pairing');
}

export const DEVICES_USAGE = `Usage: openclaw-pairing devices [--json] [options]
       openclaw-pairing approve <requestId> [--json] [options]
       openclaw-pairing reject <requestId> [--json] [options]

Talks to a running OpenClaw gateway over its WebSocket API:
  devices    list pending pairing requests and paired devices (token values are never shown)
  approve    approve one pending request by its exact id (re-lists first: a superseded
             or expired request is reported, never approved blindly)
  reject     reject one pending request

On a loopback URL with the shared gateway token this CLI logs in without a device, as
openclaw's own CLI does: it lists and approves at once, even on a strict gateway, with
operator.pairing and operator.read, and asks for operator.admin only for an approval that
needs it (a node). Elsewhere (or with --as-device) it is its own device, an Ed25519 identity
kept in --identity; if the gateway has not approved that device yet, it says which command
approves it, and an approval that needs more scope files the upgrade request.

Finding the gateway (as openclaw does; one line on stderr says which file and port):
  URL    --url, else $OPENCLAW_GATEWAY_URL, else from openclaw.json: gateway.remote.url when
         gateway.mode is "remote", else ws://127.0.0.1:<port> (wss:// with gateway.tls.enabled)
  port   $OPENCLAW_GATEWAY_PORT, else gateway.port, else a --profile's own port, else 18789
  token  --token, else $OPENCLAW_GATEWAY_TOKEN, else gateway.auth.token (remote mode:
         gateway.remote.token first); \${VAR} and env SecretRefs are read from the environment.
         A URL from --url or $OPENCLAW_GATEWAY_URL needs its token from there too.
         (openclaw 2026.8+ prefers gateway.auth.token over the variable; the stderr line
         says when the two differ.)
  file   $OPENCLAW_CONFIG_PATH, else $OPENCLAW_STATE_DIR/openclaw.json, else
         ~/.openclaw/openclaw.json (~ is $OPENCLAW_HOME or $HOME; legacy ~/.clawdbot and
         clawdbot.json when that is what exists). JSON5 with $include, like openclaw.
  Variables may also come from <state dir>/.env and openclaw.json's "env" block.

Options:
  --url URL                gateway URL (see above)
  --token TOKEN            shared gateway token (prefer $OPENCLAW_GATEWAY_TOKEN: command lines
                           are visible to other users)
  --gateway NAME           a gateway named in $XDG_CONFIG_HOME/openclaw-pairing/gateways.json
                           ($OPENCLAW_PAIRING_GATEWAYS: another file), the list the extension's
                           openclawPairing.gateways setting holds:
                             { "gateways": [{ "name": "vps", "url": "ws://127.0.0.1:28789",
                               "tokenEnv": "VPS_GATEWAY_TOKEN", "tlsFingerprint": "…" }] }
                           Its token: --token, else $<tokenEnv>, else $OPENCLAW_GATEWAY_TOKEN only
                           when $OPENCLAW_GATEWAY_URL is that gateway's URL
  --profile NAME           as openclaw --profile: ~/.openclaw-NAME (unless $OPENCLAW_STATE_DIR
                           names another dir) and that profile's port
  --identity FILE          this CLI's device identity, created on first use (default:
                           $XDG_CONFIG_HOME/openclaw-pairing/identity.json, else
                           ~/.config/openclaw-pairing/identity.json)
  --timeout MS             connect and request timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --allow-insecure-remote  allow plaintext ws:// to a host that is not loopback
  --as-device              log in as this CLI's own paired device even on loopback
  --json                   machine-readable output: devices prints {"pending":[…],"paired":[…]}
                           with the gateway's field names
  -h, --help               this help

Exit status: 0 done, 1 the gateway refused or the action failed, 2 bad usage,
unreachable gateway or unreadable identity file.`;
