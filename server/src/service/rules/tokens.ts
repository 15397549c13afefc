import { Code } from '../diagnosticCodes';
import { RuleContext, approvedRoles, baselineField, baselineScopes, isObject, plain, records, shown, stringArray } from '../ruleContext';
import { expandStoredScopes, missingScopes } from '../../../../core/src/scopes/scopeCatalog';

/**
 * Tokens against the approval baseline, as verifyDeviceToken and the connect handler check them:
 * token scopes ⊆ approvedScopes ?? scopes; a token's role must be its key and an approved role; each approved
 * role needs an active token or every connect becomes a role upgrade.
 */
export function tokensRule(ctx: RuleContext): void {
	for (const { key, record } of records(ctx)) {
		const roles = approvedRoles(record);
		const field = baselineField(record);
		const baseline = baselineScopes(record);
		const tokens = isObject(record.tokens) ? record.tokens : {};

		if (Array.isArray(record.scopes) && Array.isArray(record.approvedScopes)) {
			const a = expandStoredScopes(stringArray(record.scopes) ?? []);
			const b = expandStoredScopes(stringArray(record.approvedScopes) ?? []);
			if (a.join('\n') !== b.join('\n')) {
				ctx.report(
					Code.ScopesApprovedDrift,
					'warning',
					'"scopes" and "approvedScopes" differ. The gateway checks connects against approvedScopes only; editing "scopes" alone changes nothing.',
					[key, 'scopes'],
					{ target: 'key', data: { expected: 'approvedScopes' } },
				);
			}
		}

		// No baseline field at all is an empty baseline too (doctor: approvedScopes ?? scopes, normalized).
		if (roles.includes('operator') && baseline.every((s) => !s.trim())) {
			ctx.report(
				Code.EmptyOperatorBaseline,
				'warning',
				`This operator device has no approved scopes: any connect that asks for a scope is a scope upgrade and needs approval again.`,
				field ? [key, field] : [key],
				{ target: 'key' },
			);
		}

		for (const [tokenKey, token] of Object.entries(tokens)) {
			if (!isObject(token)) continue;
			const role = typeof token.role === 'string' ? token.role : undefined;
			if (role !== undefined && role !== tokenKey) {
				ctx.report(
					Code.TokenRoleMismatch,
					'error',
					`This token says role ${shown(role, 32)} but is stored under ${shown(tokenKey, 32)}: the gateway looks tokens up by key, so it checks the wrong role.`,
					[key, 'tokens', tokenKey, 'role'],
					{
						data: { expected: tokenKey },
					},
				);
			}
			if (!roles.includes(tokenKey)) {
				ctx.report(
					Code.TokenRoleNotApproved,
					'warning',
					`There is a ${shown(tokenKey, 32)} token but ${shown(tokenKey, 32)} is not an approved role of this device (roles/role): the gateway ignores the token.`,
					[key, 'tokens', tokenKey],
					{
						target: 'key',
					},
				);
			}
			const scopes = stringArray(token.scopes);
			if (!scopes || token.revokedAtMs !== undefined) continue;
			const beyond = field ? missingScopes(scopes, baseline, tokenKey, ctx.storeVersion) : scopes;
			for (const scope of beyond) {
				const index = scopes.indexOf(scope);
				ctx.report(
					Code.TokenScopeBeyondApproved,
					'error',
					`Token scope ${shown(scope)} is not within the approved scopes: the gateway refuses this device token (AUTH_SCOPE_MISMATCH, "missing scope") on every connect, the stale-token loop. Through the gateway: ${rotateCommand(key, tokenKey, true)}.`,
					[key, 'tokens', tokenKey, 'scopes', index],
					{ data: { scope, missing: [scope] } },
				);
			}
		}

		for (const role of roles) {
			const token = tokens[role];
			if (isObject(token) && token.revokedAtMs === undefined) continue;
			ctx.report(
				Code.RoleWithoutActiveToken,
				'warning',
				`Role ${shown(role, 32)} is approved but has no active token${isObject(token) ? ' (it was revoked)' : ''}: the gateway treats the next ${shown(role, 32)} connect as a role upgrade that needs approval. A fresh token: ${rotateCommand(key, role, false)}.`,
				[key, Array.isArray(record.roles) ? 'roles' : 'role'],
				{ target: 'key', data: { role } },
			);
		}
	}
}

/** openclaw's own fix (doctor's recovery command); a node token beyond its scopes is rotated without any (`--no-scopes`). */
function rotateCommand(deviceId: string, role: string, dropNodeScopes: boolean): string {
	return `"openclaw devices rotate --device ${plain(deviceId, 80)} --role ${plain(role)}${dropNodeScopes && role === 'node' ? ' --no-scopes' : ''}"`;
}
