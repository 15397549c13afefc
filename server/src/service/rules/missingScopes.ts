import { Code } from '../diagnosticCodes';
import { RuleContext, approvedRoles, baselineField, baselineScopes, deviceLabel, isObject, records, stringArray } from '../ruleContext';
import {
	ClientRequirement,
	ConnectMode,
	UpgradeOutcome,
	clientRequirement,
	compareVersions,
	isSqliteEra,
	missingScopes,
} from '../../../../core/src/scopes/scopeCatalog';

/**
 * An operator device that will be refused what it is used for: the CLI / TUI / Control UI connect asking for
 * operator.admin, and what the gateway then answers was measured on real gateways (schemas/scopes.json clients
 * "measured"). Also the scopes the openclawPairing.requiredScopes setting asks for.
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
		const field = fromBaseline.length > 0 ? (baselineField(record) ?? undefined) : undefined;
		const range = field ? [key, field] : token ? [key, 'tokens', 'operator', 'scopes'] : [key];
		const data = { target: 'key' as const, data: { missing } };
		const lacks = `${capitalize(who)} lacks ${missing.join(', ')} in ${where}`;
		if (!client || missing.every((s) => !client.requires.includes(s))) {
			ctx.report(
				Code.MissingScope,
				'warning',
				`${lacks}: required scopes (the openclawPairing.requiredScopes setting, or --require-scope) ask for it.`,
				range,
				data,
			);
			continue;
		}
		const verdict = upgradeVerdict(client, isRemote(record.remoteIp) ? 'remote' : client.localAuth, ctx.storeVersion);
		ctx.report(Code.MissingScope, verdict.severity, `${lacks}: ${client.why}. ${verdict.text}`, range, data);
	}
}

const WHERE: Record<ConnectMode, string> = {
	sharedToken: 'On this machine with the shared gateway token',
	deviceToken: 'With its device token',
	remote: 'From another host',
};

const ANSWER: Record<UpgradeOutcome, string> = {
	upgraded: 'grants it silently',
	'pairing-required':
		'answers "pairing required: device is asking for more scopes than currently approved" (close 1008) and leaves a scope-upgrade request pending',
	'scope-mismatch': 'refuses its device token ("device token scope mismatch", close 1008)',
};

/**
 * What the gateways that read this store (the measured versions of its storage era up to `storeVersion`: a JSON file
 * is read by the JSON-era releases, a SQLite store by 2026.8.1+) answer this client's connect in `mode`: an error with
 * what fails unless every one of them grants the scopes silently.
 */
export function upgradeVerdict(client: ClientRequirement, mode: ConnectMode, storeVersion: string): { severity: 'error' | 'hint'; text: string } {
	const versions = Object.keys(client.measured)
		.filter((v) => compareVersions(v, storeVersion) <= 0 && isSqliteEra(v) === isSqliteEra(storeVersion))
		.sort(compareVersions);
	const byOutcome = new Map<UpgradeOutcome, string[]>();
	for (const v of versions) {
		const outcome = client.measured[v][mode];
		byOutcome.set(outcome, [...(byOutcome.get(outcome) ?? []), v]);
	}
	const answers = [...byOutcome].map(([outcome, vs]) => `the gateway (OpenClaw ${vs.join(', ')}) ${ANSWER[outcome]}`).join('; ');
	const silent = byOutcome.size === 1 && byOutcome.has('upgraded');
	// No measurement for this store's versions: say nothing the gateway was not seen to do, and keep it an error.
	if (versions.length === 0) return { severity: 'error', text: `A gateway that does not grant it refuses that connect, so ${client.fails}.` };
	return silent ? { severity: 'hint', text: `${WHERE[mode]}, ${answers}.` } : { severity: 'error', text: `${WHERE[mode]}, ${answers}, so ${client.fails}.` };
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
