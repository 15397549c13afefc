import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NOW, pairedDevice, pairedFile } from '../../support/fixtures';
import { rangeOf } from '../../support/text';
import { repoRoot } from './paths';

// The round trip a real editor's LSP client makes with our server (test/e2e/neovim, test/e2e/emacs): its driver opens a
// paired.json, waits for the diagnostics, applies the preferred quick fix, saves, and writes what happened as JSON.

export const SERVER_JS = path.join(repoRoot, 'dist', 'server.js');
/** How long each of a driver's waits may take; the editor itself gets four times that before it is killed. */
export const WAIT_MS = 30_000;

export interface EditorDiagnostic {
	code: string;
	line: number;
	character: number;
	message: string;
}

/** What a driver writes (driver.lua, driver.el). */
export interface RoundTripResult {
	ok: boolean;
	error?: string;
	steps: string[] | null;
	diagnostics?: EditorDiagnostic[];
	offered?: { title: string; preferred: boolean }[];
	cleared?: boolean;
	diagnosticsAfterFix?: EditorDiagnostic[] | null;
}

export interface PairingScene {
	dir: string;
	/** Not named .openclaw: only the editor config's stateDir setting makes its files pairing files. */
	stateDir: string;
	file: string;
	text: string;
	resultFile: string;
}

/** A temp dir with a state dir holding a paired.json whose CLI device lacks operator.admin (one missing-scope fix). */
export function pairingScene(prefix: string): PairingScene {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
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
	return { dir, stateDir, file, text, resultFile: path.join(dir, 'result.json') };
}

/** The environment every driver reads, plus a HOME of its own so no user config or real state dir takes part. */
export function driverEnv(scene: PairingScene): Record<string, string> {
	return {
		OCP_SERVER_CMD: JSON.stringify([process.execPath, SERVER_JS, '--stdio']),
		OCP_STATE_DIR: scene.stateDir,
		OCP_FILE: scene.file,
		OCP_RESULT: scene.resultFile,
		OCP_TIMEOUT_MS: String(WAIT_MS),
		OPENCLAW_STATE_DIR: '',
		HOME: scene.dir,
		XDG_STATE_HOME: path.join(scene.dir, 'xdg-state'),
		XDG_CONFIG_HOME: path.join(scene.dir, 'xdg-config'),
	};
}

/** Run the editor until it quits by itself; a hang past the driver's own waits is a failure, not a wait forever. */
export function runEditor(command: string, args: string[], env: Record<string, string>, install: string): Promise<{ code: number | null; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.stdout.on('data', () => undefined);
		const guard = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${command} did not quit within ${(4 * WAIT_MS) / 1000} s; stderr: ${stderr}`));
		}, 4 * WAIT_MS);
		child.on('error', (error) => {
			clearTimeout(guard);
			reject(new Error(`could not run ${command} (${error.message}): ${install} installs it`));
		});
		child.on('exit', (code) => {
			clearTimeout(guard);
			resolve({ code, stderr });
		});
	});
}

/** The driver's result, and the file on disk after the fix: operator.admin granted where the gateway checks it, nothing lost. */
export function assertRoundTrip(scene: PairingScene, run: { code: number | null; stderr: string }): RoundTripResult {
	assert.ok(fs.existsSync(scene.resultFile), `the driver wrote no result (exit ${run.code}); stderr: ${run.stderr}`);
	const result = JSON.parse(fs.readFileSync(scene.resultFile, 'utf8')) as RoundTripResult;
	assert.ok(result.ok, `driver failed after [${(result.steps ?? []).join(', ')}]: ${result.error}`);

	const missing = result.diagnostics?.find((d) => d.code === 'missing-scope');
	assert.ok(missing, `a missing-scope diagnostic, got ${JSON.stringify(result.diagnostics)}`);
	assert.deepEqual({ line: missing.line, character: missing.character }, rangeOf(scene.text, '"approvedScopes"').start, 'at the approvedScopes key');
	assert.match(missing.message, /operator\.admin/);
	assert.ok(
		result.offered?.some((a) => a.preferred),
		`the menu offers a preferred fix: ${JSON.stringify(result.offered)}`,
	);
	assert.equal(result.cleared, true, `diagnostics after the fix: ${JSON.stringify(result.diagnosticsAfterFix)}`);

	const saved = JSON.parse(fs.readFileSync(scene.file, 'utf8')) as Record<
		string,
		{ approvedScopes: string[]; scopes: string[]; tokens: { operator: { scopes: string[] } } }
	>;
	const [record] = Object.values(saved);
	assert.ok(record, 'the device record is still there');
	for (const list of [record.approvedScopes, record.scopes, record.tokens.operator.scopes]) assert.ok(list.includes('operator.admin'), JSON.stringify(list));
	assert.ok(record.approvedScopes.includes('operator.pairing') && record.approvedScopes.includes('operator.read'), 'nothing else dropped');
	return result;
}
