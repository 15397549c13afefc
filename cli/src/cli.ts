#!/usr/bin/env node
import { CHECK_USAGE, parseCheckArgs, UsageError } from './args';
import { runCheck } from './check';
import { isDevicesCommand, runDevicesCommand } from './devices';
import { runDoctorCommand } from './doctor';

const USAGE = `Usage: openclaw-pairing <command> [options]

Commands:
  check [FILES…]       validate OpenClaw pairing files (see: openclaw-pairing check --help)
  devices              list pending requests and paired devices of a running gateway
  approve <requestId>  approve a pending pairing request
  reject <requestId>   reject a pending pairing request
                       (see: openclaw-pairing devices --help)
  doctor [ERROR LINE…] why a device is not connecting: the reason and the command that fixes it
                       (see: openclaw-pairing doctor --help)`;

async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	try {
		if (isDevicesCommand(command)) return await runDevicesCommand(command, rest);
		if (command === 'doctor') return await runDoctorCommand(rest);
		switch (command) {
			case 'check': {
				const options = parseCheckArgs(rest);
				if (options.help) {
					process.stdout.write(`${CHECK_USAGE}\n`);
					return 0;
				}
				const outcome = await runCheck(options);
				process.stdout.write(`${outcome.output}\n`);
				return outcome.exitCode;
			}
			case undefined:
			case '-h':
			case '--help':
				process.stdout.write(`${USAGE}\n`);
				return command === undefined ? 2 : 0;
			default:
				throw new UsageError(`unknown command "${command}"`);
		}
	} catch (error) {
		if (error instanceof UsageError) {
			process.stderr.write(`openclaw-pairing: ${error.message}\n${USAGE}\n`);
			return 2;
		}
		// A bug, not bad input: say so in one line and keep the exit status distinct from "errors found".
		process.stderr.write(`openclaw-pairing: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
		return 2;
	}
}

// `check … | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
	throw error;
});

void main(process.argv.slice(2)).then((code) => {
	process.exitCode = code;
});
