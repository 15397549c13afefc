// One run of the e2e runner (test/e2e/runExtensionTests.ts: the runner's real gateway, code-server, the built extension
// in test mode) limited to the tests whose title matches `grep`; the test writes its samples to a file whose path it
// gets in OPENCLAW_E2E_BENCH_FILE. Returns what it wrote (parsed JSON). Needs `node scripts/install-vscode.mjs` once.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installPaths } from '../test/e2e/support/paths';

const REPO_ROOT = path.resolve(__dirname, '../..');
const RUNNER = path.join(REPO_ROOT, 'out', 'test', 'e2e', 'runExtensionTests.js');

export function runInExtensionHost(grep: string, env: Record<string, string>): unknown {
	installPaths(); // throws with the install command when code-server or Chromium is missing
	if (!fs.existsSync(RUNNER)) throw new Error(`${RUNNER} is missing: compile first (npm run bench does)`);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-exthost-'));
	const samplesFile = path.join(tmp, 'samples.json');
	const r = spawnSync(process.execPath, [RUNNER], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 2, 2], // the runner's chatter to stderr: stdout is the table's
		env: { ...process.env, ...env, OPENCLAW_E2E_GREP: grep, OPENCLAW_E2E_BENCH_FILE: samplesFile },
	});
	try {
		if (r.status !== 0) throw new Error(`the extension-host run failed (exit ${r.status})`);
		if (!fs.existsSync(samplesFile)) throw new Error('the extension host wrote no samples');
		return JSON.parse(fs.readFileSync(samplesFile, 'utf8')) as unknown;
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}
