import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseStateDocumentUri, storeVersionOf } from '../../core/src/openclaw/stateDocumentUri';
import { fileKindOfUri } from './fileKind';
import { runSafe } from './runSafe';
import type { PairingLanguageService } from './service/languageService';
import { RelatedDocuments, siblingUri } from './relatedDocuments';
import type { SettingsStore } from './settings';

/**
 * Push diagnostics for pairing files. Validation is coalesced per document on setImmediate: a burst of didChange
 * notifications validates only the newest version, and a stale result is never published.
 */
export class DiagnosticsPublisher {
	private readonly scheduled = new Set<string>();
	private readonly related: RelatedDocuments;

	constructor(
		private readonly connection: Connection,
		private readonly documents: TextDocuments<TextDocument>,
		private readonly service: PairingLanguageService,
		private readonly settings: SettingsStore,
	) {
		this.related = new RelatedDocuments(documents);
	}

	/** A paired document changed: the pending one beside it is judged against it, so it is checked again too. */
	scheduleWithSibling(uri: string): void {
		this.schedule(uri);
		const pending = siblingUri(uri, 'pending');
		if (pending && this.documents.get(pending)) this.schedule(pending);
	}

	schedule(uri: string): void {
		if (this.scheduled.has(uri)) return;
		this.scheduled.add(uri);
		setImmediate(() => {
			this.scheduled.delete(uri);
			this.publish(uri);
		});
	}

	scheduleAll(): void {
		for (const doc of this.documents.all()) this.schedule(doc.uri);
	}

	/** The document closed: forget its parse; a pushing server also clears what it published. */
	clear(uri: string, published = true): void {
		this.service.forget(uri);
		if (published) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
	}

	/** The diagnostics of the open document `uri` as of now, or undefined when it is not a pairing file. */
	diagnosticsFor(uri: string): { version: number; diagnostics: Diagnostic[] } | undefined {
		const document = this.documents.get(uri);
		const kind = document && fileKindOfUri(uri, this.settings.stateDirs());
		if (!document || !kind) return undefined;
		const { requiredScopes } = this.settings.get();
		// The state's documents name their storage era (the gateway's version, or a database): its rules apply.
		const state = parseStateDocumentUri(uri);
		const storeVersion = state && storeVersionOf(state);
		// A pending.json is judged beside the paired.json of its store, as `check --state-dir` does (what each request is).
		const related = kind === 'pending' ? this.related.forPending(uri) : undefined;
		const settings = { requiredScopes, now: Date.now, ...(storeVersion ? { storeVersion } : {}), ...(related ? { related } : {}) };
		const diagnostics = runSafe(this.connection, `validating ${uri}`, [], () => this.service.validate(document, kind, settings));
		return { version: document.version, diagnostics };
	}

	private publish(uri: string): void {
		const result = this.diagnosticsFor(uri);
		if (result) void this.connection.sendDiagnostics({ uri, ...result });
	}
}
