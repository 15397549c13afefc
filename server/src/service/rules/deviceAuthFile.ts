import { Code } from '../diagnosticCodes';
import { RuleContext, isObject, shown } from '../ruleContext';

/** identity/device-auth.json: a cached token stored under another role key is never used for that role. */
export function deviceAuthFileRule(ctx: RuleContext): void {
	const root = ctx.doc.value;
	if (!isObject(root) || !isObject(root.tokens)) return;
	for (const [role, token] of Object.entries(root.tokens)) {
		if (isObject(token) && typeof token.role === 'string' && token.role !== role) {
			ctx.report(
				Code.TokenRoleMismatch,
				'error',
				`This token says role ${shown(token.role, 32)} but is stored under ${shown(role, 32)}.`,
				['tokens', role, 'role'],
				{ data: { expected: role } },
			);
		}
	}
}
