import { Code } from '../diagnosticCodes';
import { RuleContext, deviceLabel, isObject, plain, records } from '../ruleContext';
import { parsePairedDevice } from '../../../../core/src/pairing/listParsing';
import { LocalAuthIssue, localAuthIssues } from '../../../../core/src/pairing/localDeviceAuth';

/**
 * paired.json against this machine's own cached device tokens (settings.related.local): a cache that predates the
 * gateway's token, holds other scopes, or holds a role the device lost fails its next connect with "device token
 * mismatch" (openclaw doctor's local-token-stale / local-scopes-mismatch / local-role-no-longer-approved, 2026.9.6).
 */
export function localDeviceAuthRule(ctx: RuleContext): void {
	const local = ctx.settings.related?.local;
	if (!local) return;
	for (const { key, record } of records(ctx)) {
		if (key !== local.deviceId) continue;
		const who = deviceLabel(key, record);
		const tokens = isObject(record.tokens) ? record.tokens : {};
		for (const issue of localAuthIssues(local, parsePairedDevice(record))) {
			const role = plain(issue.role);
			const at = isObject(tokens[issue.role]) ? [key, 'tokens', issue.role] : [key];
			const rotate = `"openclaw devices rotate --device ${key} --role ${role}"`;
			const refresh = `Connect once with the shared gateway token (it stores the current token), or rotate it with ${rotate}.`;
			ctx.report(
				codeOf(issue),
				'warning',
				`This machine's cached ${role} token (${local.source}) for ${who} ${what(issue)} ${issue.kind === 'role-not-approved' ? `Connect once with the shared gateway token to refresh the cache, or delete its ${role} entry.` : refresh}`,
				at,
				{
					target: 'key',
					data: { role: issue.role },
				},
			);
		}
	}
}

function codeOf(issue: LocalAuthIssue) {
	if (issue.kind === 'stale') return Code.LocalTokenStale;
	if (issue.kind === 'scopes-drift') return Code.LocalScopesDrift;
	return Code.LocalRoleNotApproved;
}

function what(issue: LocalAuthIssue): string {
	switch (issue.kind) {
		case 'stale':
			return 'is older than the token the gateway issued (a rotation since): it is refused with "device token mismatch".';
		case 'scopes-drift':
			return `holds other scopes (${issue.cached.join(', ') || 'none'}) than the gateway's token (${issue.gateway.join(', ') || 'none'}).`;
		case 'role-not-approved':
			return 'is for a role the device is no longer approved for and has no active token in: the gateway refuses it.';
	}
}
