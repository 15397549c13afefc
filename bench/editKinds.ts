// The kinds of edit the LSP latency bench measures (issue 14): each is a pair of changes, original → variant → back,
// so the document returns to the generated file after every even-numbered step and every kind starts from it.
import type { Diagnostic } from 'vscode-languageserver-types';
import { GeneratedPairedFile, LineIndex, pairedRecord } from './pairedFile';
import type { ContentChange } from './servers';
import { TYPO_SCOPE, VALID_SCOPE } from './lspLatencyConfig';

export const EDIT_KINDS = ['typing', 'resync', 'record', 'outside', 'syntax', 'paste'] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

export const KIND_LABELS: Record<EditKind, string> = {
	typing: 'typing in a record (scope ↔ typo, one range)',
	resync: 'full-text resync (the whole text, no range; the typo ↔ back)',
	record: 'adding / removing a record',
	outside: 'an edit outside any record (newline after the root)',
	syntax: 'breaking / fixing the syntax (a colon deleted / put back)',
	paste: 'a paste of a whole new file (select all; two devices’ lastSeenAtMs differ, at ¼ and ¾)',
};

export interface KindPlan {
	kind: EditKind;
	/** Changes original → variant and variant → original. */
	forward: ContentChange[];
	back: ContentChange[];
	/** What our server must report on the variant (undefined: nothing) and the JSON server must (syntax only). */
	variantCode: string | undefined;
}

/** Whether `diagnostics` are what this state must give: the variant's code (ours), or none / a syntax error (JSON). */
export function expected(plan: KindPlan, variant: boolean, ours: boolean, diagnostics: Diagnostic[]): boolean {
	if (!variant) return diagnostics.length === 0;
	if (plan.kind === 'syntax') return diagnostics.length > 0 && (!ours || diagnostics.some((d) => d.code === 'json-syntax'));
	if (!ours || plan.variantCode === undefined) return diagnostics.length === 0;
	return diagnostics.some((d) => d.code === plan.variantCode);
}

function wholeRange(text: string): NonNullable<ContentChange['range']> {
	return { start: { line: 0, character: 0 }, end: new LineIndex(text).positionAt(text.length) };
}

/** One replacement at [from, to) of `text` and the change that undoes it. */
function splice(text: string, from: number, to: number, insert: string): { forward: ContentChange[]; back: ContentChange[] } {
	const before = new LineIndex(text);
	const variant = text.slice(0, from) + insert + text.slice(to);
	const after = new LineIndex(variant);
	return {
		forward: [{ range: { start: before.positionAt(from), end: before.positionAt(to) }, text: insert }],
		back: [{ range: { start: after.positionAt(from), end: after.positionAt(from + insert.length) }, text: text.slice(from, to) }],
	};
}

/** Offset of `needle` after the record `key` begins. */
function inRecord(text: string, key: string, needle: string): number {
	const at = text.indexOf(needle, text.indexOf(`"${key}": {`));
	if (at < 0) throw new Error(`generated file lacks ${needle} in ${key}`);
	return at;
}

export function planKinds(file: GeneratedPairedFile): KindPlan[] {
	const { text, keys } = file;
	const middle = keys[Math.floor(keys.length / 2)];
	const scopeAt = inRecord(text, middle, `"${VALID_SCOPE}"`) + 1;
	const typo = text.slice(0, scopeAt) + TYPO_SCOPE + text.slice(scopeAt + VALID_SCOPE.length);
	const recordStart = text.lastIndexOf('\n', text.indexOf(`"${middle}": {`)) + 1;
	const fresh = pairedRecord(keys.length + 1);
	const added = `  ${JSON.stringify(String(fresh.deviceId))}: ${JSON.stringify(fresh, null, 2).replace(/\n/g, '\n  ')},\n`;
	const colon = inRecord(text, middle, '"platform":') + '"platform"'.length;
	const changed = (t: string, key: string) => {
		const at = inRecord(t, key, '"lastSeenAtMs": ') + '"lastSeenAtMs": '.length;
		const end = t.indexOf(',', at);
		return t.slice(0, at) + String(Number(t.slice(at, end)) + 1) + t.slice(end);
	};
	const pasted = changed(changed(text, keys[Math.floor(keys.length / 4)]), keys[Math.floor((3 * keys.length) / 4)]);
	return [
		{ kind: 'typing', ...splice(text, scopeAt, scopeAt + VALID_SCOPE.length, TYPO_SCOPE), variantCode: 'unknown-scope' },
		{ kind: 'resync', forward: [{ text: typo }], back: [{ text }], variantCode: 'unknown-scope' },
		{ kind: 'record', ...splice(text, recordStart, recordStart, added), variantCode: undefined },
		{ kind: 'outside', ...splice(text, text.length, text.length, '\n'), variantCode: undefined },
		{ kind: 'syntax', ...splice(text, colon, colon + 1, ''), variantCode: 'json-syntax' },
		{ kind: 'paste', forward: [{ range: wholeRange(text), text: pasted }], back: [{ range: wholeRange(pasted), text }], variantCode: undefined },
	];
}
