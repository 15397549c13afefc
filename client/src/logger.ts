import type * as vscode from 'vscode';
import type { Logger } from '../../core/src/pairing/types';

/** The pairing model's logger on the output channel; protocol trace only when the user turns it on. */
export function channelLogger(channel: vscode.LogOutputChannel, trace: () => boolean): Logger {
	return {
		info: (m) => channel.info(m),
		warn: (m) => channel.warn(m),
		error: (m) => channel.error(m),
		trace: (m) => {
			if (trace()) channel.info(`[trace] ${m}`);
		},
	};
}
