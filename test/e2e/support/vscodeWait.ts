import * as vscode from 'vscode';

// Helpers for tests inside the extension host: each waits on a real event (diagnostics published, the extension
// activated), never on a fixed delay, and fails with what it saw when the time is up.

/** A diagnostic's code as a string, whether the server sent a plain code or one with a codeDescription. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
	const code = typeof d.code === 'object' ? d.code.value : d.code;
	return code === undefined ? undefined : String(code);
}

/** Resolves with the diagnostics of uri once they satisfy accept (checked now and on every change). */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 60_000): Promise<vscode.Diagnostic[]> {
	return new Promise((resolve, reject) => {
		const check = () => {
			const diagnostics = vscode.languages.getDiagnostics(uri);
			if (!accept(diagnostics)) return false;
			done();
			resolve(diagnostics);
			return true;
		};
		const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
			if (e.uris.some((u) => u.toString() === uri.toString())) check();
		});
		const timer = setTimeout(() => {
			done();
			const seen = vscode.languages.getDiagnostics(uri).map((d) => `${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${d.source}: ${d.message}`);
			reject(new Error(`diagnostics of ${uri.fsPath} not as expected within ${timeoutMs / 1000} s; last seen: ${JSON.stringify(seen, null, 1)}`));
		}, timeoutMs);
		function done() {
			clearTimeout(timer);
			subscription.dispose();
		}
		check();
	});
}

/** The diagnostics our language server published for uri (not the JSON language features'). */
export function ours(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
	return diagnostics.filter((d) => d.source === 'openclaw-pairing');
}

/** The part of the extension's API (GatewayView) these waits need. */
export interface GatewayEvents<S, P> {
	readonly state: S;
	readonly snapshot: P | undefined;
	onDidChangeState: vscode.Event<S>;
	onDidChangeSnapshot: vscode.Event<P | undefined>;
}

/** Resolves with the gateway's connection state once accept holds (checked now and on every change). */
export function waitForGatewayState<S, P>(gateway: GatewayEvents<S, P>, accept: (state: S) => boolean, timeoutMs = 30_000): Promise<S> {
	return waitForEvent(gateway.onDidChangeState, () => gateway.state, accept, timeoutMs, 'connection state');
}

/** Resolves with the gateway's pairing snapshot once accept holds (checked now and on every change). */
export function waitForGatewaySnapshot<S, P>(gateway: GatewayEvents<S, P>, accept: (snapshot: P) => boolean, timeoutMs = 30_000): Promise<P> {
	return waitForEvent(
		gateway.onDidChangeSnapshot,
		() => gateway.snapshot,
		(s): s is P => s !== undefined && accept(s),
		timeoutMs,
		'pairing snapshot',
	) as Promise<P>;
}

function waitForEvent<T>(event: vscode.Event<unknown>, current: () => T, accept: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const check = () => {
			const value = current();
			if (!accept(value)) return;
			done();
			resolve(value);
		};
		const subscription = event(check);
		const timer = setTimeout(() => {
			done();
			reject(new Error(`${what} not as expected within ${timeoutMs / 1000} s; last: ${JSON.stringify(current())?.slice(0, 1500)}`));
		}, timeoutMs);
		function done() {
			clearTimeout(timer);
			subscription.dispose();
		}
		check();
	});
}
