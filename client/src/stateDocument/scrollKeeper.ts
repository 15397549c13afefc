import * as vscode from 'vscode';
import { anchorAt, lineOfAnchor, ScrollAnchor } from '../../../core/src/openclaw/stateDocumentAnchor';

/**
 * Keeps what the user looked at on screen when a pairing-state document gets a new text: VS Code keeps the top line's
 * number, so a record grown or added above would push the screen elsewhere. remember() before the change fires; when
 * the new text arrives, each editor that showed the document is scrolled back to the same record and line in it.
 */
export class ScrollKeeper implements vscode.Disposable {
	private readonly waiting = new Map<string, { editor: vscode.TextEditor; anchor: ScrollAnchor; top: number }[]>();
	private readonly subscription = vscode.workspace.onDidChangeTextDocument((e) => void this.restore(e.document));

	remember(uri: vscode.Uri): void {
		const key = uri.toString();
		const editors = vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === key && e.visibleRanges.length > 0);
		if (editors.length === 0) return;
		this.waiting.set(
			key,
			editors.map((editor) => {
				const top = editor.visibleRanges[0].start.line;
				return { editor, top, anchor: anchorAt(lines(editor.document), top) };
			}),
		);
	}

	dispose(): void {
		this.subscription.dispose();
		this.waiting.clear();
	}

	private async restore(document: vscode.TextDocument): Promise<void> {
		const key = document.uri.toString();
		const shown = this.waiting.get(key);
		if (!shown) return;
		this.waiting.delete(key);
		const text = lines(document);
		for (const { editor, anchor } of shown) {
			const line = lineOfAnchor(text, anchor);
			if (line !== undefined) await scrollTo(editor, line);
		}
	}
}

function lines(document: vscode.TextDocument): string[] {
	return document.getText().split('\n');
}

/** Put `line` at the top. AtTop leaves room for sticky-scroll headers, so one measured correction follows. */
async function scrollTo(editor: vscode.TextEditor, line: number): Promise<void> {
	let reveal = line;
	for (let attempt = 0; attempt < 2; attempt++) {
		const top = editor.visibleRanges[0]?.start.line;
		if (top === undefined || top === line) return;
		const moved = new Promise<void>((resolve) => {
			const timer = setTimeout(() => (sub.dispose(), resolve()), 1000);
			const sub = vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
				if (e.textEditor !== editor) return;
				clearTimeout(timer);
				sub.dispose();
				resolve();
			});
		});
		editor.revealRange(new vscode.Range(reveal, 0, reveal, 0), vscode.TextEditorRevealType.AtTop);
		await moved;
		reveal += line - (editor.visibleRanges[0]?.start.line ?? line);
	}
}
