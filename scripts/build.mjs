// Bundles the extension client, the language server and the CLI with esbuild (one file each, no node_modules needed).
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node18',
	sourcemap: false,
	minifySyntax: true,
	logLevel: 'info',
	legalComments: 'none',
	// jsonc-parser's "main" is a UMD build esbuild can't follow; its ESM build bundles cleanly.
	mainFields: ['module', 'main'],
};
const builds = [
	{ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
	// Also the npm package's `openclaw-pairing-language-server` bin (other editors run it with --stdio), hence the shebang.
	{ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
	{ ...common, entryPoints: ['cli/src/cli.ts'], outfile: 'dist/cli.js' },
];
if (watch) {
	for (const options of builds) await (await esbuild.context(options)).watch();
} else {
	await Promise.all(builds.map((options) => esbuild.build(options)));
}
// sql.js's engine, read from next to the bundles (core/src/openclaw/sqliteDatabase.ts SQL_WASM_FILE): esbuild can't inline it.
fs.mkdirSync('dist', { recursive: true });
fs.copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
