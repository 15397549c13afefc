import { CHECKABLE_KINDS } from '../../core/src/openclaw/fileKind';
import { pairingFileRelativePath, PairingFileKind, SQLITE_STORE_RELATIVE_PATH, STATE_DIR_NAME } from '../../core/src/openclaw/stateLayout';

export interface CheckOptions {
	files: string[];
	kind: PairingFileKind | undefined;
	json: boolean;
	stateDir: string | undefined;
	requiredScopes: string[];
	/** --gateway: check a running gateway's live state; the connection options as given, for the devices command's parser. */
	gateway?: string[] | undefined;
	help: boolean;
}

export class UsageError extends Error {}

export interface ArgvItem {
	/** The flag (`--url` of `--url=x`) or the plain argument. */
	flag: string;
	arg: string;
	/** The flag's value: inline (`--url=x`) or the next argument; a usage error when missing. */
	value(): string;
	/** Every argument after this one (for `--`); the walk then ends. */
	rest(): string[];
}

/** Walks argv for the CLI's parsers: one shape of `--flag value` / `--flag=value` handling for every command. */
export function* walkArgv(argv: string[]): Generator<ArgvItem> {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
		const flag = eq > 0 ? arg.slice(0, eq) : arg;
		const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
		yield {
			flag,
			arg,
			value: () => {
				const v = inline ?? argv[++i];
				if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
				return v;
			},
			rest: () => {
				const rest = argv.slice(i + 1);
				i = argv.length;
				return rest;
			},
		};
	}
}

const KINDS: readonly string[] = CHECKABLE_KINDS;

/**
 * Arguments of `check`; unknown flags are usage errors (exit 2), not silently ignored. With --gateway every argument
 * that is not check's own is a connection option (--url, --token, --profile…, with their values), left for the devices
 * command's parser (runCheck), which knows them and reports the bad ones.
 */
export function parseCheckArgs(argv: string[]): CheckOptions {
	const options: CheckOptions = { files: [], kind: undefined, json: false, stateDir: undefined, requiredScopes: [], help: false };
	const at = argv.indexOf('--gateway');
	const gateway: string[] | undefined = at >= 0 ? [] : undefined;
	// `--gateway NAME`: a gateway of gateways.json (the devices command's --gateway); with --gateway no FILES are taken.
	const named = at >= 0 && argv[at + 1] !== undefined && !argv[at + 1].startsWith('-') ? argv[at + 1] : undefined;
	if (named !== undefined) {
		gateway?.push('--gateway', named);
		argv = [...argv.slice(0, at + 1), ...argv.slice(at + 2)];
	}
	for (const { flag, arg, value, rest } of walkArgv(argv)) {
		switch (flag) {
			case '--gateway':
				break;
			case '--json':
				options.json = true;
				break;
			case '--kind': {
				const kind = value();
				if (!KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')} (got "${kind}")`);
				options.kind = kind as CheckOptions['kind'];
				break;
			}
			case '--state-dir':
				options.stateDir = value();
				break;
			case '--require-scope':
				options.requiredScopes.push(
					...value()
						.split(',')
						.map((s) => s.trim())
						.filter(Boolean),
				);
				break;
			case '-h':
			case '--help':
				options.help = true;
				break;
			case '--':
				options.files.push(...rest());
				break;
			default:
				if (gateway) gateway.push(arg);
				else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
				else options.files.push(arg);
		}
	}
	if (gateway) {
		if (options.files.length > 0 || options.stateDir !== undefined || options.kind !== undefined)
			throw new UsageError('--gateway checks the live state: it takes no FILES, --state-dir or --kind');
		options.gateway = gateway;
	}
	return options;
}

const [PAIRED, PENDING, DEVICE, DEVICE_AUTH] = CHECKABLE_KINDS.map(pairingFileRelativePath);

export const CHECK_USAGE = `Usage: openclaw-pairing check [FILES…] [options]

Checks OpenClaw pairing files (${PAIRED}, ${PENDING},
${DEVICE}, ${DEVICE_AUTH}). Without FILES, checks the
pairing state of the state dir ($OPENCLAW_STATE_DIR, else ~/${STATE_DIR_NAME}) in
whichever era it is: those files (OpenClaw up to 2026.7), or ${SQLITE_STORE_RELATIVE_PATH}
(2026.8 and later; read-only, safe while the gateway runs), whose records are
named ${SQLITE_STORE_RELATIVE_PATH}#device/<deviceId> and #request/<requestId>.
A FILE ending in .sqlite is read as such a database.

Options:
  --kind ${CHECKABLE_KINDS.join('|')}   treat FILES as this kind
  --state-dir DIR        state dir to check (and to recognize files under)
  --require-scope S[,S]  scopes every operator device must hold
  --gateway [NAME]       check the live state of a running gateway instead (device.pair.list),
                         with the devices command's --url, --token, --profile, --timeout,
                         --as-device, --identity (see: openclaw-pairing devices --help);
                         NAME: a gateway of gateways.json (devices --gateway NAME);
                         records are named <url>#device/<deviceId>
  --json                 machine-readable output
  -h, --help             this help

Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.`;
