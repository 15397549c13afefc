import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { positionOf, remoteCliWithoutAdmin, writePairedJson } from '../support/pairingFixtures';
import { codeOf, ours, waitForDiagnostics } from '../support/vscodeWait';

const EXTENSION_ID = 'openclaw-pairing.openclaw-pairing';

interface Manifest {
	contributes: {
		commands: { command: string }[];
		configuration: { properties: Record<string, { default?: unknown }> };
	};
}

describe('OpenClaw Pairing in a real extension host', () => {
	let extension: vscode.Extension<unknown>;
	let root: string;

	before(async () => {
		const found = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(found, `${EXTENSION_ID} is loaded (extensionDevelopmentPath)`);
		extension = found;
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-e2e-state-'));
	});

	after(() => {
		fs.rmSync(root, { recursive: true, force: true });
	});

	it('activates, and its language client is running', async () => {
		const api = (await extension.activate()) as { languageClient?: () => { isRunning(): boolean } | undefined } | undefined;
		assert.equal(extension.isActive, true);
		const client = api?.languageClient?.();
		assert.ok(client, "the activate() API exposes the language client to the extension's own tests");
		assert.equal(client.isRunning(), true);
	});

	it('registers every command of its manifest', async () => {
		const registered = new Set(await vscode.commands.getCommands(true));
		const contributed = (extension.packageJSON as Manifest).contributes.commands.map((c) => c.command);
		assert.ok(contributed.length > 0);
		assert.deepEqual(
			contributed.filter((c) => !registered.has(c)),
			[],
			'contributed commands without a handler',
		);
	});

	it('contributes its settings with their defaults', () => {
		const properties = (extension.packageJSON as Manifest).contributes.configuration.properties;
		assert.ok(Object.keys(properties).includes('openclawPairing.requiredScopes'));
		for (const [key, schema] of Object.entries(properties)) {
			const inspected = vscode.workspace.getConfiguration().inspect(key);
			assert.ok(inspected, `setting ${key} is known to VS Code`);
			assert.deepEqual(inspected.defaultValue, schema.default, `default of ${key}`);
		}
	});

	it('reports missing-scope (Error) on a remote CLI device without operator.admin in paired.json', async () => {
		const text = remoteCliWithoutAdmin();
		const uri = vscode.Uri.file(writePairedJson(root, text));
		const document = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(document);
		const diagnostics = ours(await waitForDiagnostics(uri, (ds) => ours(ds).length > 0));
		assert.deepEqual(diagnostics.map(codeOf), ['missing-scope']);
		const [missing] = diagnostics;
		assert.equal(missing.severity, vscode.DiagnosticSeverity.Error);
		assert.match(missing.message, /operator\.admin/);
		const start = positionOf(text, '"approvedScopes"');
		assert.deepEqual([missing.range.start.line, missing.range.start.character], [start.line, start.character]);
		assert.equal(missing.range.end.character - missing.range.start.character, '"approvedScopes"'.length);
	});

	it('offers the "Grant operator.admin…" quick fix, and applying it clears the diagnostic', async () => {
		const uri = vscode.Uri.file(path.join(root, '.openclaw', 'devices', 'paired.json'));
		const [missing] = ours(await waitForDiagnostics(uri, (ds) => ours(ds).some((d) => codeOf(d) === 'missing-scope')));
		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
			'vscode.executeCodeActionProvider',
			uri,
			missing.range,
			vscode.CodeActionKind.QuickFix.value,
		);
		const grant = actions.find((a) => a.title.startsWith('Grant operator.admin'));
		assert.ok(grant, `a "Grant operator.admin…" action among ${JSON.stringify(actions.map((a) => a.title))}`);
		assert.equal(grant.isPreferred, true);
		assert.ok(grant.kind && vscode.CodeActionKind.QuickFix.contains(grant.kind));
		assert.ok(grant.edit, 'the quick fix carries its edit');
		assert.equal(await vscode.workspace.applyEdit(grant.edit), true);

		await waitForDiagnostics(uri, (ds) => ours(ds).length === 0);
		const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
		assert.ok(document?.isDirty, "the fix is an edit in the editor, not written behind the user's back");
		const [record] = Object.values(
			JSON.parse(document.getText()) as Record<string, { approvedScopes: string[]; scopes: string[]; tokens: { operator: { scopes: string[] } } }>,
		);
		for (const scopes of [record.approvedScopes, record.scopes, record.tokens.operator.scopes])
			assert.ok(scopes.includes('operator.admin'), JSON.stringify(scopes));
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	});
});
