import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { NOW, pairedDevice, pairedFile } from '../../support/fixtures';
import { rangeOf } from '../../support/text';
import { repoRoot } from '../support/paths';

// A real headless Neovim (Debian's package, scripts/install-neovim.mjs) with the shipped editors/neovim config opens a
// paired.json in a state dir known only through the stateDir setting, gets our server's diagnostics, picks the
// preferred quick fix from its code-action menu and writes the file. driver.lua does the editor side.

const NVIM = process.env.OPENCLAW_E2E_NVIM || 'nvim';
const CONFIG = path.join(repoRoot, 'editors', 'neovim', 'openclaw-pairing.lua');
const DRIVER = path.join(repoRoot, 'test', 'e2e', 'neovim', 'driver.lua');
const SERVER = path.join(repoRoot, 'dist', 'server.js');
const WAIT_MS = 30_000;

interface NvimDiagnostic {
	code: string;
	line: number;
	character: number;
	message: string;
}
interface DriverResult {
	ok: boolean;
	error?: string;
	steps: string[];
	diagnostics?: NvimDiagnostic[];
	offered?: { title: string; preferred: boolean }[];
	menuKind?: string;
	cleared?: boolean;
	diagnosticsAfterFix?: NvimDiagnostic[];
}

/** Run nvim headless on the driver until it quits by itself; a hang past the driver's own waits is a failure. */
function runNeovim(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(NVIM, ['--headless', '--clean', '-n', '-c', `luafile ${DRIVER}`], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.stdout.on('data', () => undefined);
		const guard = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`nvim did not quit within ${(4 * WAIT_MS) / 1000} s; stderr: ${stderr}`));
		}, 4 * WAIT_MS);
		child.on('error', (error) => {
			clearTimeout(guard);
			reject(new Error(`could not run ${NVIM} (${error.message}): node scripts/install-neovim.mjs installs it`));
		});
		child.on('exit', (code) => {
			clearTimeout(guard);
			resolve({ code, stderr });
		});
	});
}

test('Neovim: diagnostics from the server, the preferred quick fix through its LSP client, the fixed file saved', async (t) => {
	const version = spawnSync(NVIM, ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
	t.diagnostic(version || `${NVIM} not found`);
	assert.ok(fs.existsSync(SERVER), `${SERVER} missing: node scripts/build.mjs`);

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-nvim-'));
	try {
		// Not named .openclaw: only the stateDir setting (through workspace/configuration) makes it a pairing file.
		const stateDir = path.join(dir, 'vps-state');
		const file = path.join(stateDir, 'devices', 'paired.json');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		const text = pairedFile(
			pairedDevice({
				scopes: ['operator.pairing', 'operator.read'],
				approvedScopes: ['operator.pairing', 'operator.read'],
				lastSeenAtMs: NOW,
				createdAtMs: NOW,
				approvedAtMs: NOW,
			}),
		);
		fs.writeFileSync(file, `${text}\n`);
		const resultFile = path.join(dir, 'result.json');

		const run = await runNeovim({
			OCP_CONFIG: CONFIG,
			OCP_SERVER_CMD: JSON.stringify([process.execPath, SERVER, '--stdio']),
			OCP_STATE_DIR: stateDir,
			OCP_FILE: file,
			OCP_RESULT: resultFile,
			OCP_TIMEOUT_MS: String(WAIT_MS),
			// Keep the user's real state dir out of it.
			OPENCLAW_STATE_DIR: '',
			HOME: dir,
			XDG_STATE_HOME: path.join(dir, 'xdg-state'),
		});
		assert.ok(fs.existsSync(resultFile), `the driver wrote no result (nvim exit ${run.code}); stderr: ${run.stderr}`);
		const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as DriverResult;
		assert.ok(result.ok, `driver failed after [${result.steps.join(', ')}]: ${result.error}`);

		const missing = result.diagnostics?.find((d) => d.code === 'missing-scope');
		assert.ok(missing, `a missing-scope diagnostic, got ${JSON.stringify(result.diagnostics)}`);
		const at = rangeOf(text, '"approvedScopes"').start;
		assert.deepEqual({ line: missing.line, character: missing.character }, at, 'at the approvedScopes key, as the server ranges it');
		assert.match(missing.message, /operator\.admin/);

		assert.equal(result.menuKind, 'codeaction');
		assert.ok(
			result.offered?.some((a) => a.preferred),
			`the menu offers a preferred fix: ${JSON.stringify(result.offered)}`,
		);
		assert.equal(result.cleared, true, `diagnostics after the fix: ${JSON.stringify(result.diagnosticsAfterFix)}`);

		// What Neovim wrote to disk: the fix granted operator.admin everywhere the gateway checks it.
		const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<
			string,
			{ approvedScopes: string[]; scopes: string[]; tokens: { operator: { scopes: string[] } } }
		>;
		const [record] = Object.values(saved);
		assert.ok(record, 'the device record is still there');
		for (const list of [record.approvedScopes, record.scopes, record.tokens.operator.scopes]) assert.ok(list.includes('operator.admin'), JSON.stringify(list));
		assert.ok(record.approvedScopes.includes('operator.pairing') && record.approvedScopes.includes('operator.read'), 'nothing else dropped');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
