import { Code } from '../diagnosticCodes';
import { RuleContext, approvedRoles, baselineField, baselineScopes, deviceLabel, isObject, records, stringArray } from '../ruleContext';
import { clientRequirement, missingScopes } from '../../../../core/src/scopes/scopeCatalog';

/**
 * An operator device that will be refused what it is used for: the CLI / TUI / Control UI connect asking for
 * operator.admin, and the gateway answers "pairing required" (scope upgrade) when the approved baseline or the
 * device token lacks it. Also the scopes the openclawPairing.requiredScopes setting asks for.
 */
export function missingScopesRule(ctx: RuleContext): void {
	for (const { key, record } of records(ctx)) {
		if (!approvedRoles(record).includes('operator')) continue;
		const client = clientRequirement(typeof record.clientId === 'string' ? record.clientId : undefined);
		const wanted = [...new Set([...(client?.requires ?? []), ...ctx.settings.requiredScopes])];
		if (wanted.length === 0) continue;
		const fromBaseline = missingScopes(wanted, baselineScopes(record), 'operator', ctx.storeVersion);
		const token = isObject(record.tokens) && isObject(record.tokens.operator) ? record.tokens.operator : undefined;
		const fromToken = token ? missingScopes(wanted, stringArray(token.scopes) ?? [], 'operator', ctx.storeVersion) : [];
		const missing = [...new Set([...fromBaseline, ...fromToken])];
		if (missing.length === 0) continue;
		const who = client ? `${client.label} (${deviceLabel(key, record)})` : deviceLabel(key, record);
		const where = fromBaseline.length > 0 ? 'its approved scopes' : 'its operator token';
		const settingOnly = !client || missing.every((s) => !client.requires.includes(s));
		// On loopback with the shared token the gateway upgrades the CLI/TUI silently: worth a hint, not an error.
		const localOnly = client?.silentLocalUpgrade === true && !isRemote(record.remoteIp);
		const why = settingOnly
			? 'required scopes (the openclawPairing.requiredScopes setting, or --require-scope) ask for it.'
			: localOnly
				? `${client?.why}. On this machine with the shared gateway token the gateway approves that upgrade silently, but with its device token alone, or from another host, it answers "pairing required" (scope upgrade) and the device loops on pairing.`
				: `${client?.why}, so the gateway answers "pairing required" (scope upgrade) and the device loops on pairing.`;
		const field = fromBaseline.length > 0 ? (baselineField(record) ?? undefined) : undefined;
		ctx.report(
			Code.MissingScope,
			settingOnly ? 'warning' : localOnly ? 'hint' : 'error',
			`${capitalize(who)} lacks ${missing.join(', ')} in ${where}: ${why}`,
			field ? [key, field] : token ? [key, 'tokens', 'operator', 'scopes'] : [key],
			{ target: 'key', data: { missing } },
		);
	}
}

/** A recorded client address that is not this machine (silent pairing leaves no remoteIp; loopback is local). */
function isRemote(remoteIp: unknown): boolean {
	if (typeof remoteIp !== 'string' || remoteIp.trim() === '') return false;
	const ip = remoteIp.trim().replace(/^::ffff:/, '');
	return !(ip === '::1' || ip.startsWith('127.') || ip === 'localhost');
}

function capitalize(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}
