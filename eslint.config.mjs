// One linter for the whole tree: typescript-eslint's recommended rules, the file-size limit, and the layers.
//
// Layers import one way (README "Architecture"): core/ ← server/ ← cli/, and core/ ← client/. The rule is
// no-restricted-imports per folder rather than TypeScript project references: one tsconfig keeps `tsc -p .` and the
// test build as they are, and a wrong import fails `npm run lint` (and so `npm test` and CI) with a message that
// names the rule it breaks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const VSCODE = { name: 'vscode', message: 'Only client/ (the VS Code glue) and the VS Code tests may import vscode.' };
const LSP_CLIENT = { name: 'vscode-languageclient', message: 'Only client/ talks to the language server, and only over LSP.' };
const LSP_CLIENT_NODE = { name: 'vscode-languageclient/node', message: LSP_CLIENT.message };
const LSP_SERVER = { name: 'vscode-languageserver', message: 'Only the LSP glue in server/src/*.ts may import vscode-languageserver.' };
const LSP_SERVER_NODE = { name: 'vscode-languageserver/node', message: LSP_SERVER.message };
const folder = (name, message) => ({ group: [`**/${name}/src`, `**/${name}/src/**`], message });
const INTO_SERVER = (who) => folder('server', `${who} must not import server/: it reaches the language service only over LSP.`);
const INTO_CLI = (who) => folder('cli', `${who} must not import cli/: the CLI sits on top.`);
const INTO_CLIENT = (who) => folder('client', `${who} must not import client/: the VS Code glue sits on top.`);
const layer = (files, paths, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });

export default tseslint.config(
	{ ignores: ['node_modules/', 'out/', 'out-*/', 'dist/', '.cache/', 'test-results/', 'bench-results/', 'media/', '**/*.vsix'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { console: 'readonly', process: 'readonly' } },
		rules: {
			// Node's `catch {}` and deliberately unused `_args` are fine; anything else unused is a mistake.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
			'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
		},
	},
	{
		files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
		languageOptions: {
			globals: {
				console: 'readonly',
				process: 'readonly',
				performance: 'readonly',
				fetch: 'readonly',
				setTimeout: 'readonly',
				clearTimeout: 'readonly',
				setInterval: 'readonly',
				clearInterval: 'readonly',
				URL: 'readonly',
			},
		},
	},
	layer(['core/src/**'], [VSCODE, LSP_CLIENT, LSP_CLIENT_NODE, LSP_SERVER, LSP_SERVER_NODE], [INTO_SERVER('core/'), INTO_CLI('core/'), INTO_CLIENT('core/')]),
	layer(['server/src/**'], [VSCODE, LSP_CLIENT, LSP_CLIENT_NODE], [INTO_CLI('server/'), INTO_CLIENT('server/')]),
	layer(
		['server/src/service/**'],
		[VSCODE, LSP_CLIENT, LSP_CLIENT_NODE, LSP_SERVER, LSP_SERVER_NODE],
		[INTO_CLI('The language service'), INTO_CLIENT('The language service')],
	),
	layer(['cli/src/**'], [VSCODE, LSP_CLIENT, LSP_CLIENT_NODE, LSP_SERVER, LSP_SERVER_NODE], [INTO_CLIENT('cli/')]),
	layer(['client/src/**'], [LSP_SERVER, LSP_SERVER_NODE], [INTO_SERVER('client/'), INTO_CLI('client/')]),
	layer(['test/unit/**', 'test/dist/**', 'test/fuzz/**', 'test/gateway/**', 'test/support/**', 'bench/**', 'scripts/**'], [VSCODE], []),
);
