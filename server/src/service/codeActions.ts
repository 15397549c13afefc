import { FormattingOptions, modify } from 'jsonc-parser';
import { Code, DiagnosticCode, DiagnosticData } from './diagnosticCodes';
import type { FileKind } from '../../../core/src/openclaw/fileKind';
import type { JsonPath, ParsedDocument, TopLevelEntry } from './parser/jsonDocument';
import { withoutLongStrings } from './parser/longStrings';
import { baselineField, isObject, JsonObject, plain, shown, stringArray } from './ruleContext';
import { PAIRED_COLUMNS } from '../../../core/src/openclaw/legacyImportFields';

/** A text replacement in document offsets. */
export interface OffsetEdit {
	offset: number;
	length: number;
	newText: string;
}

export interface QuickFix {
	title: string;
	edits: OffsetEdit[];
	isPreferred?: boolean;
}

/**
 * Edits that are known to exist but are built only when asked: jsonc-parser's modify re-parses the record (a
 * megabyte string in it costs tens of ms), which a lightbulb listing titles does not need (codeAction/resolve).
 */
export class DeferredEdits {
	constructor(
		readonly build: () => OffsetEdit[],
		/** Characters the build re-parses: only a costly build is worth a codeAction/resolve round trip. */
		readonly cost: number,
	) {}
}

/** Strings longer than this are emptied before a big record goes through modify (see withoutLongStrings). */
const LONG_STRING_CHARS = 1024;

/** Re-parsing less than this takes well under a millisecond: such edits come with the action, as before. */
export const DEFER_ABOVE_CHARS = 64 * 1024;

/** A quick fix whose edits may still be deferred. */
export interface LazyQuickFix {
	title: string;
	edits: OffsetEdit[] | DeferredEdits;
	isPreferred?: boolean;
}

export function resolveEdits(edits: OffsetEdit[] | DeferredEdits): OffsetEdit[] {
	return edits instanceof DeferredEdits ? edits.build() : edits;
}

/** The part of a diagnostic a fix needs: its code and data (what the client sends back in the code action context). */
export interface FixableDiagnostic {
	code: DiagnosticCode | string | number | undefined;
	data?: unknown;
}

/** Quick fixes for one diagnostic, computed from its data only (the rules already did the reasoning). */
export function quickFixesFor(doc: ParsedDocument, kind: FileKind, diagnostic: FixableDiagnostic): QuickFix[] {
	return lazyQuickFixesFor(doc, kind, diagnostic)
		.map((f) => ({ ...f, edits: resolveEdits(f.edits) }))
		.filter((f) => f.edits.length > 0);
}

/** The same fixes with the costly edits deferred; a deferred edit is never empty (a change was planned). */
export function lazyQuickFixesFor(doc: ParsedDocument, kind: FileKind, diagnostic: FixableDiagnostic): LazyQuickFix[] {
	const data = diagnostic.data as DiagnosticData | undefined;
	if (!data || !Array.isArray(data.path)) return [];
	const fixes = FIXERS[String(diagnostic.code)]?.(doc, data, kind) ?? [];
	return fixes.filter((f) => f.edits instanceof DeferredEdits || f.edits.length > 0);
}

type Fixer = (doc: ParsedDocument, data: DiagnosticData, kind: FileKind) => LazyQuickFix[];

const FIXERS: Record<string, Fixer> = {
	[Code.MissingScope]: (doc, data) => {
		const missing = data.missing ?? [];
		const record = recordOf(doc, data.recordKey);
		if (!data.recordKey || !record || missing.length === 0) return [];
		const grant = grantScopes(record, missing, true);
		return [{ title: `Grant ${missing.join(', ')} (${grant.places})`, edits: editRecord(doc, data.recordKey, () => grant.changes), isPreferred: true }];
	},
	[Code.TokenScopeBeyondApproved]: (doc, data) => {
		const scope = data.scope;
		const tokenRole = data.path[2];
		const record = recordOf(doc, data.recordKey);
		if (!data.recordKey || !record || !scope || typeof tokenRole !== 'string') return [];
		const approve = grantScopes(record, [scope], false);
		return [
			{
				title: `Remove ${shown(scope)} from the ${plain(tokenRole)} token`,
				edits: editRecord(doc, data.recordKey, (record) => {
					const token = isObject(record.tokens) ? record.tokens[tokenRole] : undefined;
					const scopes = isObject(token) ? stringArray(token.scopes) : undefined;
					return scopes ? [{ path: ['tokens', tokenRole, 'scopes'], value: scopes.filter((s) => s !== scope) }] : [];
				}),
				isPreferred: true,
			},
			{
				title: `Approve ${shown(scope)} for this device (${approve.places})`,
				edits: editRecord(doc, data.recordKey, () => approve.changes),
			},
		];
	},
	[Code.UnknownScope]: (doc, data) =>
		data.replacement ? [{ title: `Change to "${data.replacement}"`, edits: [replaceValue(doc, data.path, data.replacement)], isPreferred: true }] : [],
	[Code.KeyDeviceIdMismatch]: (doc, data, kind) => fixDeviceId(doc, data, kind),
	[Code.DeviceIdPublicKeyMismatch]: (doc, data, kind) => fixDeviceId(doc, data, kind),
	[Code.ScopesApprovedDrift]: (doc, data) =>
		data.recordKey
			? [
					{
						title: 'Set "scopes" to "approvedScopes" (what the gateway checks)',
						edits: editRecord(doc, data.recordKey, (record) => {
							const approved = stringArray(record.approvedScopes);
							return approved ? [{ path: ['scopes'], value: approved }] : [];
						}),
					},
				]
			: [],
	[Code.TokenRoleMismatch]: (doc, data) =>
		data.expected ? [{ title: `Set role to ${shown(data.expected, 32)}`, edits: [replaceValue(doc, data.path, data.expected)], isPreferred: true }] : [],
	[Code.KeyRequestIdMismatch]: (doc, data) =>
		data.expected && data.recordKey && !doc.entry(data.expected)
			? [{ title: `Rename the key to the requestId`, edits: [replaceKey(doc, data.recordKey, data.expected)], isPreferred: true }]
			: [],
	[Code.PendingInPaired]: (doc, data) =>
		data.recordKey ? [{ title: 'Remove this pending request from paired.json', edits: removeTopLevel(doc, data.recordKey), isPreferred: true }] : [],
	[Code.UpgradeImportDropsField]: (doc, data) => keepOrRemoveField(doc, data),
	[Code.DuplicateKey]: () => [],
};

