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
} from 'vscode-languageserver-types';
import { quickFixesFor } from './codeActions';
import { completeScopes } from './completion';
import { Finding, Severity, SOURCE } from './diagnosticCodes';
import type { FileKind } from '../../../core/src/openclaw/fileKind';
import { hoverAt } from './hover';
import { ParsedDocument } from './parser/jsonDocument';
import { DEFAULT_SETTINGS, ValidationSettings } from './ruleContext';
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

	codeActions(document: TextDocument, kind: FileKind, diagnostics: readonly Diagnostic[]): CodeAction[] {
		if (kind === 'migrated') return [];
		const doc = this.parse(document);
		const actions: CodeAction[] = [];
		for (const diagnostic of diagnostics) {
			if (diagnostic.source !== SOURCE) continue;
			// Data comes back from the client: a malformed one must cost only its own fixes, not the others'.
			let fixes: ReturnType<typeof quickFixesFor>;
			try {
				fixes = quickFixesFor(doc, kind, { code: diagnostic.code, data: diagnostic.data });
			} catch {
				continue;
			}
			for (const fix of fixes) {
				actions.push({
					title: fix.title,
					kind: CodeActionKind.QuickFix,
					diagnostics: [diagnostic],
					...(fix.isPreferred !== undefined ? { isPreferred: fix.isPreferred } : {}),
					edit: { changes: { [document.uri]: fix.edits.map((e) => TextEdit.replace(rangeOf(document, e.offset, e.length), e.newText)) } },
				});
			}
		}
		return actions;
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

export function toDiagnostic(document: TextDocument, f: Finding): Diagnostic {
	return { range: rangeOf(document, f.offset, f.length), severity: SEVERITY[f.severity], code: f.code, source: SOURCE, message: f.message, data: f.data };
}

function rangeOf(document: TextDocument, offset: number, length: number): Range {
	return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}
