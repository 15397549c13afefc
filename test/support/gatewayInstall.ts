// Where the pinned Node 24 + openclaw installs are, installed through scripts/install-gateway.mjs when missing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface InstallPaths {
	node: { bin: string; installed: boolean };
	openclaw: Record<string, { prefix: string; pkgDir: string; entry: string; installed: boolean }>;
}

function findRepoRoot(): string {
	for (let dir = __dirname; ; dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'scripts', 'install-gateway.mjs'))) return dir;
		if (path.dirname(dir) === dir) throw new Error('scripts/install-gateway.mjs not found above ' + __dirname);
	}
}

const installs = new Map<string, Promise<InstallPaths>>();

/** Install Node 24 + openclaw@version through the project's script when missing (once per process). */
export function ensureInstalled(version: string): Promise<InstallPaths> {
	let p = installs.get(version);
	if (!p) {
		p = (async () => {
			let paths = await printPaths(version);
			if (!paths.node.installed || !paths.openclaw[version]?.installed) {
				const code = await run(process.execPath, [installScript(), '--version', version], 'inherit-stderr');
				if (code !== 0) throw new Error(`install-gateway.mjs --version ${version} failed (exit ${code})`);
				paths = await printPaths(version);
			}
			if (!paths.node.installed || !paths.openclaw[version]?.installed) throw new Error(`openclaw@${version} is not installed`);
			return paths;
		})();
		installs.set(version, p);
		p.catch(() => installs.delete(version));
	}
	return p;
}

function installScript(): string {
	return path.join(findRepoRoot(), 'scripts', 'install-gateway.mjs');
}

async function printPaths(version: string): Promise<InstallPaths> {
	let stdout = '';
	const code = await run(process.execPath, [installScript(), '--print-paths', '--version', version], (s) => (stdout += s));
	if (code !== 0) throw new Error(`install-gateway.mjs --print-paths failed (exit ${code})`);
	return JSON.parse(stdout) as InstallPaths;
}

function run(cmd: string, args: string[], stdout: 'inherit-stderr' | ((chunk: string) => void)): Promise<number> {
	return new Promise((resolve, reject) => {
		// Install chatter goes to stderr: node:test parses the test process's stdout.
		const child = spawn(cmd, args, { stdio: ['ignore', stdout === 'inherit-stderr' ? 2 : 'pipe', 2] });
		if (typeof stdout === 'function') child.stdout?.on('data', (b: Buffer) => stdout(b.toString('utf8')));
		child.once('error', reject);
		child.once('close', (code) => resolve(code ?? -1));
	});
}
