// `check` on OpenClaw 2026.8+: the pairing state in state/openclaw.sqlite, rendered as paired.json / pending.json
// (core/src/openclaw/pairingStateDocument.ts) and checked by the same language service as the JSON files. There is no
// file per record, so each finding is named by its record: <stateDir>/state/openclaw.sqlite#device/<deviceId>.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileReport, locate } from './report';
import { PairingStateRecords, renderPairingState, StateDocumentKind, stateRecordName } from '../../core/src/openclaw/pairingStateDocument';
import { readSqlitePairingState } from '../../core/src/openclaw/sqliteState';
import { PAIRED_TABLE } from '../../core/src/openclaw/sqliteRows';
import type { Finding } from '../../server/src/service/diagnosticCodes';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import type { ValidationSettings } from '../../server/src/service/ruleContext';
import { validateDocument } from '../../server/src/service/validation';
import { LATEST_VERSION } from '../../core/src/scopes/scopeCatalog';
import type { LocalDeviceAuth } from '../../core/src/pairing/localDeviceAuth';

export interface StateCheck {
	/** `<stateDir>/state/openclaw.sqlite`, the prefix of every name. */
	database: string;
	/** One report per record with findings (or a value the gateway can't load), in document order; an unreadable database is one problem report. */
	reports: FileReport[];
	/** Whether the database was read (it counts as one checked file). */
	read: boolean;
	/** Whether it holds any pairing row (a JSON-era state dir has the tables, empty). */
	hasRecords: boolean;
	notes: string[];
}

/** Read and check one openclaw.sqlite; never throws for a bad database (the problem is in the report). */
export async function checkSqliteState(database: string, settings: ValidationSettings): Promise<StateCheck> {
	const read = await readSqlitePairingState(database);
	if (!read.ok)
		return { database, reports: [{ file: database, kind: 'sqlite', problem: read.problem, findings: [] }], read: false, hasRecords: false, notes: [] };
	// Rows in SQLite are read by a 2026.8.1+ release (which one, the file does not say).
	const reports = recordReports(read.records, database, { ...settings, storeVersion: LATEST_VERSION }, read.local);
	for (const p of read.problems) {
		const kind: StateDocumentKind = p.table === PAIRED_TABLE ? 'paired' : 'pending';
		const name = stateRecordName(database, kind, [p.key]);
		const problem = `column ${p.column} ${p.problem}: the gateway fails to load its pairing state until the row is fixed`;
		const at = reports.findIndex((r) => r.file === name);
		if (at >= 0) reports[at] = { ...reports[at], problem };
		else reports.push({ file: name, kind, problem, findings: [] });
	}
	const hasRecords = read.records.paired.length + read.records.pending.length > 0;
	return { database, reports, read: true, hasRecords, notes: read.notes };
}

/** One report per record with findings, named `<source>#device/<id>`, in document order; `local`: this machine's cached tokens. */
export function recordReports(records: PairingStateRecords, source: string, settings: ValidationSettings, local?: LocalDeviceAuth): FileReport[] {
	const reports = new Map<string, FileReport>();
	for (const { kind, findings, document } of checkRecords(records, settings, local)) {
		for (const finding of findings) {
			const name = stateRecordName(source, kind, finding.data.path);
			let report = reports.get(name);
			if (!report) reports.set(name, (report = { file: name, kind, findings: [] }));
			report.findings.push(locate(document, finding));
		}
	}
	return [...reports.values()];
}

/** The rendered documents' findings, in document order; each document is judged beside the other (and the local cache). */
function checkRecords(
	records: PairingStateRecords,
	settings: ValidationSettings,
	local: LocalDeviceAuth | undefined,
): { kind: StateDocumentKind; findings: Finding[]; document: TextDocument }[] {
	const texts = renderPairingState(records);
	const related = { paired: { ...(local ? { local } : {}) }, pending: { paired: records.paired } };
	return (['paired', 'pending'] as const).map((kind) => ({
		kind,
		document: TextDocument.create(`openclaw-state:/${kind}.json`, 'json', 1, texts[kind]),
		findings: validateDocument(new ParsedDocument(texts[kind]), kind, { ...settings, related: related[kind] }),
	}));
}
