import * as path from 'node:path';
import * as vscode from 'vscode';
import { findGatewayOnStateDir, gatewayWrittenStateDir } from '../../core/src/openclaw/gatewayLock';

// A JSON-era gateway rewrites devices/paired.json (temp file + rename) on every device connect and keeps no
// cross-process lock: a hand edit saved while it runs can undo its changes or be overwritten by its next write.
// VS Code itself refuses to save over a file that changed on disk since it was read ("the content of the file is
// newer"); this adds the warning before that: on the first unsaved edit of a pairing file whose gateway is running.
//
// The toast alone is not enough: VS Code hides a warning toast after 12 s while the window has focus (only errors with
// actions stay), and shows none at all while the notification centre is open, under Do Not Disturb or with the
// smoke-test driver. The status-bar entry stays as long as the risky edit is unsaved, and brings the warning back.

const SHOW_AGAIN = 'openclawPairing.fileGuard.showWarning';

interface Risk {
	name: string;
	pid: number;
}

export function registerPairingFileGuard(output: vscode.LogOutputChannel): vscode.Disposable {
	/** Documents warned about in their current unsaved state; cleared when saved, reverted or closed. */
	const warned = new Map<string, Risk>();
	const item = vscode.window.createStatusBarItem('openclawPairing.fileGuard', vscode.StatusBarAlignment.Left, 11);
	item.name = 'OpenClaw: unsaved pairing-file edit';
	item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
	item.command = SHOW_AGAIN;

	const gatewayFor = (doc: vscode.TextDocument) => {
		const stateDir = doc.uri.scheme === 'file' ? gatewayWrittenStateDir(doc.uri.fsPath) : undefined;
		return stateDir ? { stateDir, owner: findGatewayOnStateDir(stateDir) } : undefined;
	};
	const update = () => {
		const risks = [...warned.values()];
		if (!risks.length) {
			item.hide();
			return;
		}
		const names = [...new Set(risks.map((r) => r.name))].join(', ');
		item.text = `$(warning) ${names}: gateway running`;
		item.tooltip = `${names} has an unsaved edit while the OpenClaw gateway (pid ${risks[0].pid}) runs on its state dir and rewrites it. Click for what to do.`;
		item.show();
	};
	const warn = (risk: Risk) => {
		void vscode.window
			.showWarningMessage(
				`The OpenClaw gateway (pid ${risk.pid}) is running on this state dir and rewrites ${risk.name} on every device connect. ` +
					'Saving this edit can undo its changes, and its next write can undo yours: approve, reject and remove devices from the OpenClaw view, or stop the gateway before saving.',
				'Open OpenClaw View',
			)
			.then((choice) => {
				if (choice) void vscode.commands.executeCommand('openclawPairing.pending.focus');
			});
	};
	const forget = (doc: vscode.TextDocument) => {
		if (warned.delete(doc.uri.toString())) update();
	};

	return vscode.Disposable.from(
		item,
		vscode.commands.registerCommand(SHOW_AGAIN, () => {
			const [risk] = warned.values();
			if (risk) warn(risk);
		}),
		vscode.workspace.onDidChangeTextDocument((e) => {
			const key = e.document.uri.toString();
			if (!e.document.isDirty) {
				forget(e.document);
				return;
			}
			if (e.contentChanges.length === 0 || warned.has(key)) return;
			const found = gatewayFor(e.document);
			if (!found?.owner) return;
			const risk = { name: path.basename(e.document.uri.fsPath), pid: found.owner.pid };
			warned.set(key, risk);
			output.warn(`${e.document.uri.fsPath} edited while the OpenClaw gateway (pid ${found.owner.pid}) runs on ${found.stateDir}.`);
			update();
			warn(risk);
		}),
		vscode.workspace.onWillSaveTextDocument((e) => {
			const owner = gatewayFor(e.document)?.owner;
			if (owner)
				output.warn(
					`Saving ${e.document.uri.fsPath} while the OpenClaw gateway (pid ${owner.pid}) runs; VS Code refuses if the gateway wrote it since it was read.`,
				);
		}),
		vscode.workspace.onDidSaveTextDocument(forget),
		vscode.workspace.onDidCloseTextDocument(forget),
	);
}
