import { Code } from '../diagnosticCodes';
import { JsonObject, RuleContext, deviceLabel, isObject, records } from '../ruleContext';
import { isSqliteEra } from '../../../../core/src/scopes/scopeCatalog';
import { DroppedField, IMPORT_RELEASE, RecordPrediction, predictRecord } from '../../../../core/src/openclaw/legacyImport';

const R9 = IMPORT_RELEASE['9.x'];
const R8 = IMPORT_RELEASE['8.x'];

/**
 * What the JSON→SQLite import will do to each record when this JSON-era store is upgraded (core/src/openclaw/legacyImport,
 * proven against OpenClaw's own import code). The prediction is for 2026.9, what `npm i openclaw` installs (its
 * `doctor --fix` and startup import), and each message says where 2026.8.x differs: 2026.8 stores records unchecked,
 * so a single unstorable value fails its whole import. A store already in SQLite has been imported: nothing to predict.
 */
export function preUpgradeRule(ctx: RuleContext): void {
	if (isSqliteEra(ctx.storeVersion)) return;
	for (const { key, record } of recordsAndNonObjects(ctx)) {
		if (isObject(record) && looksPending(record)) {
			ctx.report(
				Code.PendingInPaired,
				'error',
				`This is a pending pairing request, not a paired device (it has requestId/ts and no approvedAtMs). The gateway never approves it from here; the ${R9} import skips it and the ${R8} import fails on it, importing no device (openclaw#134340: a crash loop). Approve it with "openclaw devices approve${typeof record.requestId === 'string' ? ` ${record.requestId}` : ''}" instead.`,
				[key],
				{ target: 'key' },
			);
			continue;
		}
		const label = deviceLabel(key, isObject(record) ? record : {});
		const p9 = predictRecord(record, '9.x');
		const p8 = predictRecord(record, '8.x');
		if (p9.fate === 'skipped') {
			const why = p9.problems.map((p) => p.why).join(', ');
			ctx.report(
				Code.UpgradeImportSkipsRecord,
				'warning',
				`Upgrading to OpenClaw ${R9} will drop ${label} (${why}): its import skips the record and the device must pair again. ${contrast8(p8)}`,
				[key],
				{ target: 'key' },
			);
		} else if (p9.fate === 'fails') {
			const why = p9.problems.map((p) => p.why).join(', ');
			ctx.report(
				Code.UpgradeImportSkipsRecord,
				'error',
				`Upgrading to OpenClaw ${R9} will import no device at all: ${label} makes its import throw (${why}), so paired.json stays and no device is paired until it is fixed. ${contrast8(p8)}`,
				[key],
				{ target: 'key' },
			);
		} else {
			for (const dropped of p9.fieldsDropped) {
				if (dropped.reason !== 'wrong-type' && dropped.reason !== 'unknown-approval-kind') continue; // null or no column: nothing to lose
				ctx.report(
					Code.UpgradeImportDropsField,
					'warning',
					`Upgrading to OpenClaw ${R9} will drop "${dropped.field}" from ${label} (${dropped.why}): the device stays paired without it. ${fieldIn8(dropped, p8)}`,
					[key, dropped.field],
					{ target: 'key' },
				);
			}
		}
	}
}

/** What 2026.8.x does with a record 2026.9 skips or fails on. */
function contrast8(p8: RecordPrediction): string {
	if (p8.fate === 'imported' && p8.unreadable.length === 0) return `${R8}.x would import it.`;
	if (p8.fate === 'imported') return `${R8}.x would import it and then fail every pairing read (${p8.unreadable.map((p) => p.why).join(', ')}).`;
	return `${R8}.x would import no device at all (${p8.problems.map((p) => p.why).join(', ')}): its import fails and leaves paired.json in place.`;
}

/** What 2026.8.x does with a field 2026.9 drops. */
function fieldIn8(dropped: DroppedField, p8: RecordPrediction): string {
	if (p8.fate !== 'imported') {
		const problem = p8.problems.find((p) => p.field === dropped.field);
		return problem ? `${R8}.x would import no device at all: ${problem.why}.` : '';
	}
	const unreadable = p8.unreadable.find((p) => p.field === dropped.field);
	if (unreadable) return `${R8}.x would store it and then fail every pairing read (${unreadable.why}).`;
	if (p8.fieldsDropped.some((f) => f.field === dropped.field)) return `${R8}.x drops it too.`;
	return `${R8}.x would keep it.`;
}

/** The object records, and (checked whole, never per record: see validateWithCache) the ones that are not objects. */
function* recordsAndNonObjects(ctx: RuleContext): Generator<{ key: string; record: unknown }> {
	yield* records(ctx);
	const root = ctx.doc.value;
	if (ctx.only || !isObject(root)) return;
	for (const key of Object.keys(root)) if (!isObject(root[key])) yield { key, record: root[key] };
}

function looksPending(record: JsonObject): boolean {
	return ('requestId' in record || 'ts' in record) && !('approvedAtMs' in record);
}
