import { Connection, DocumentDiagnosticReportKind, type ClientCapabilities } from 'vscode-languageserver/node';
import type { DiagnosticsPublisher } from './diagnostics';

/** A client that asks for diagnostics (LSP 3.17 textDocument/diagnostic, as vscode-languageclient does) gets pull. */
export function clientPulls(capabilities: ClientCapabilities): boolean {
	return capabilities.textDocument?.diagnostic !== undefined;
}

export const PULL_PROVIDER = { identifier: 'openclaw-pairing', interFileDependencies: false, workspaceDiagnostics: false };

/**
 * textDocument/diagnostic: the client asks when it wants them (after a change, on open, for a visible tab), so the
 * server never computes a version nobody looks at. Always a full report: with the content-keyed record cache a
 * re-check of an unchanged document is cheap, and a report is never stale when the clock turns a finding off.
 */
export function registerPullDiagnostics(connection: Connection, diagnostics: DiagnosticsPublisher): void {
	connection.languages.diagnostics.on((params) => ({
		kind: DocumentDiagnosticReportKind.Full,
		items: diagnostics.diagnosticsFor(params.textDocument.uri)?.diagnostics ?? [],
	}));
}
