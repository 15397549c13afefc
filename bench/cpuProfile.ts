/**
 * Preloaded into a server process (NODE_OPTIONS=--require …/cpuProfile.js; Node 20 refuses --cpu-prof in NODE_OPTIONS):
 * samples the CPU with the inspector from start to exit and writes <BENCH_CPU_PROF_DIR>/server-<pid>.cpuprofile,
 * the same format as `node --cpu-prof` (open it in Chrome DevTools or VS Code).
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
	const session = new Session();
	session.connect();
	session.post('Profiler.enable');
	session.post('Profiler.setSamplingInterval', { interval: 200 });
	session.post('Profiler.start');
	// The main-thread inspector session answers synchronously, so this completes inside the exit handler.
	process.on('exit', () => {
		session.post('Profiler.stop', (error, result) => {
			if (!error) fs.writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
		});
	});
}
