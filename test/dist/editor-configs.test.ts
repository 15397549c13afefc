import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parse as parseJsonc, ParseError } from 'jsonc-parser';
import { NOW, pairedDevice, pairedFile } from '../support/fixtures';
import { LspClient } from '../support/lspClient';

// The editor configs in editors/ for the editors this machine can't run (Helix, Zed): the command they start is the
// package's bin, and the settings they hand over reach the real server in the shape it reads. Neovim and Emacs have
// real e2e tests (test/e2e/neovim, test/e2e/emacs).

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const editors = path.join(repoRoot, 'editors');
const read = (...p: string[]) => fs.readFileSync(path.join(editors, ...p), 'utf8');
const BIN = Object.keys((JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin).find((b) =>
	b.endsWith('-language-server'),
);
const PAIRING_PATHS = [
	'/home/u/.openclaw/devices/paired.json',
	'/home/u/.openclaw/devices/pending.json',
	'/home/u/.openclaw/identity/device.json',
	'/home/u/.openclaw/identity/device-auth.json',
	'/home/u/.openclaw/devices/paired.json.migrated',
];

// Helix's rule: a glob that is neither absolute nor starts with a wildcard gets "*/" put in front, and must match the
// whole path (globset, where * also crosses /).
function helixGlobMatches(glob: string, file: string): boolean {
	const full = glob.startsWith('/') || glob.startsWith('*') ? glob : `*/${glob}`;
	const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`^${full.split('*').map(escape).join('.*')}$`).test(file);
}

test('the package has a language-server bin for the configs to start', () => {
	assert.equal(BIN, 'openclaw-pairing-language-server');
});

test('Helix: starts the bin with --stdio, settings under openclawPairing, globs for exactly the pairing file names', () => {
	const toml = read('helix', 'languages.toml');
	assert.match(toml, new RegExp(`^command = "${BIN}"$`, 'm'));
	assert.match(toml, /^args = \["--stdio"\]$/m);
	assert.match(toml, /^config = \{ openclawPairing = \{ stateDir = "", requiredScopes = \[\] \} \}$/m);
	assert.match(toml, /^language-servers = \["openclaw-pairing"\]$/m);
	const globs = [...toml.matchAll(/\{ glob = "([^"]+)" \}/g)].map((m) => m[1]!);
	assert.ok(globs.length >= 4);
	for (const file of PAIRING_PATHS)
		assert.ok(
			globs.some((g) => helixGlobMatches(g, file)),
			`${file} matches a glob`,
		);
	for (const other of ['/home/u/project/package.json', '/home/u/.openclaw/openclaw.json', '/home/u/.openclaw/devices/notes.json'])
		assert.ok(!globs.some((g) => helixGlobMatches(g, other)), `${other} matches no glob`);
});

test('Zed: the extension declares the server the settings configure; its settings reach the real server', async () => {
	const extension = read('zed', 'extension', 'extension.toml');
	assert.match(extension, /^\[language_servers\.openclaw-pairing\]$/m);
	assert.match(read('zed', 'extension', 'src', 'lib.rs'), new RegExp(`const SERVER: &str = "${BIN}";`));

	// The shipped settings with a stateDir filled in, then used as they are: Zed answers workspace/configuration by
	// looking the section up by name in lsp.<server>.settings, as LspClient's `configuration` does.
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-zed-'));
	const text = read('zed', 'settings.json').replace(/"stateDir": ""/g, `"stateDir": ${JSON.stringify(dir)}`);
	const errors: ParseError[] = [];
	const settings = parseJsonc(text, errors) as {
		lsp: Record<string, { binary: { path: string; arguments: string[] }; settings: Record<string, unknown>; initialization_options: unknown }>;
		languages: Record<string, { language_servers: string[] }>;
	};
	assert.deepEqual(errors, []);
	const server = settings.lsp['openclaw-pairing'];
	assert.ok(server, 'lsp.openclaw-pairing');
	assert.equal(server.binary.path, BIN);
	for (const lang of ['JSON', 'JSONC']) assert.deepEqual(settings.languages[lang]?.language_servers, ['openclaw-pairing', '...']);

	try {
		assert.deepEqual(server.binary.arguments, ['--stdio']);
		// Each way on its own: settings through workspace/configuration, then initializationOptions for a client without it.
		await assertDiagnosesIn(dir, { configuration: server.settings });
		await assertDiagnosesIn(dir, { initializationOptions: server.initialization_options });
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

/** The server started as the config says gets a missing-scope diagnostic for a paired.json in `dir` (a state dir only the settings name). */
async function assertDiagnosesIn(dir: string, options: { configuration?: Record<string, unknown>; initializationOptions?: unknown }): Promise<void> {
	const client = new LspClient({ transport: 'stdio', command: { module: path.join(repoRoot, 'dist', 'server.js'), args: [] }, ...options });
	try {
		await client.initialize();
		const uri = pathToFileURL(path.join(dir, 'devices', 'paired.json')).href;
		const published = client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 15_000);
		await client.open(uri, pairedFile(pairedDevice({ scopes: ['operator.read'], approvedScopes: ['operator.read'], createdAtMs: NOW, approvedAtMs: NOW, lastSeenAtMs: NOW })));
		assert.ok((await published).diagnostics.some((d) => d.code === 'missing-scope'));
	} finally {
		await client.shutdown();
	}
}

test('Neovim and Emacs configs start the same bin', () => {
	assert.match(read('neovim', 'openclaw-pairing.lua'), new RegExp(`'${BIN}', '--stdio'`));
	assert.match(read('emacs', 'openclaw-pairing.el'), new RegExp(`"${BIN}" "--stdio"`));
});
