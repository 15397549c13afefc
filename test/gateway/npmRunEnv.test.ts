// `npm run demo` must set up on a fresh machine: every installer child starts without what the outer `npm run` exported
// (scripts/cleanEnv.mjs). Measured through a real `npm run` on the system Node, and with the Node 24 the gateway and
// code-server install with (this layer installs it first, scripts/test.mjs): the inner npm must describe itself, not the
// outer one. code-server's postinstall refused exactly when $npm_config_user_agent still named the outer Node 20.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cleanEnv = path.join(repoRoot, 'scripts', 'cleanEnv.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-npmrun-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Run `script` as `npm run probe` in a scratch package, as `npm run demo` runs scripts/demo.mjs. */
function npmRun(script: string): string {
	fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ private: true, scripts: { probe: script } }));
	const r = spawnSync('npm', ['run', '--silent', 'probe'], { cwd: tmp, encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

function node24Bin(): string {
	const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'install-gateway.mjs'), '--print-paths'], { encoding: 'utf8' });
	const node = JSON.parse(r.stdout).node as { bin: string; installed: boolean };
	assert.ok(node.installed, `Node 24 missing at ${node.bin}: run node scripts/install-gateway.mjs`);
	return node.bin;
}

describe('the environment of setup steps started through npm run', () => {
	test('every variable and PATH entry npm run adds is removed, the rest is kept', async () => {
		const report = JSON.parse(npmRun(`node ${JSON.stringify(cleanEnv)} --report`)) as {
			userAgent: string;
			before: { names: string[]; pathDirs: string[] };
			after: { names: string[]; pathDirs: string[] };
			path: string;
		};
		// What npm run really exports (so the check below has something to remove).
		assert.match(report.userAgent, /^npm\/\S+ node\/v\d+/);
		for (const name of ['npm_config_user_agent', 'npm_lifecycle_event', 'npm_package_json', 'npm_execpath', 'NODE', 'INIT_CWD'])
			assert.ok(report.before.names.includes(name), name);
		assert.ok(
			report.before.pathDirs.some((d) => d.endsWith(path.join('node_modules', '.bin'))),
			report.before.pathDirs.join(':'),
		);
		assert.deepEqual(report.after, { names: [], pathDirs: [] });
		// This test may itself run under `npm test`: what that outer npm prepended is removed too, everything else is kept.
		const { npmRunLeaks } = (await import(pathToFileURL(cleanEnv).href)) as { npmRunLeaks: (env: NodeJS.ProcessEnv) => { pathDirs: string[] } };
		const npmDirs = npmRunLeaks(process.env).pathDirs;
		const ours = (process.env.PATH ?? '').split(':').filter((dir) => dir && !npmDirs.includes(dir));
		assert.ok(ours.length > 0, 'the PATH to compare with is not empty');
		for (const dir of ours) assert.ok(report.path.split(':').includes(dir), `kept ${dir}`);
	});

	test("an inner npm on Node 24 reports its own Node to install scripts once the outer npm's variables are gone", () => {
		const bin = node24Bin();
		// The inner install as scripts/node24.mjs runs it: Node 24 first on PATH. A file, not `node -e`: npm run's shell
		// would expand $npm_config_user_agent in an inline script itself.
		const probe = path.join(tmp, 'inner.mjs');
		fs.writeFileSync(
			probe,
			[
				`import { withoutNpmRunEnv } from ${JSON.stringify(pathToFileURL(cleanEnv).href)};`,
				"import { spawnSync } from 'node:child_process';",
				"const base = process.argv[2] === 'scrub' ? withoutNpmRunEnv() : { ...process.env };",
				`const env = { ...base, PATH: ${JSON.stringify(path.dirname(bin))} + ':' + base.PATH };`,
				"const r = spawnSync('npm', ['exec', '--yes', '-c', 'echo \"$npm_config_user_agent\"'], { env, encoding: 'utf8' });",
				'process.stdout.write(r.stdout);',
			].join('\n'),
		);
		const inner = (mode: 'scrub' | 'leak') => npmRun(`node ${JSON.stringify(probe)} ${mode}`);
		const node24 = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
		// Without the scrub the leak is real: the inner npm still names the outer Node (what code-server's postinstall read).
		assert.doesNotMatch(inner('leak'), new RegExp(` node/${node24} `));
		assert.match(inner('scrub'), new RegExp(`^npm/\\S+ node/${node24.replace(/\./g, '\\.')} `));
	});
});
