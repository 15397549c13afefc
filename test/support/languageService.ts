import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, Diagnostic, Hover, MarkupContent, Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { FileKind } from '../../core/src/openclaw/fileKind';
import { pairingFileRelativePath } from '../../core/src/openclaw/stateLayout';
import { PairingLanguageService } from '../../server/src/service/languageService';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import { NOW, newDeviceKey, pairedDevice, PairedRecord } from './fixtures';
import { applyTextEdits, rangeOf } from './text';

// The language service as the unit tests drive it: one service, documents at their real places in ~/.openclaw, and
// assertions on the exact range a diagnostic covers.

export const service = new PairingLanguageService();
let version = 0;

const STATE_DIR = 'file:///home/u/.openclaw';

/** Where each kind lives in a state dir, as a URI. */
export const URIS: Record<FileKind, string> = {
	paired: `${STATE_DIR}/${pairingFileRelativePath('paired')}`,
	pending: `${STATE_DIR}/${pairingFileRelativePath('pending')}`,
	device: `${STATE_DIR}/${pairingFileRelativePath('device')}`,
	'device-auth': `${STATE_DIR}/${pairingFileRelativePath('device-auth')}`,
	migrated: `${STATE_DIR}/${pairingFileRelativePath('paired')}.migrated`,
};

/** A new version of the document of `kind` holding `text`. */
export function docOf(text: string, kind: FileKind = 'paired'): TextDocument {
	return TextDocument.create(URIS[kind], 'json', ++version, text);
}

export interface Settings {
	kind?: FileKind;
	requiredScopes?: string[];
}

/** Validate `text` as a client would see it, at the fixtures' clock. */
export function diagnose(text: string, { kind = 'paired', requiredScopes = [] }: Settings = {}): { document: TextDocument; diagnostics: Diagnostic[] } {
	const document = docOf(text, kind);
	return { document, diagnostics: service.validate(document, kind, { requiredScopes, now: () => NOW }) };
}

export function validate(text: string, kind: FileKind = 'paired', requiredScopes: string[] = []): Diagnostic[] {
	return diagnose(text, { kind, requiredScopes }).diagnostics;
}

export function messageOf(d: Diagnostic): string {
	return typeof d.message === 'string' ? d.message : d.message.value;
}

/** The one diagnostic with `code` (for `recordKey` if given); fails when there are none or several. */
export function only(diagnostics: readonly Diagnostic[], code: string, recordKey?: string): Diagnostic {
	const hits = diagnostics.filter(
		(d) => d.code === code && (recordKey === undefined || (d.data as { recordKey?: string } | undefined)?.recordKey === recordKey),
	);
	assert.equal(hits.length, 1, `expected one ${code}, got ${JSON.stringify(diagnostics.map((d) => d.code))}`);
	return hits[0];
}

/** A range by its corners (0-based, as LSP counts). */
export interface ExactRange {
	line: number;
	character: number;
	endLine: number;
	endCharacter: number;
}

/** Where a diagnostic must sit: the `occurrence`-th `needle` in the text, or an exact range. */
export type Where = string | { needle: string; occurrence?: number } | ExactRange;

export function rangeAt(text: string, where: Where): Range {
	if (typeof where === 'string') return rangeOf(text, where);
	if ('needle' in where) return rangeOf(text, where.needle, where.occurrence ?? 1);
	return { start: { line: where.line, character: where.character }, end: { line: where.endLine, character: where.endCharacter } };
}

/** The exact text `range` covers in `text`. */
export function coveredText(text: string, range: Range): string {
	const doc = TextDocument.create('file:///x', 'json', 1, text);
	return text.slice(doc.offsetAt(range.start), doc.offsetAt(range.end));
}

/** Asserts that `diagnostic` covers exactly `where` in `text`. */
export function assertRange(text: string, diagnostic: Diagnostic, where: Where): void {
	const expected = rangeAt(text, where);
	assert.deepEqual(
		diagnostic.range,
		expected,
		`${String(diagnostic.code)} covers ${JSON.stringify(coveredText(text, diagnostic.range))}, expected ${JSON.stringify(coveredText(text, expected))}`,
	);
}

/** Validates `text`, asserts exactly one `code` diagnostic covering exactly `where`, and returns it. */
export function expectDiagnostic(text: string, code: string, where: Where, settings: Settings & { recordKey?: string } = {}): Diagnostic {
	const d = only(diagnose(text, settings).diagnostics, code, settings.recordKey);
	assertRange(text, d, where);
	return d;
}

/** Position `delta` characters into the `occurrence`-th `needle` (delta may equal its length: just after it). */
export function at(text: string, needle: string, delta: number, occurrence = 1): Position {
	const r = rangeOf(text, needle, occurrence);
	const doc = TextDocument.create('file:///x', 'json', 1, text);
	return doc.positionAt(doc.offsetAt(r.start) + delta);
}

export function complete(text: string, position: Position, kind: FileKind = 'paired'): CompletionItem[] {
	return service.completion(docOf(text, kind), kind, position);
}

export function hover(text: string, position: Position, kind: FileKind = 'paired'): Hover | null {
	return service.hover(docOf(text, kind), kind, position);
}

/** A hover's markdown text; fails when there is no hover or it is not markdown. */
export function markdown(h: Hover | null): string {
	assert.ok(h, 'a hover');
	const contents = h.contents as MarkupContent;
	assert.equal(contents.kind, 'markdown');
	return contents.value;
}

