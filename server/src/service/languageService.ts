import { TextDocument } from 'vscode-languageserver-textdocument';
import {
	CodeAction,
	CodeActionKind,
	CompletionItem,
	CompletionItemKind,
	CompletionItemTag,
	Diagnostic,
	DiagnosticSeverity,
	Hover,
	MarkupKind,
	Position,
	Range,
	TextEdit,
	WorkspaceEdit,
} from 'vscode-languageserver-types';
import { DEFER_ABOVE_CHARS, DeferredEdits, lazyQuickFixesFor, OffsetEdit, resolveEdits } from './codeActions';
import { completeScopes } from './completion';
import { gatewayFixesFor } from './gatewayFixes';
import { GATEWAY_FIX_COMMAND } from '../../../core/src/pairing/gatewayFixAction';
import { Finding, Severity, SOURCE } from './diagnosticCodes';
import type { FileKind } from '../../../core/src/openclaw/fileKind';
import { hoverAt } from './hover';
import { ParsedDocument } from './parser/jsonDocument';
import { DEFAULT_SETTINGS, ValidationSettings } from './ruleContext';
import { compileSchemasAhead } from './rules/schema';
import { RecordFindingsCache, validateDocument } from './validation';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
	error: DiagnosticSeverity.Error,
	warning: DiagnosticSeverity.Warning,
	info: DiagnosticSeverity.Information,
	hint: DiagnosticSeverity.Hint,
};

/**
 * The pairing-file language service: TextDocument in, LSP types out, no connection. The server, the CLI and the tests
 * all drive this one object. Parses are cached per (uri, version) so validate, code actions and hover share one.
 */
export class PairingLanguageService {
	private readonly cache = new Map<string, { version: number; doc: ParsedDocument; records: RecordFindingsCache }>();

	constructor(private readonly maxCached = 16) {}

	/** Work done once per process ahead of the first check (the schemas of paired.json and pending.json). */
	prepare(): void {
		compileSchemasAhead(['paired', 'pending']);
	}

	parse(document: TextDocument): ParsedDocument {
		return this.entry(document).doc;
	}

	/** The parse of this version; built from the previous version's when the edit stayed inside one record. */
	private entry(document: TextDocument): { doc: ParsedDocument; records: RecordFindingsCache } {
		const hit = this.cache.get(document.uri);
		if (hit && hit.version === document.version) return hit;
		const doc = new ParsedDocument(document.getText(), hit?.doc);
		const entry = { version: document.version, doc, records: hit?.records ?? new RecordFindingsCache() };
		this.cache.delete(document.uri);
		this.cache.set(document.uri, entry);
		if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
		return entry;
	}

	forget(uri: string): void {
		this.cache.delete(uri);
	}

	findings(document: TextDocument, kind: FileKind, settings: ValidationSettings = DEFAULT_SETTINGS): Finding[] {
		const { doc, records } = this.entry(document);
		return validateDocument(doc, kind, settings, records);
	}

	validate(document: TextDocument, kind: FileKind, settings: ValidationSettings = DEFAULT_SETTINGS): Diagnostic[] {
		return this.findings(document, kind, settings).map((f) => toDiagnostic(document, f));
	}

