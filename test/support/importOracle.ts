// OpenClaw's own JSON→SQLite pairing import as an oracle: test/support/importOracleChild.mjs runs it from the installed
// dist (Node 24, the dist's engine) on a batch of paired.json files in one child process and reports what it read back.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureInstalled } from './gatewayInstall';

const MARKER = '@@import-oracle@@';

export interface OracleCase {
	paired: string;
	/** A paired.json imported first, so its rows are already in SQLite. */
	existing?: string;
}

export interface OracleResult {
	/** The import threw (files left in place). */
	error?: string;
	/** The import wrote, but the gateway's row reader throws on the table. */
	unreadable?: string;
	/** deviceIds in SQLite before the case's import. */
	existingIds: string[];
	/** The paired devices as the gateway reads them (absent when unreadable). */
	paired?: Record<string, Record<string, unknown>>;
	/** paired.json was renamed paired.json.migrated. */
	archived: boolean;
}

function childScript(): string {
	for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
		const candidate = path.join(dir, 'test', 'support', 'importOracleChild.mjs');
		if (fs.existsSync(candidate)) return candidate;
	}
	throw new Error(`test/support/importOracleChild.mjs not found above ${__dirname}`);
}

/** Run OpenClaw `version`'s import on each case, in order, in one child process. */
export async function runImportOracle(version: string, cases: readonly OracleCase[]): Promise<OracleResult[]> {
	const paths = await ensureInstalled(version);
	const install = paths.openclaw[version];
	if (!install) throw new Error(`openclaw@${version} is not installed`);
	const dist = path.join(install.pkgDir, 'dist');
	const child = spawn(paths.node.bin, [childScript()], { stdio: ['pipe', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
	child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
	const exit = new Promise<number>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (code) => resolve(code ?? -1));
	});
	child.stdin.end(JSON.stringify({ dist, cases }));
	const code = await exit;
	if (code !== 0) throw new Error(`import oracle for ${version} exited ${code}: ${stderr.slice(-2000)}`);
	const at = stdout.lastIndexOf(MARKER);
	if (at < 0) throw new Error(`import oracle for ${version} printed no result: ${stdout.slice(-2000)}`);
	return JSON.parse(stdout.slice(at + MARKER.length)) as OracleResult[];
}
