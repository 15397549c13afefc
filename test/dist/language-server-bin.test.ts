import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { NOW, pairedDevice, pairedFile } from '../support/fixtures';

// The npm package as other editors get it: `npm pack` (what npm publish uploads, .npmignore applied), unpacked with no
// node_modules next to it, its bin linked as npm's bin-links does on POSIX (a symlink in node_modules/.bin; npm makes
// the target executable), then `openclaw-pairing-language-server --stdio` run by name from PATH through its shebang.
// Without the registry: a real `npm install` would resolve the (bundled, unused) dependencies online.

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const BIN = 'openclaw-pairing-language-server';
let dir: string;
let packageDir: string;
let packed: string[];

before(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-bin-'));
	const r = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' });
	assert.equal(r.status, 0, `npm pack failed: ${r.stderr}`);
	const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
	assert.ok(info);
	packed = info.files.map((f) => f.path);
	const modules = path.join(dir, 'node_modules');
	packageDir = path.join(modules, 'openclaw-pairing');
	fs.mkdirSync(packageDir, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', path.join(dir, path.basename(info.filename)), '-C', packageDir, '--strip-components=1'], { encoding: 'utf8' });
	assert.equal(untar.status, 0, `tar failed: ${untar.stderr}`);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the package ships the language-server bin: a bundled dist file with a node shebang, the license, the editor configs', () => {
	const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
	const target = manifest.bin[BIN];
	assert.ok(target, `package.json bin has ${BIN}`);
	assert.ok(packed.includes(path.posix.normalize(target)), `${target} is in the package: ${packed.join(', ')}`);
	assert.match(fs.readFileSync(path.join(packageDir, target), 'utf8').split('\n')[0] ?? '', /^#!\/usr\/bin\/env node$/);
	for (const need of ['LICENSE', 'dist/cli.js', 'editors/neovim/openclaw-pairing.lua', 'editors/helix/languages.toml', 'editors/zed/settings.json', 'editors/emacs/openclaw-pairing.el'])
		assert.ok(packed.includes(need), `${need} is in the package`);
	for (const leak of packed.filter((p) => /^(server|client|core|cli|test|scripts|node_modules)\/|\.ts$|\.map$/.test(p))) assert.fail(`${leak} should not be in the package`);
});

test(`${BIN} --stdio, run by name from the unpacked package, publishes diagnostics for a paired.json`, async () => {
	const target = (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin[BIN]!;
	const binDir = path.join(dir, 'node_modules', '.bin');
	fs.mkdirSync(binDir, { recursive: true });
	fs.symlinkSync(path.relative(binDir, path.join(packageDir, target)), path.join(binDir, BIN));
	fs.chmodSync(path.join(packageDir, target), 0o755);

	const child = spawn(BIN, ['--stdio'], {
		cwd: dir,
		env: { PATH: [binDir, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter), HOME: dir },
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const spawned = new Promise<void>((resolve, reject) => {
		child.once('spawn', resolve);
		child.once('error', reject);
	});
	await spawned;
	const connection: MessageConnection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
	try {
		const uri = pathToFileURL(path.join(dir, '.openclaw', 'devices', 'paired.json')).href;
		const published = new Promise<Diagnostic[]>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no diagnostics within 20 s; stderr: ${stderr}`)), 20_000);
			connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
				if (p.uri !== uri) return;
				clearTimeout(timer);
				resolve(p.diagnostics);
			});
		});
		// A server that dies fails the test at once, with its stderr, instead of at the timeout.
		const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the server exited (${code}); stderr: ${stderr}`))));
		exited.catch(() => undefined);
		connection.listen();
		// A plain client: no workspace/configuration, so the server takes initializationOptions.
		const init = (await Promise.race([
			connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: {} }),
			exited,
		])) as { serverInfo?: { name: string } };
		assert.equal(init.serverInfo?.name, 'openclaw-pairing');
		await connection.sendNotification('initialized', {});
		const text = pairedFile(pairedDevice({ scopes: ['operator.pairing', 'operator.read'], approvedScopes: ['operator.pairing', 'operator.read'], createdAtMs: NOW, approvedAtMs: NOW, lastSeenAtMs: NOW }));
		await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
		const diagnostics = await Promise.race([published, exited]);
		assert.ok(
			diagnostics.some((d) => d.code === 'missing-scope'),
			JSON.stringify(diagnostics.map((d) => d.code)),
		);
	} finally {
		child.removeAllListeners('exit');
		connection.dispose();
		child.kill();
	}
});