	/**
	 * Quick fixes for these diagnostics. `resolveLater` (the client supports codeAction/resolve for `edit`): fixes whose
	 * edits are costly to build (a re-parse of a record or file over DEFER_ABOVE_CHARS) come without them, with `data`
	 * to build them in resolveCodeAction; every other fix carries its edit, as for any client.
	 */
	codeActions(document: TextDocument, kind: FileKind, diagnostics: readonly Diagnostic[], resolveLater = false): CodeAction[] {
		if (kind === 'migrated') return [];
		const doc = this.parse(document);
		const actions: CodeAction[] = [];
		for (const diagnostic of diagnostics) {
			if (diagnostic.source !== SOURCE) continue;
			// Data comes back from the client: a malformed one must cost only its own fixes, not the others'.
			try {
				lazyQuickFixesFor(doc, kind, { code: diagnostic.code, data: diagnostic.data }).forEach((fix, index) => {
					const later = resolveLater && fix.edits instanceof DeferredEdits && fix.edits.cost > DEFER_ABOVE_CHARS;
					const edits = later ? [] : resolveEdits(fix.edits);
					if (!later && edits.length === 0) return;
					actions.push({
						title: fix.title,
						kind: CodeActionKind.QuickFix,
						diagnostics: [diagnostic],
						...(fix.isPreferred !== undefined ? { isPreferred: fix.isPreferred } : {}),
						...(later ? { data: { uri: document.uri, version: document.version, index } satisfies ResolveData } : { edit: workspaceEdit(document, edits) }),
					});
				});
			} catch {
				continue;
			}
		}
		return actions;
	}

	/**
	 * The fixes on a live pairing-state document: each a command for the gateway, never an edit (gatewayFixes.ts);
	 * paired records only. `uri` (the document) goes along so the editor acts on that document's gateway.
	 */
	gatewayActions(kind: FileKind, diagnostics: readonly Diagnostic[], uri?: string): CodeAction[] {
		if (kind !== 'paired') return [];
		return diagnostics
			.filter((d) => d.source === SOURCE)
			.flatMap((diagnostic) =>
				gatewayFixesFor({ code: diagnostic.code, data: diagnostic.data }).map((fix) => ({
					title: fix.title,
					kind: CodeActionKind.QuickFix,
					diagnostics: [diagnostic],
					command: { title: fix.title, command: GATEWAY_FIX_COMMAND, arguments: [uri === undefined ? fix.action : { ...fix.action, document: uri }] },
				})),
			);
	}

	/** codeAction/resolve: the edit of an action codeActions deferred, if the document is still that version. */
	resolveCodeAction(document: TextDocument, kind: FileKind, action: CodeAction): CodeAction {
		const data = action.data as Partial<ResolveData> | undefined;
		const diagnostic = action.diagnostics?.[0];
		if (!diagnostic || data?.version !== document.version || typeof data.index !== 'number' || kind === 'migrated') return action;
		const fix = lazyQuickFixesFor(this.parse(document), kind, { code: diagnostic.code, data: diagnostic.data })[data.index];
		if (!fix || fix.title !== action.title) return action;
		return { ...action, edit: workspaceEdit(document, resolveEdits(fix.edits)) };
	}

	completion(document: TextDocument, kind: FileKind, position: Position): CompletionItem[] {
		return completeScopes(this.parse(document), kind, document.offsetAt(position)).map((c) => ({
			label: c.label,
			kind: CompletionItemKind.EnumMember,
			detail: c.detail,
			documentation: { kind: MarkupKind.Markdown, value: c.documentation },
			textEdit: TextEdit.replace(rangeOf(document, c.edit.offset, c.edit.length), c.edit.newText),
			filterText: c.edit.newText,
			sortText: c.sortText,
			...(c.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
		}));
	}

	hover(document: TextDocument, kind: FileKind, position: Position): Hover | null {
		const result = hoverAt(this.parse(document), kind, document.offsetAt(position));
		return result ? { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: rangeOf(document, result.offset, result.length) } : null;
	}
}

/** What a deferred code action carries to codeAction/resolve (the diagnostic itself rides in `diagnostics`). */
interface ResolveData {
	uri: string;
	version: number;
	index: number;
}

function workspaceEdit(document: TextDocument, edits: OffsetEdit[]): WorkspaceEdit {
	return { changes: { [document.uri]: edits.map((e) => TextEdit.replace(rangeOf(document, e.offset, e.length), e.newText)) } };
}

export function toDiagnostic(document: TextDocument, f: Finding): Diagnostic {
	return { range: rangeOf(document, f.offset, f.length), severity: SEVERITY[f.severity], code: f.code, source: SOURCE, message: f.message, data: f.data };
}

function rangeOf(document: TextDocument, offset: number, length: number): Range {
	return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}
