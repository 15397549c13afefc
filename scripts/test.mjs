// npm test: typecheck + compile the tests, bundle dist/, then run every layer with node's test runner.
// `npm test -- unit lsp` runs only those layers (folders under test/).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const layers = process.argv.slice(2);
const run = (cmd, args) => {
	const r = spawnSync(cmd, args, { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
run(process.execPath, ['scripts/build.mjs']);
const known = ['unit', 'lsp', 'fuzz', 'gateway'];
// e2e runs inside a real VS Code (npm run test:e2e), never under node --test.
for (const l of layers) {
	if (known.includes(l)) continue;
	console.error(`unknown test layer "${l}" (one of ${known.join(', ')}; e2e: npm run test:e2e)`);
	process.exit(2);
}
const dirs = (layers.length ? layers : known).map((l) => `out/test/${l}`).filter((d) => existsSync(d));
// Install Node 24 + the pinned openclaw versions once, up front, rather than racing inside test files.
if (dirs.includes('out/test/gateway')) run(process.execPath, ['scripts/install-gateway.mjs']);
// One file at a time: the gateway layer starts real gateways (~1 GB each) that must not overlap on 2 cores.
run(process.execPath, ['--test', '--test-concurrency=1', ...dirs]);
