// Arguments of `doctor`: its own (--device, --request, --state-dir, the error line) and the devices command's
// connection options, which go to that command's own parser (devicesArgs.ts) untouched.
import { UsageError, walkArgv } from './args';
import { DevicesOptions, parseDevicesArgs } from './devicesArgs';

export interface DoctorOptions {
	/** The error line from the arguments (words joined by spaces), undefined when none was given. */
	line: string | undefined;
	deviceId: string | undefined;
	requestId: string | undefined;
	stateDir: string | undefined;
	connection: DevicesOptions;
	json: boolean;
	help: boolean;
}

/**
 * `doctor [options] [ERROR LINE…]`: words that are not options make up the line (quoting it is optional; after `--`
 * everything is the line). A connection option's value is never taken for a word of the line: whether an option takes
 * a value is asked of the devices parser itself, so a new option there needs no change here.
 */
export function parseDoctorArgs(argv: string[], env: NodeJS.ProcessEnv): DoctorOptions {
	const own: Pick<DoctorOptions, 'deviceId' | 'requestId' | 'stateDir'> = { deviceId: undefined, requestId: undefined, stateDir: undefined };
	const words: string[] = [];
	const passOn: string[] = [];
	for (const item of walkArgv(argv)) {
		const { flag, arg, value, rest } = item;
		switch (flag) {
			case '--device':
				own.deviceId = checkedId(value(), flag);
				break;
			case '--request':
				own.requestId = checkedId(value(), flag);
				break;
			case '--state-dir':
				own.stateDir = value();
				break;
			case '--':
				words.push(...rest());
				break;
			default:
				if (!arg.startsWith('-') || arg === '-') {
					words.push(arg);
				} else if (arg.includes('=') || !takesValue(flag, env)) {
					passOn.push(arg);
				} else {
					passOn.push(arg, value());
				}
		}
	}
	const connection = parseDevicesArgs('devices', passOn, env);
	const line = words.length ? words.join(' ') : undefined;
	return { ...own, line, connection, json: connection.json, help: connection.help };
}

/** Ask the devices parser: an option that takes a value fails alone with "<flag> needs a value". */
function takesValue(flag: string, env: NodeJS.ProcessEnv): boolean {
	try {
		parseDevicesArgs('devices', [flag], env);
		return false;
	} catch (error) {
		return error instanceof UsageError && error.message === `${flag} needs a value`;
	}
}

function checkedId(id: string, flag: string): string {
	const trimmed = id.trim();
	if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(trimmed)) throw new UsageError(`${flag} needs an id (letters, digits, ".", "_", ":" and "-"; got "${id}")`);
	return trimmed;
}

export const DOCTOR_USAGE = `Usage: openclaw-pairing doctor [ERROR LINE…] [--json] [options]
       openclaw-pairing doctor --request <requestId> | --device <deviceId> [--json] [options]
       <command that failed> 2>&1 | openclaw-pairing doctor [--json] [options]

"Why is this device not connecting?": reads the error line a device or client shows (a close
reason such as "Disconnected (1008): pairing required", an openclaw CLI error, "missing scope:
operator.admin", a gateway error as JSON…), checks it against the running gateway's pending
requests and paired devices and the state dir's files, and prints the reason and the one
command that fixes it. A line it does not know is reported as not recognised, with the list of
lines it knows; it never guesses. Without a line (and nothing piped in) it diagnoses every
pending request and every device stuck on a revoked token.

Options:
  --request ID       the pending request to diagnose (instead of, or with, a line)
  --device ID        the device to diagnose (the auth lines name none)
  --state-dir DIR    the OpenClaw state dir to look at (default: as openclaw finds it)
  --json             machine-readable: {"line", "gateway", "diagnoses": [{reason, summary,
                     details, fix: {title, cliCommand, vscodeCommand?}}]}
  and the connection options of "openclaw-pairing devices" (--url, --token, --profile,
  --identity, --timeout, --as-device, --allow-insecure-remote; see: openclaw-pairing devices --help)

Exit status: 0 diagnosed, 1 line not recognised or nothing found, 2 bad usage or the gateway
could not be reached or refused this CLI.`;