/**
 * A field the 2026.9 import will drop for its type: store it as the type its column takes when that is lossless (a
 * whole-number string in an integer field, a number or boolean in a text field), else remove it, which the upgrade
 * does anyway.
 */
function keepOrRemoveField(doc: ParsedDocument, data: DiagnosticData): LazyQuickFix[] {
	const field = data.path[1];
	const record = recordOf(doc, data.recordKey);
	if (!data.recordKey || !record || typeof field !== 'string' || !(field in record)) return [];
	const value = record[field];
	const column = PAIRED_COLUMNS[field]?.kind;
	const fixes: LazyQuickFix[] = [];
	const asInteger = column === 'integer' && typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
	if (asInteger !== undefined && Number.isSafeInteger(asInteger))
		fixes.push({
			title: `Store ${shown(field)} as the number ${asInteger}`,
			edits: editRecord(doc, data.recordKey, () => [{ path: [field], value: asInteger }]),
			isPreferred: true,
		});
	if (column === 'text' && (typeof value === 'number' || typeof value === 'boolean') && field !== 'approvedVia')
		fixes.push({
			title: `Store ${shown(field)} as the text "${String(value)}"`,
			edits: editRecord(doc, data.recordKey, () => [{ path: [field], value: String(value) }]),
			isPreferred: true,
		});
	fixes.push({ title: `Remove ${shown(field)} (the upgrade drops it)`, edits: editRecord(doc, data.recordKey, () => [{ path: [field], value: undefined }]) });
	return fixes;
}

interface RecordChange {
	path: JsonPath;
	value: unknown;
}

interface Grant {
	changes: RecordChange[];
	/** The places that change, for the title: "approvedScopes, scopes and the operator token". */
	places: string;
}

/**
 * Add exactly `scopes` everywhere the gateway checks them and they are not yet listed: the approval baseline
 * (approvedScopes, kept equal to scopes) and, when `withToken`, the operator token. Nothing else is added: the
 * gateway counts operator.admin as every operator scope and operator.write as operator.read when it checks a
 * connect against the token and the baseline (operatorScopeSatisfied), so the implied scopes its own approve
 * also stores (normalizeDeviceAuthScopes) are not needed, and the real 2026.6.6 gateway accepts the result
 * (test/gateway/pairingFiles.test.ts).
 */
function grantScopes(record: JsonObject, scopes: string[], withToken: boolean): Grant {
	const changes: RecordChange[] = [];
	const places: string[] = [];
	const add = (path: JsonPath, list: string[], place: string) => {
		const added = scopes.filter((s, i) => !list.includes(s) && scopes.indexOf(s) === i);
		if (added.length === 0) return;
		changes.push({ path, value: [...list, ...added] });
		places.push(place);
	};
	const fields = (['approvedScopes', 'scopes'] as const).filter((f) => Array.isArray(record[f]));
	// With neither list, approvedScopes alone is the baseline the gateway reads (two inserts at one spot would collide).
	if (fields.length === 0) fields.push(baselineField(record) ?? 'approvedScopes');
	for (const field of fields) add([field], stringArray(record[field]) ?? [], field);
	const token = isObject(record.tokens) ? record.tokens.operator : undefined;
	if (withToken && isObject(token)) add(['tokens', 'operator', 'scopes'], stringArray(token.scopes) ?? [], 'the operator token');
	return { changes, places: listed(places) };
}