// Quick fixes: stores built from fixtures with secret tokens, fixes asked for as a client would, and what a fixed file must be.

/** Every token string any fixture used: no edit may ever carry one. */
export const SECRETS: string[] = [];

export function secretToken(): string {
	const secret = `oc_tok_${randomBytes(30).toString('base64url')}`;
	SECRETS.push(secret);
	return secret;
}

export function operatorToken(scopes: string[], role = 'operator'): Record<string, unknown> {
	return { token: secretToken(), role, scopes, createdAtMs: NOW - 5000 };
}

/** A clean paired device (the CLI, with admin) that has its own secret token. */
export function device(overrides: PairedRecord = {}, key = newDeviceKey()): PairedRecord {
	return pairedDevice({ tokens: { operator: operatorToken(['operator.admin', 'operator.pairing', 'operator.read', 'operator.write']) }, ...overrides }, key);
}

export function pendingRequest(overrides: PairedRecord = {}, key = newDeviceKey()): PairedRecord {
	return {
		requestId: `req-${randomBytes(6).toString('hex')}`,
		deviceId: key.deviceId,
		publicKey: key.publicKey,
		role: 'operator',
		roles: ['operator'],
		scopes: ['operator.read'],
		ts: NOW - 1000,
		...overrides,
	};
}

export type Indent = string | number;

/** A store file keyed as given, formatted the way the gateway writes it (or with another indent / line ending). */
export function storeFile(entries: [string, unknown][], indent: Indent = 2, eol = '\n'): string {
	return JSON.stringify(Object.fromEntries(entries), null, indent).replace(/\n/g, eol);
}

export function keyed(...records: PairedRecord[]): [string, unknown][] {
	return records.map((r) => [String(r.deviceId), r]);
}

export interface Fixable {
	document: TextDocument;
	diagnostic: Diagnostic;
	actions: CodeAction[];
}

/** Validate, pick the one diagnostic with `code` (for `recordKey` if given), and ask for its code actions as a client would. */
export function fixesFor(text: string, code: string, settings: Settings = {}, recordKey?: string): Fixable {
	const { document, diagnostics } = diagnose(text, settings);
	// The client sends the diagnostic back as JSON.
	const diagnostic = JSON.parse(JSON.stringify(only(diagnostics, code, recordKey))) as Diagnostic;
	const actions = service.codeActions(document, settings.kind ?? 'paired', [diagnostic]);
	for (const action of actions) {
		assert.equal(action.kind, 'quickfix');
		assert.deepEqual(action.diagnostics, [diagnostic]);
		assert.deepEqual(Object.keys(action.edit?.changes ?? {}), [document.uri], 'edits only this document');
	}
	return { document, diagnostic, actions };
}

export function editsOf(fix: Fixable, action: CodeAction): TextEdit[] {
	const edits = action.edit?.changes?.[fix.document.uri];
	assert.ok(edits && edits.length > 0, `"${action.title}" has edits`);
	for (const edit of edits) {
		for (const secret of SECRETS) assert.ok(!edit.newText.includes(secret), `"${action.title}" must not carry a token`);
	}
	return edits;
}

export function apply(fix: Fixable, action: CodeAction): string {
	return applyTextEdits(fix.document.getText(), editsOf(fix, action));
}

/** The text of a top-level entry, key through value. */
export function recordText(text: string, key: string): string {
	const entry = new ParsedDocument(text).entry(key);
	assert.ok(entry, `record ${key} exists`);
	return text.slice(entry.keySpan.offset, entry.valueSpan.offset + entry.valueSpan.length);
}

export interface FixedExpectations {
	code: string;
	/** Records that must come out byte for byte as they went in. */
	untouched: string[];
	indent?: Indent;
	eol?: string;
	settings?: Settings;
	/** Every diagnostic the fixed file may still have (default: none at all). */
	remaining?: string[];
}

/** The fixed text is valid JSON in the file's own style, the other records are untouched, and the diagnostic is gone. */
export function assertFixed(before: string, after: string, expect: FixedExpectations): Record<string, PairedRecord> {
	const parsed = JSON.parse(after) as Record<string, PairedRecord>;
	const eol = expect.eol ?? '\n';
	assert.equal(after, JSON.stringify(parsed, null, expect.indent ?? 2).replace(/\n/g, eol), 'formatted the way the file was');
	if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(after), 'only CRLF line endings');
	for (const key of expect.untouched) assert.equal(recordText(after, key), recordText(before, key), `record ${key.slice(0, 12)} unchanged`);
	const { diagnostics } = diagnose(after, expect.settings);
	assert.ok(!diagnostics.some((d) => d.code === expect.code), `${expect.code} is gone: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
	assert.deepEqual(
		diagnostics.map((d) => d.code).filter((c) => !(expect.remaining ?? []).includes(String(c))),
		[],
		'no new diagnostics',
	);
	return parsed;
}

/** The record as it was, with only `changes` applied. */
export function withChanges(record: PairedRecord, changes: PairedRecord): PairedRecord {
	return JSON.parse(JSON.stringify({ ...record, ...changes })) as PairedRecord;
}

export function tokenOf(record: PairedRecord, role = 'operator'): Record<string, unknown> {
	return (record.tokens as Record<string, Record<string, unknown>>)[role];
}
