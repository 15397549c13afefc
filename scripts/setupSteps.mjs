// Setup steps for the demo: each runs in a clean environment (cleanEnv.mjs), writes its whole output to one log file,
// and shows only progress on the terminal. Native builds print hundreds of lines (code-server's alone ~700); a
// newcomer needs to see that it moves and, when it fails, where to look.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { withoutNpmRunEnv } from './cleanEnv.mjs';

/** How often a silent step says it is still running. */
const HEARTBEAT_MS = 30_000;
/** Lines of the log shown when a step fails. */
const TAIL_LINES = 25;

/** The installers' own summary lines, e.g. "[install-vscode] installed code-server@… in 123.4 s". */
const PROGRESS_LINE = /^\[[a-z-]+\] /;

export class SetupLog {
	/** @param {string} file where every step's output goes; appended, so a rerun keeps the earlier attempt */
	constructor(file, say) {
		this.file = file;
		this.say = say;
		fs.appendFileSync(file, `\n==== ${new Date().toISOString()} setup ====\n`);
	}

	/**
	 * Run `cmd args` in `cwd`; resolves with its wall time in seconds, rejects with a message that names the log.
	 * @param {{ cwd: string, env?: Record<string, string> }} options
	 */
	run(what, cmd, args, options) {
		const t0 = performance.now();
		const out = fs.openSync(this.file, 'a');
		fs.writeSync(out, `\n---- ${what}: ${cmd} ${args.join(' ')}\n`);
		this.say(`${what}…`);
		return new Promise((resolve, reject) => {
			const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? withoutNpmRunEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
			const heartbeat = setInterval(() => this.say(`  … ${what}: ${((performance.now() - t0) / 1000).toFixed(0)} s`), HEARTBEAT_MS);
			let partial = '';
			child.stdout.on('data', (chunk) => {
				fs.writeSync(out, chunk);
				const lines = (partial + chunk.toString('utf8')).split('\n');
				partial = lines.pop() ?? '';
				for (const line of lines) if (PROGRESS_LINE.test(line)) this.say(`  ${line}`);
			});
			child.stderr.on('data', (chunk) => fs.writeSync(out, chunk));
			const finish = (error) => {
				clearInterval(heartbeat);
				fs.closeSync(out);
				const seconds = (performance.now() - t0) / 1000;
				if (!error) return resolve(seconds);
				reject(new Error(`${what} failed (${error}) after ${seconds.toFixed(0)} s. Last lines of ${this.file}:\n${this.tail()}`));
			};
			child.on('error', (err) => finish(err.message));
			child.on('close', (code, signal) => finish(code === 0 ? undefined : `exit ${code ?? signal}`));
		});
	}

	tail() {
		const lines = fs.readFileSync(this.file, 'utf8').trimEnd().split('\n');
		return lines
			.slice(-TAIL_LINES)
			.map((l) => `    ${l}`)
			.join('\n');
	}
}
