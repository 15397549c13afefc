import { Code, Finding } from './diagnosticCodes';
import type { FileKind } from './fileKind';
import { ParsedDocument } from './jsonDocument';
import { Rule, RuleContext, shown, ValidationSettings } from './ruleContext';
import { deviceIdentityRule } from './rules/consistency';
import { deviceAuthFileRule, deviceIdentityFileRule } from './rules/identityFiles';
import { missingScopesRule } from './rules/missingScopes';
import { pendingRequestsRule } from './rules/pendingRequests';
import { preUpgradeRule } from './rules/preUpgrade';
import { schemaRule } from './rules/schema';
import { scopeNamesRule } from './rules/scopeNames';
import { timestampsRule } from './rules/timestamps';
import { tokensRule } from './rules/tokens';

const RULES: Record<Exclude<FileKind, 'migrated'>, Rule[]> = {
	paired: [schemaRule, preUpgradeRule, deviceIdentityRule, scopeNamesRule, missingScopesRule, tokensRule, timestampsRule],
	pending: [schemaRule, pendingRequestsRule, scopeNamesRule, timestampsRule],
	device: [schemaRule, deviceIdentityFileRule],
	'device-auth': [schemaRule, deviceAuthFileRule, scopeNamesRule],
};

/** Every finding for one pairing file, in document order. */
export function validateDocument(doc: ParsedDocument, kind: FileKind, settings: ValidationSettings): Finding[] {
	if (kind === 'migrated') return [migratedNotice(doc)];
	const ctx = new RuleContext(doc, kind, settings);
	for (const problem of doc.syntaxErrors) {
		ctx.findings.push({ code: Code.JsonSyntax, severity: 'error', message: problem.message, offset: problem.offset, length: problem.length, data: { path: [] } });
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
	// Rules reason about the loaded value; with a syntax error the gateway loads nothing, so they would mislead.
	if (doc.syntaxErrors.length === 0) for (const rule of RULES[kind]) rule(ctx);
	return ctx.findings.sort((a, b) => a.offset - b.offset);
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
