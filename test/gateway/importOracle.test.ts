// The pre-upgrade prediction (core/src/openclaw/legacyImport.ts) against OpenClaw's OWN import code: for generated and
// mutated paired.json files, the records we predict dropped must be the records the real import drops, and the fields
// we predict dropped must be the fields missing from what the gateway then reads back, for 2026.8.1 (startup import)
// and 2026.9.6 (doctor --fix). One Node 24 child per version runs the whole batch (test/support/importOracle.ts).
// Every field class meets every awkward value alone, then random cases: seed IMPORT_ORACLE_SEED (default a fixed one),
// IMPORT_ORACLE_CASES random cases per version (default 150).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ImportPrediction, ImportTarget, predictImport } from '../../core/src/openclaw/legacyImport';
import { PAIRED_COLUMNS } from '../../core/src/openclaw/legacyImportFields';
import { OracleCase, OracleResult, runImportOracle } from '../support/importOracle';
import { generateImportCases } from '../support/legacyPairedGen';

const SEED = Number(process.env.IMPORT_ORACLE_SEED ?? 20261213);
const CASES = Number(process.env.IMPORT_ORACLE_CASES ?? 150);
const VERSIONS: Record<string, ImportTarget> = { '2026.8.1': '8.x', '2026.9.6': '9.x' };

type Rec = Record<string, unknown>;

/** Everything about one case where prediction and oracle disagree (empty: they agree). */
function compare(c: OracleCase, actual: OracleResult, target: ImportTarget): string[] {
	const value: unknown = JSON.parse(c.paired);
	const predicted = predictImport(value, target, { existingDeviceIds: actual.existingIds });
	const problems: string[] = [];
	const outcome = actual.error ? 'fails' : actual.unreadable ? 'unreadable' : newIds(actual).length > 0 ? 'imports' : 'nothing';
	if (predicted.outcome !== outcome) problems.push(`outcome: predicted ${predicted.outcome}, actual ${outcome} (${actual.error ?? actual.unreadable ?? ''})`);
	if (predicted.archived !== actual.archived) problems.push(`archived: predicted ${predicted.archived}, actual ${actual.archived}`);
	if (outcome !== 'imports' || predicted.outcome !== 'imports') return problems;
	// The records dropped: every key of the file whose device did not come out of this import.
	const keys = isRecord(value) ? Object.keys(value) : [];
	const droppedBy = (imported: (id: string) => boolean) => keys.filter((k) => !imported(k.trim())).sort();
	const actualIds = new Set(newIds(actual));
	const predictedDropped = droppedBy((id) => predicted.imported.has(id));
	const actualDropped = droppedBy((id) => actualIds.has(id));
	if (JSON.stringify(predictedDropped) !== JSON.stringify(actualDropped)) {
		problems.push(`dropped records: predicted ${JSON.stringify(predictedDropped)}, actual ${JSON.stringify(actualDropped)}`);
	}
	for (const [deviceId, key] of predicted.imported) {
		const row = actual.paired?.[deviceId];
		if (row) problems.push(...compareFields(deviceId, (value as Rec)[key] as Rec, row, predicted));
	}
	return problems;
}

/** The fields of one imported record missing from the row, and the kept fields whose value must survive as is. */
function compareFields(deviceId: string, record: Rec, row: Rec, predicted: ImportPrediction): string[] {
	const outcome = predicted.records.find((r) => r.deviceId === deviceId && r.prediction.fate === 'imported');
	const dropped = outcome?.prediction.fate === 'imported' ? outcome.prediction.fieldsDropped.map((f) => f.field).sort() : [];
	const actual = Object.keys(record)
		.filter((f) => f !== 'deviceId' && record[f] !== undefined && !(f in row))
		.sort();
	const problems: string[] = [];
	const at = `device ${deviceId.slice(0, 12)}`;
	if (JSON.stringify(dropped) !== JSON.stringify(actual))
		problems.push(`${at}: dropped fields predicted ${JSON.stringify(dropped)}, actual ${JSON.stringify(actual)}`);
	if (row.deviceId !== deviceId) problems.push(`${at}: imported as ${JSON.stringify(row.deviceId)}`);
	for (const [field, v] of Object.entries(record)) {
		const kind = PAIRED_COLUMNS[field]?.kind;
		// Text stays text; JSON columns round-trip (the node surfaces aside: 2026.9 narrows a desktop.stream approval).
		const exact = (kind === 'text' && typeof v === 'string') || (kind === 'json' && field !== 'nodeSurface' && field !== 'pendingNodeSurface');
		if (exact && field in row && JSON.stringify(row[field]) !== JSON.stringify(v)) problems.push(`${at}: ${field} changed to ${JSON.stringify(row[field])}`);
	}
	return problems;
}

function newIds(actual: OracleResult): string[] {
	return Object.keys(actual.paired ?? {}).filter((id) => !actual.existingIds.includes(id));
}

function isRecord(v: unknown): v is Rec {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

for (const [version, target] of Object.entries(VERSIONS)) {
	describe(`pre-upgrade prediction vs openclaw ${version}'s own import (${target})`, () => {
		test(`every field class × value, and ${CASES} random state dirs, seed ${SEED}`, { timeout: 150_000 }, async () => {
			const cases = generateImportCases(SEED, CASES);
			const results = await runImportOracle(version, cases);
			assert.equal(results.length, cases.length);
			const failures: string[] = [];
			const seen = { fails: 0, unreadable: 0, imports: 0, nothing: 0, droppedFields: 0, droppedRecords: 0 };
			results.forEach((actual, i) => {
				const c = cases[i] as OracleCase;
				const problems = compare(c, actual, target);
				if (problems.length > 0) failures.push(`case ${i}: ${problems.join('; ')}\n    paired.json: ${c.paired.slice(0, 600)}`);
				const p = predictImport(JSON.parse(c.paired), target, { existingDeviceIds: actual.existingIds });
				seen[p.outcome]++;
				for (const r of p.records) {
					if (r.prediction.fate === 'imported') seen.droppedFields += r.prediction.fieldsDropped.length;
					else seen.droppedRecords++;
				}
			});
			console.log(`${version}: ${JSON.stringify(seen)}`);
			assert.deepEqual(failures.slice(0, 8), [], `seed ${SEED}: ${failures.length} of ${cases.length} cases disagree with openclaw ${version}`);
			// The batch must exercise each outcome the release has, or agreeing proves little.
			assert.ok(seen.imports > cases.length / 5 && seen.droppedFields > 20 && seen.droppedRecords > 20, JSON.stringify(seen));
			assert.ok(seen.fails > 0, JSON.stringify(seen));
			if (target === '8.x') assert.ok(seen.unreadable > 0, JSON.stringify(seen));
		});
	});
}
