import { Code, Finding } from './diagnosticCodes';
import { ALWAYS, CachedFinding, RecordFindingsCache } from './findingsCache';
import type { FileKind } from '../../../core/src/openclaw/fileKind';
import { ParsedDocument } from './parser/jsonDocument';

export { RecordFindingsCache } from './findingsCache';
import { isObject, JsonObject, Rule, RuleContext, shown, ValidationSettings } from './ruleContext';
import { deviceAuthFileRule } from './rules/deviceAuthFile';
import { deviceIdentityRule } from './rules/deviceIdentity';
import { deviceIdentityFileRule } from './rules/deviceIdentityFile';
import { localDeviceAuthRule } from './rules/localDeviceAuth';
import { missingScopesRule } from './rules/missingScopes';
import { pendingKindsRule } from './rules/pendingKinds';
import { pendingRequestsRule } from './rules/pendingRequests';
import { preUpgradeRule } from './rules/preUpgrade';
import { schemaRule } from './rules/schema';
import { scopeNamesRule } from './rules/scopeNames';
import { timestampsRule } from './rules/timestamps';
import { tokensRule } from './rules/tokens';

const RULES: Record<Exclude<FileKind, 'migrated'>, Rule[]> = {
	paired: [schemaRule, preUpgradeRule, deviceIdentityRule, scopeNamesRule, missingScopesRule, tokensRule, localDeviceAuthRule, timestampsRule],
	pending: [schemaRule, pendingRequestsRule, pendingKindsRule, scopeNamesRule, timestampsRule],
	device: [schemaRule, deviceIdentityFileRule],
	'device-auth': [schemaRule, deviceAuthFileRule, scopeNamesRule],
};

/** Every finding for one pairing file, in document order. */
export function validateDocument(doc: ParsedDocument, kind: FileKind, settings: ValidationSettings, cache?: RecordFindingsCache): Finding[] {
	if (kind === 'migrated') return [migratedNotice(doc)];
	// Findings cached by a record's text alone would miss a change in the related stores: those are checked whole.
	if (cache && kind === 'paired' && doc.syntaxErrors.length === 0 && !settings.related) {
		const cached = validateWithCache(doc, settings, cache);
		if (cached) return cached;
	}
	const ctx = new RuleContext(doc, kind, settings);
	pushDocumentFindings(ctx);
	// Rules reason about the loaded value; with a syntax error the gateway loads nothing, so they would mislead.
	if (doc.syntaxErrors.length === 0) for (const rule of RULES[kind]) rule(ctx);
	return ctx.findings.sort((a, b) => a.offset - b.offset);
}

/** Syntax errors and duplicate keys: what JSON.parse hides, found by the scanner. */
function pushDocumentFindings(ctx: RuleContext): void {
	const doc = ctx.doc;
	for (const problem of doc.syntaxErrors) {
		ctx.findings.push({
			code: Code.JsonSyntax,
			severity: 'error',
			message: problem.message,
			offset: problem.offset,
			length: problem.length,
			data: { path: [] },
		});
	}
	for (const dup of doc.duplicateKeys) {
		ctx.findings.push({
			code: Code.DuplicateKey,
			severity: 'error',
			message: `Duplicate key ${shown(dup.key)}: OpenClaw reads the file with JSON.parse, which keeps only the last one, so this entry is silently lost.`,
			offset: dup.offset,
			length: dup.length,
			data: { path: [...dup.parentPath, dup.key] },
		});
	}
}

/**
 * paired.json through the content-keyed cache: the rules run only on records whose text (or the clock) changed since
 * a validation saw them; every other record's findings are rebased onto where its key and value now sit.
 */
function validateWithCache(doc: ParsedDocument, settings: ValidationSettings, cache: RecordFindingsCache): Finding[] | undefined {
	const root = doc.value;
	if (!isObject(root)) return undefined;
	const keys = Object.keys(root);
	// Non-object records are not looked at record by record; such a file is broken anyway, so check it whole.
	if (keys.some((k) => !isObject(root[k]))) return undefined;
	cache.begin(settings);
	const now = settings.now();
	// One pass over the records (10,000 of them in a big file: each allocation per record shows).
	const contentKeys = new Array<string | undefined>(keys.length);
	const hits = new Array<CachedFinding[] | undefined>(keys.length);
	const stale: { key: string; record: JsonObject }[] = [];
	for (let i = 0; i < keys.length; i++) {
		const contentKey = doc.contentKey(keys[i]);
		contentKeys[i] = contentKey;
		hits[i] = contentKey === undefined ? undefined : cache.get(contentKey, now);
		if (!hits[i]) stale.push({ key: keys[i], record: root[keys[i]] as JsonObject });
	}
	// The rules see the clock reading the cache was checked with, so a finding and its window agree.
	const ctx = new RuleContext(doc, 'paired', { ...settings, now: () => now }, stale);
	for (const { key } of stale) ctx.byRecord.set(key, []);
	pushDocumentFindings(ctx);
	for (const rule of RULES.paired) rule(ctx);
	const out = [...ctx.findings];
	keys.forEach((key, i) => {
		const entry = doc.entry(key);
		const contentKey = contentKeys[i];
		if (!entry || contentKey === undefined) return;
		let cached = hits[i];
		if (!cached) {
			cached = (ctx.byRecord.get(key) ?? []).map((finding) => {
				// The record's own key is anchored to the key (it moves with it), everything else to the value.
				const onKey = finding.offset < entry.valueSpan.offset;
				return { finding, anchor: onKey ? 'key' : 'value', relative: finding.offset - (onKey ? entry.keySpan.offset : entry.valueSpan.offset) };
			});
			cache.set(contentKey, cached, ctx.clockWindows.get(key) ?? ALWAYS);
		}
		for (const c of cached) out.push({ ...c.finding, offset: (c.anchor === 'key' ? entry.keySpan.offset : entry.valueSpan.offset) + c.relative });
	});
	cache.end(keys.length);
	return out.sort((a, b) => a.offset - b.offset);
}

function migratedNotice(doc: ParsedDocument): Finding {
	return {
		code: Code.StateMigrated,
		severity: 'info',
		message:
			'This pairing store was imported by OpenClaw 2026.8 or later and is no longer read: pairing now lives in the gateway (state/openclaw.sqlite). Edits here change nothing; use the OpenClaw sidebar or "openclaw devices list".',
		offset: 0,
		length: Math.min(doc.text.length, 1),
		data: { path: [] },
	};
}
