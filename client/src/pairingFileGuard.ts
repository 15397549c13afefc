import * as path from 'node:path';
import * as vscode from 'vscode';
import { findGatewayOnStateDir, gatewayWrittenStateDir } from './pairing/gatewayLock';

// A JSON-era gateway rewrites devices/paired.json (temp file + rename) on every device connect and keeps no
// cross-process lock: a hand edit saved while it runs can undo its changes or be overwritten by its next write.
// VS Code itself refuses to save over a file that changed on disk since it was read ("the content of the file is
// newer"); this adds the warning before that: on the first unsaved edit of a pairing file whose gateway is running.

export function registerPairingFileGuard(output: vscode.LogOutputChannel): vscode.Disposable {
	/** Documents warned about in their current unsaved state; cleared when saved, reverted or closed. */
	const warned = new Set<string>();
	const gatewayFor = (doc: vscode.TextDocument) => {
		const stateDir = doc.uri.scheme === 'file' ? gatewayWrittenStateDir(doc.uri.fsPath) : undefined;
		return stateDir ? { stateDir, owner: findGatewayOnStateDir(stateDir) } : undefined;
	};
	return vscode.Disposable.from(
		vscode.workspace.onDidChangeTextDocument((e) => {
			const key = e.document.uri.toString();
			if (!e.document.isDirty) {
				warned.delete(key);
				return;
			}
			if (e.contentChanges.length === 0 || warned.has(key)) return;
			const found = gatewayFor(e.document);
			if (!found?.owner) return;
			warned.add(key);
			const name = path.basename(e.document.uri.fsPath);
			output.warn(`${e.document.uri.fsPath} edited while the OpenClaw gateway (pid ${found.owner.pid}) runs on ${found.stateDir}.`);
			void vscode.window
				.showWarningMessage(
					`The OpenClaw gateway (pid ${found.owner.pid}) is running on this state dir and rewrites ${name} on every device connect. ` +
						'Saving this edit can undo its changes, and its next write can undo yours: approve, reject and remove devices from the OpenClaw view, or stop the gateway before saving.',
					'Open OpenClaw View',
				)
				.then((choice) => {
					if (choice) void vscode.commands.executeCommand('openclawPairing.pending.focus');
				});
		}),
		vscode.workspace.onWillSaveTextDocument((e) => {
			const owner = gatewayFor(e.document)?.owner;
			if (owner) output.warn(`Saving ${e.document.uri.fsPath} while the OpenClaw gateway (pid ${owner.pid}) runs; VS Code refuses if the gateway wrote it since it was read.`);
		}),
		vscode.workspace.onDidSaveTextDocument((doc) => warned.delete(doc.uri.toString())),
		vscode.workspace.onDidCloseTextDocument((doc) => warned.delete(doc.uri.toString())),
	);
}
