import * as vscode from 'vscode';

// On a `*.migrated` store (state-migrated: the gateway imported it into SQLite and no longer reads it), the way to
// what it does read: the live pairing state, checked by the same rules.
export function registerMigratedCodeAction(): vscode.Disposable {
	return vscode.languages.registerCodeActionsProvider(
		{ scheme: 'file', pattern: '**/*.migrated' },
		{
			provideCodeActions(_document, _range, context) {
				const migrated = context.diagnostics.filter((d) => d.source === 'openclaw-pairing' && String(d.code) === 'state-migrated');
				if (!migrated.length) return [];
				const action = new vscode.CodeAction('Open the live pairing state (what the gateway reads now)', vscode.CodeActionKind.QuickFix);
				action.diagnostics = migrated;
				action.command = { command: 'openclawPairing.openPairingState', title: 'Open Pairing State' };
				return [action];
			},
		},
		{ providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
	);
}
