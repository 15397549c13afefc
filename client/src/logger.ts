import type * as vscode from 'vscode';
import type { Logger } from '../../core/src/pairing/types';

/**
 * The pairing model's logger on the output channel; protocol trace only when the user turns it on. `prefix` (the
 * gateway's name, with several gateways) starts every line, so the log says which gateway each line is about.
 */
export function channelLogger(channel: vscode.LogOutputChannel, trace: () => boolean, prefix: () => string = () => ''): Logger {
	return {
		info: (m) => channel.info(`${prefix()}${m}`),
		warn: (m) => channel.warn(`${prefix()}${m}`),
		error: (m) => channel.error(`${prefix()}${m}`),
		trace: (m) => {
			if (trace()) channel.info(`${prefix()}[trace] ${m}`);
		},
	};
}
