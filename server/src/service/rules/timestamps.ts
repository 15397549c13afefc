import { Code } from '../diagnosticCodes';
import type { JsonPath } from '../parser/jsonDocument';
import { RuleContext, isObject, records } from '../ruleContext';

const DAY_MS = 86_400_000;
/** 2001-09-09 in ms; a smaller positive value is almost surely seconds, not milliseconds. */
const SECONDS_NOT_MS = 1_000_000_000_000;
const FIELDS = ['createdAtMs', 'approvedAtMs', 'lastSeenAtMs', 'ts', 'refreshedAtMs', 'updatedAtMs'];
const TOKEN_FIELDS = ['createdAtMs', 'rotatedAtMs', 'revokedAtMs', 'lastUsedAtMs'];

/** Plausibility of timestamps the schema already types: seconds instead of ms, the future, approval before creation. */
export function timestampsRule(ctx: RuleContext): void {
	const now = ctx.settings.now();
	for (const { key, record } of records(ctx)) {
		for (const field of FIELDS) check(ctx, record[field], [key, field], now);
		if (typeof record.createdAtMs === 'number' && typeof record.approvedAtMs === 'number' && record.approvedAtMs < record.createdAtMs) {
			ctx.report(Code.BadTimestamp, 'warning', 'approvedAtMs is earlier than createdAtMs: a device is approved after it is created.', [key, 'approvedAtMs']);
		}
		if (!isObject(record.tokens)) continue;
		for (const [role, token] of Object.entries(record.tokens)) {
			if (isObject(token)) for (const field of TOKEN_FIELDS) check(ctx, token[field], [key, 'tokens', role, field], now);
		}
	}
}

function check(ctx: RuleContext, value: unknown, path: JsonPath, now: number): void {
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return; // the schema reports those
	if (value > 0 && value < SECONDS_NOT_MS) {
		ctx.report(
			Code.BadTimestamp,
			'warning',
			`${String(path[path.length - 1])} looks like seconds, not milliseconds (${new Date(value * 1000).toISOString()} if it were seconds). OpenClaw compares it with Date.now().`,
			path,
		);
	} else if (value > now + DAY_MS) {
		ctx.report(Code.BadTimestamp, 'warning', `${String(path[path.length - 1])} is in the future (${new Date(value).toISOString()}).`, path);
		ctx.dependsOnClock(path, -Infinity, value - DAY_MS); // no longer "in the future" from then on
	} else {
		ctx.dependsOnClock(path, value - DAY_MS, Infinity); // "in the future" if the clock were set back before that
	}
}
