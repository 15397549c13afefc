import * as vscode from 'vscode';

// VS Code refuses modal dialogs while it runs extension tests: the workbench's DialogService throws
// "DialogService: refused to show dialog in tests" (desktop VS Code and code-server alike, with or without the smoke-test
// driver), so the test extension host cannot answer one. What the extension-host tests can do honestly is replace just
// that one call: record what the modal would show (message, detail, buttons) and answer with a button, so the rest of
// the command (re-list, approve, notify, log) runs for real. The UI tests (test/e2e/ui) click the real modal.

export interface ModalCall {
	kind: 'warning' | 'information';
	message: string;
	detail: string | undefined;
	buttons: string[];
}

type ShowMessage = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/**
 * Answer every modal showWarningMessage / showInformationMessage with `answer` (a button label, or undefined for
 * Cancel; for a flow of several modals, the labels it may click: each modal gets the one of them it offers); non-modal
 * messages go through untouched. The test and the extension share one `vscode` API object (both live under the
 * extension's folder), so replacing the function there is what the extension calls. `next(match)` resolves with the
 * first call (made or to come) that matches. restore() puts the originals back.
 */
export function answerModal(answer: string | undefined | readonly string[]): {
	calls: ModalCall[];
	next(match: (call: ModalCall) => boolean): Promise<ModalCall>;
	restore(): void;
} {
	const calls: ModalCall[] = [];
	const waiters: { match: (call: ModalCall) => boolean; resolve: (call: ModalCall) => void }[] = [];
	const window = vscode.window as unknown as Record<'showWarningMessage' | 'showInformationMessage', ShowMessage>;
	const originals = { showWarningMessage: window.showWarningMessage, showInformationMessage: window.showInformationMessage };
	const stub = (kind: ModalCall['kind'], original: ShowMessage): ShowMessage =>
		function (this: unknown, message, ...rest) {
			const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest[0] as vscode.MessageOptions) : undefined;
			if (!options?.modal) return original.call(this, message, ...rest);
			const buttons = rest.slice(1).map((b) => (typeof b === 'string' ? b : (b as vscode.MessageItem).title));
			const call = { kind, message, detail: options.detail, buttons };
			calls.push(call);
			for (const w of waiters.filter((w) => w.match(call))) {
				waiters.splice(waiters.indexOf(w), 1);
				w.resolve(call);
			}
			const click = typeof answer === 'string' || answer === undefined ? answer : answer.find((a) => buttons.includes(a));
			if ((answer !== undefined && click === undefined) || (click !== undefined && !buttons.includes(click)))
				return Promise.reject(new Error(`the modal "${message}" has no button ${JSON.stringify(answer)} (${buttons.join(', ')})`));
			return Promise.resolve(click);
		};
	window.showWarningMessage = stub('warning', originals.showWarningMessage);
	window.showInformationMessage = stub('information', originals.showInformationMessage);
	return {
		calls,
		next(match) {
			const made = calls.find(match);
			return made ? Promise.resolve(made) : new Promise((resolve) => waiters.push({ match, resolve }));
		},
		restore() {
			window.showWarningMessage = originals.showWarningMessage;
			window.showInformationMessage = originals.showInformationMessage;
		},
	};
}
