import { Code } from '../diagnosticCodes';
import type { JsonPath } from '../parser/jsonDocument';
import { RuleContext, approvedRoles, isObject, records, shown } from '../ruleContext';
import { JSON_ERA_LAST_VERSION, isSqliteEra, knownIn, roleOfScope, scopeInfo, suggestScope } from '../../../../core/src/scopes/scopeCatalog';

/** Every scope list in a record, with the roles its scopes must belong to. */
function* scopeLists(record: Record<string, unknown>, key: string, kind: string): Generator<{ path: JsonPath; list: unknown[]; roles: string[] }> {
	const roles = kind === 'pending' ? rolesOfPending(record) : approvedRoles(record);
	for (const field of ['scopes', 'approvedScopes']) {
		const list = record[field];
		if (Array.isArray(list)) yield { path: [key, field], list, roles };
	}
	if (isObject(record.tokens)) {
		for (const [tokenKey, token] of Object.entries(record.tokens)) {
			if (isObject(token) && Array.isArray(token.scopes)) {
				const role = typeof token.role === 'string' ? token.role : tokenKey;
				yield { path: [key, 'tokens', tokenKey, 'scopes'], list: token.scopes, roles: [role] };
			}
		}
	}
}

function rolesOfPending(record: Record<string, unknown>): string[] {
	const roles = Array.isArray(record.roles) ? record.roles.filter((r): r is string => typeof r === 'string') : [];
	if (typeof record.role === 'string') roles.push(record.role);
	return roles;
}

/** Unknown scopes and typos, scopes this store's gateway line doesn't know, and scopes outside the record's roles. */
export function scopeNamesRule(ctx: RuleContext): void {
	if (ctx.kind === 'device-auth') return deviceAuthScopes(ctx);
	for (const { key, record } of records(ctx)) {
		for (const { path, list, roles } of scopeLists(record, key, ctx.kind)) {
			list.forEach((scope, index) => {
				if (typeof scope === 'string') checkScope(ctx, scope, [...path, index], roles);
			});
		}
	}
}

function deviceAuthScopes(ctx: RuleContext): void {
	const root = ctx.doc.value;
	if (!isObject(root) || !isObject(root.tokens)) return;
	for (const [role, token] of Object.entries(root.tokens)) {
		if (!isObject(token) || !Array.isArray(token.scopes)) continue;
		token.scopes.forEach((scope, index) => {
			if (typeof scope === 'string') checkScope(ctx, scope, ['tokens', role, 'scopes', index], [role]);
		});
	}
}

function checkScope(ctx: RuleContext, scope: string, path: JsonPath, roles: string[]): void {
	const role = roleOfScope(scope);
	if (role === 'operator' || (role === undefined && !scope.includes('.'))) {
		const info = scopeInfo(scope);
		if (!info) {
			const replacement = suggestScope(scope);
			ctx.report(
				Code.UnknownScope,
				'error',
				replacement
					? `Unknown scope ${shown(scope)}. Did you mean "${replacement}"? The gateway never grants an unknown scope, so anything that needs "${replacement}" is refused.`
					: `Unknown scope ${shown(scope)}: not one of OpenClaw's operator scopes, so it grants nothing.`,
				path,
				{ data: { scope, replacement } },
			);
			return;
		}
		// A SQLite-era store is read by the release that wrote it, which knows its scopes.
		if (!isSqliteEra(ctx.storeVersion) && !knownIn(scope, JSON_ERA_LAST_VERSION)) {
			ctx.report(
				Code.ScopeNewerThanStore,
				'warning',
				`${shown(scope)} exists only from OpenClaw ${info.since}, which no longer reads this JSON file (it keeps pairing in SQLite). Gateways that read this file (≤ ${JSON_ERA_LAST_VERSION}) don't know it.`,
				path,
				{ data: { scope } },
			);
		}
	}
	if (role && roles.length > 0 && !roles.includes(role)) {
		ctx.report(
			Code.ScopeRoleMismatch,
			'warning',
			`${shown(scope)} belongs to the ${shown(role, 32)} role, but this ${path.includes('tokens') ? 'token is for' : 'device is approved for'} ${roles.map((r) => shown(r, 32)).join(', ')}. The gateway drops scopes of other roles (a node token never carries operator.* scopes).`,
			path,
			{ data: { scope } },
		);
	}
}
