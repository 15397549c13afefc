// npm test: lint (the layers and the file-size limit included), typecheck + compile the tests, bundle dist/, then run
// every layer with node's test runner. `npm test -- unit dist` runs only those layers (folders under test/):
//   unit     in-process: no network, no child process but `node -e`
//   dist     the built dist/: the CLI as a process, the language server over stdio and node-IPC
//   fuzz     mutated documents through the language service, the CLI and the LSP server
//   gateway  real openclaw gateways (installed first by scripts/install-gateway.mjs)
// e2e runs inside a real VS Code: npm run test:e2e.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';

const known = ['unit', 'dist', 'fuzz', 'gateway'];
const layers = process.argv.slice(2);
for (const l of layers) {
	if (known.includes(l)) continue;
	console.error(`unknown test layer "${l}" (one of ${known.join(', ')}; e2e: npm run test:e2e)`);
	process.exit(2);
}
const run = (cmd, args) => {
	const r = spawnSync(cmd, args, { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
// A fresh out/: a test file that was moved or deleted must not run from an old compile.
rmSync('out', { recursive: true, force: true });
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
run(process.execPath, ['scripts/build.mjs']);
const dirs = (layers.length ? layers : known).map((l) => `out/test/${l}`);
const empty = dirs.filter((d) => !existsSync(d) || !readdirSync(d).some((f) => f.endsWith('.test.js')));
if (empty.length) {
	console.error(`no tests compiled in ${empty.join(', ')}`);
	process.exit(1);
}
// Install Node 24 + the pinned openclaw versions once, up front, rather than racing inside test files.
if (dirs.includes('out/test/gateway')) run(process.execPath, ['scripts/install-gateway.mjs']);
// One file at a time: the gateway layer starts real gateways (~1 GB each) that must not overlap on 2 cores.
run(process.execPath, ['--test', '--test-concurrency=1', ...dirs]);
