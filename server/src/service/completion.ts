import type { FileKind } from '../../../core/src/openclaw/fileKind';
import type { ParsedDocument } from './parser/jsonDocument';
import { allScopes, JSON_ERA_LAST_VERSION, knownIn, satisfiedBy } from '../../../core/src/scopes/scopeCatalog';
import { scopeSlotAt } from './scopeLocation';

export interface ScopeCompletion {
	label: string;
	detail: string;
	documentation: string;
	/** Replacement for the string under the cursor (or an insertion when there is none). */
	edit: { offset: number; length: number; newText: string };
	sortText: string;
	deprecated: boolean;
}

/** Scope names for a scope list, described from the catalog; scopes this store's gateway line doesn't know sort last. */
export function completeScopes(doc: ParsedDocument, kind: FileKind, offset: number): ScopeCompletion[] {
	const slot = scopeSlotAt(doc, kind, offset);
	if (!slot || slot.role !== 'operator') return [];
	const replace = slot.literal ?? wordAround(doc.text, offset);
	return allScopes().map((scope, index) => {
		const current = knownIn(scope.name, JSON_ERA_LAST_VERSION);
		const impliedBy = satisfiedBy(scope.name, JSON_ERA_LAST_VERSION);
		return {
			label: scope.name,
			detail: scope.summary,
			documentation: [
				scope.detail,
				impliedBy.length ? `Also granted by: ${impliedBy.map((s) => `\`${s}\``).join(', ')}.` : '',
				current ? `Known since OpenClaw ${scope.since}.` : `Only OpenClaw ${scope.since}+ knows it; those versions no longer read this file.`,
			]
				.filter(Boolean)
				.join('\n\n'),
			edit: { offset: replace.offset, length: replace.length, newText: JSON.stringify(scope.name) },
			sortText: `${current ? 0 : 1}${String(index).padStart(2, '0')}`,
			deprecated: !current,
		};
	});
}

/** A bare word typed without quotes (`op|`) is replaced whole, so accepting gives `"operator.admin"`, not `op"…"`. */
function wordAround(text: string, offset: number): { offset: number; length: number } {
	const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_.-]/.test(c);
	let start = offset;
	let end = offset;
	while (isWord(text[start - 1])) start--;
	while (isWord(text[end])) end++;
	return { offset: start, length: end - start };
}
