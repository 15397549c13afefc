import * as path from 'node:path';
import { runExtensionTestsInCodeServer } from './extensionTests';

/**
 * The program behind test/e2e/code-shim.sh: a stand-in "VS Code executable" for @vscode/test-electron's
 * runTests({ vscodeExecutablePath }). It reads the flags test-electron passes (the dev path, the tests path, the
 * profile dirs and a folder to open), ignores the Electron-only ones, and runs the tests in code-server.
 * Its exit code is the extension host's, which test-electron turns into the result.
 */
export async function main(argv: string[]): Promise<number> {
	const flags = new Map<string, string[]>();
	const positional: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
		if (!m) positional.push(a);
		else if (m[2] !== undefined) flags.set(m[1], [...(flags.get(m[1]) ?? []), m[2]]);
		else if (['user-data-dir', 'extensions-dir', 'extensionDevelopmentPath', 'extensionTestsPath'].includes(m[1]) && argv[i + 1] !== undefined) {
			flags.set(m[1], [...(flags.get(m[1]) ?? []), argv[++i]]);
		}
		// Every other flag (--no-sandbox, --disable-gpu-sandbox, --skip-welcome, …) is for Electron: ignored.
	}
	const one = (key: string) => flags.get(key)?.[0];
	const devPaths = flags.get('extensionDevelopmentPath') ?? [];
	const testsPath = one('extensionTestsPath');
	if (devPaths.length === 0 || !testsPath) {
		process.stderr.write('code-shim: only extension test runs are supported (--extensionDevelopmentPath=… --extensionTestsPath=…)\n');
		return 2;
	}
	if (devPaths.length > 1) process.stderr.write(`code-shim: one extensionDevelopmentPath is supported; using ${devPaths[0]}\n`);
	const abs = (p: string | undefined) => (p === undefined ? undefined : path.resolve(p));
	return runExtensionTestsInCodeServer({
		extensionDevelopmentPath: path.resolve(devPaths[0]),
		extensionTestsPath: path.resolve(testsPath),
		folder: abs(positional.at(-1)),
		userDataDir: abs(one('user-data-dir')),
		extensionsDir: abs(one('extensions-dir')),
	});
}

if (require.main === module) {
	// test-electron stops a run with SIGINT; the exit hook in codeServer.ts then takes code-server down.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error: unknown) => {
			process.stderr.write(`code-shim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exit(1);
		},
	);
}