/** "a", "a and b", "a, b and c". */
function listed(items: string[]): string {
	return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function recordOf(doc: ParsedDocument, key: string | undefined): JsonObject | undefined {
	const root = doc.value;
	const record = key !== undefined && isObject(root) ? root[key] : undefined;
	return isObject(record) ? record : undefined;
}

/** deviceId from the public key; in paired.json the map key follows it (in pending.json the key is the requestId). */
function fixDeviceId(doc: ParsedDocument, data: DiagnosticData, kind: FileKind): QuickFix[] {
	const expected = data.expected;
	if (!expected) return [];
	const title = `Use deviceId ${expected.slice(0, 12)}… (derived from the public key)`;
	if (kind !== 'paired' && kind !== 'pending') return [{ title, edits: [replaceValue(doc, data.path, expected)], isPreferred: true }];
	const key = data.recordKey;
	const root = doc.value;
	const record = key !== undefined && isObject(root) ? root[key] : undefined;
	if (!key || !isObject(record)) return [];
	const edits: OffsetEdit[] = [];
	if (record.deviceId !== expected) edits.push(replaceValue(doc, [key, 'deviceId'], expected));
	if (kind === 'paired' && key !== expected) {
		if (doc.entry(expected)) return []; // renaming would collide with another record
		edits.push(replaceKey(doc, key, expected));
	}
	return [{ title: kind === 'paired' ? `${title} for the key and deviceId` : title, edits, isPreferred: true }];
}

function replaceValue(doc: ParsedDocument, path: JsonPath, value: string): OffsetEdit {
	const span = doc.locate(path, 'value');
	return { offset: span.offset, length: span.length, newText: JSON.stringify(value) };
}

function replaceKey(doc: ParsedDocument, key: string, newKey: string): OffsetEdit {
	const span = doc.locate([key], 'key');
	return { offset: span.offset, length: span.length, newText: JSON.stringify(newKey) };
}

/**
 * Edit one record through jsonc-parser's modify on that record's text only, so a fix costs the same in a huge file.
 * Each change replaces just its own array, so an edit never carries the record's other values (its token) along.
 */
function editRecord(doc: ParsedDocument, key: string, plan: (record: JsonObject) => RecordChange[]): OffsetEdit[] | DeferredEdits {
	const entry = doc.entry(key);
	const root = doc.value;
	const record = isObject(root) ? root[key] : undefined;
	if (!entry || !isObject(record)) return [];
	const changes = plan(record);
	return changes.length === 0 ? [] : new DeferredEdits(() => recordEdits(doc, entry, changes), entry.valueSpan.length);
}

function recordEdits(doc: ParsedDocument, entry: TopLevelEntry, changes: RecordChange[]): OffsetEdit[] {
	const slice = doc.text.substr(entry.valueSpan.offset, entry.valueSpan.length);
	const options = formattingFor(doc, entry);
	// A big record is edited with its long strings emptied: the same edits, without modify scanning a megabyte.
	const slim = slice.length > DEFER_ABOVE_CHARS ? withoutLongStrings(slice, LONG_STRING_CHARS) : { text: slice, toOriginal: (o: number) => o };
	const edits = changes
		.flatMap((change) => modify(slim.text, change.path, change.value, { formattingOptions: options }))
		.map((e) => {
			const offset = slim.toOriginal(e.offset);
			return { offset: entry.valueSpan.offset + offset, length: slim.toOriginal(e.offset + e.length) - offset, newText: e.content };
		})
		.sort((a, b) => a.offset - b.offset);
	// Changes touch different arrays, so their edits are disjoint; insertions at one point keep their order.
	for (let i = 1; i < edits.length; i++) {
		if (edits[i].offset < edits[i - 1].offset + edits[i - 1].length) throw new Error('overlapping quick-fix edits');
	}
	return edits;
}

function removeTopLevel(doc: ParsedDocument, key: string): OffsetEdit[] | DeferredEdits {
	// The gateway writes an empty store as {}; removing the last record should leave exactly that.
	if (doc.entries.length === 1 && doc.entries[0].key === key && doc.rootSpan) return [{ ...doc.rootSpan, newText: '{}' }];
	const remove = () =>
		modify(doc.text, [key], undefined, { formattingOptions: formattingFor(doc, doc.entry(key)) }).map((e) => ({
			offset: e.offset,
			length: e.length,
			newText: e.content,
		}));
	// modify parses the whole file: deferred only when there is a record to remove (else it edits nothing).
	return doc.entry(key) ? new DeferredEdits(remove, doc.text.length) : remove();
}

/** Indentation as the file has it (the gateway writes 2 spaces), read from the record's first indented line. */
function formattingFor(doc: ParsedDocument, entry: TopLevelEntry | undefined): FormattingOptions {
	const from = entry ? entry.valueSpan.offset : 0;
	const sample = doc.text.slice(from, from + 400);
	const match = /\n([ \t]+)\S/.exec(sample);
	const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
	if (match && match[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
	const lineStart = doc.text.lastIndexOf('\n', from) + 1;
	const recordIndent = /^[ ]*/.exec(doc.text.slice(lineStart, from))?.[0].length ?? 0;
	const inner = match ? match[1].length : recordIndent + 2;
	return { insertSpaces: true, tabSize: Math.max(1, inner - recordIndent) || 2, eol };
}
