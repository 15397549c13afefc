import { Code } from '../diagnosticCodes';
import { RuleContext, deviceLabel, records } from '../ruleContext';
import { isSqliteEra } from '../../../../core/src/scopes/scopeCatalog';

/**
 * What the 2026.8+ SQLite import (migrateLegacyDevicePairingStore) would skip or crash on, found before the upgrade:
 * a record without a non-empty publicKey or without safe-integer createdAtMs/approvedAtMs is skipped (the device has to
 * pair again), and pending requests mixed into paired.json crashed 2026.8.1 (openclaw#134340). A store already in
 * SQLite has been imported: nothing to predict.
 */
export function preUpgradeRule(ctx: RuleContext): void {
	if (isSqliteEra(ctx.storeVersion)) return;
	for (const { key, record } of records(ctx)) {
		if (looksPending(record)) {
			ctx.report(
				Code.PendingInPaired,
				'error',
				`This is a pending pairing request, not a paired device (it has requestId/ts and no approvedAtMs). The gateway never approves it from here, and the 2026.8 SQLite import crash-looped on such records (openclaw#134340). Approve it with "openclaw devices approve${typeof record.requestId === 'string' ? ` ${record.requestId}` : ''}" instead.`,
				[key],
				{ target: 'key' },
			);
			continue;
		}
		const reasons: string[] = [];
		if (typeof record.publicKey !== 'string' || record.publicKey.trim() === '') reasons.push('no publicKey');
		for (const field of ['createdAtMs', 'approvedAtMs']) {
			if (!Number.isSafeInteger(record[field])) reasons.push(`${field} is not a whole number`);
		}
		if (reasons.length > 0) {
			ctx.report(
				Code.UpgradeImportSkipsRecord,
				'warning',
				`Upgrading to OpenClaw 2026.8 or later will drop ${deviceLabel(key, record)} (${reasons.join(', ')}): the SQLite import skips the record and the device must pair again.`,
				[key],
				{ target: 'key' },
			);
		}
	}
}

function looksPending(record: Record<string, unknown>): boolean {
	return ('requestId' in record || 'ts' in record) && !('approvedAtMs' in record);
}
