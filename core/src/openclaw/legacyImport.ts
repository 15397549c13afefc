// The pre-upgrade prediction: what OpenClaw's JSON→SQLite import (migrateLegacyDevicePairingStore: 2026.8 at gateway
// startup, 2026.9 in `openclaw doctor --fix` and at startup) will make of a paired.json, per release line. Pure: the
// caller passes the parsed file. Proven against OpenClaw's own import code by test/gateway/importOracle.test.ts.
import { APPROVAL_KINDS, PAIRED_COLUMNS, hasColumn, storeValue, typeOf } from './legacyImportFields';

export type ImportTarget = '8.x' | '9.x';

/** The release line each target names in messages. */
export const IMPORT_RELEASE: Readonly<Record<ImportTarget, string>> = { '8.x': '2026.8', '9.x': '2026.9' };

/** Why a field of an imported record is absent once imported. */
export type DropReason = 'wrong-type' | 'null' | 'no-column' | 'unknown-approval-kind';

export interface DroppedField {
	field: string;
	reason: DropReason;
	/** For messages: what is wrong with the value. */
	why: string;
}

export interface Problem {
	field?: string;
	why: string;
}

/** What the import does with one record, judged alone (its key aside). */
export type RecordPrediction =
	| {
			fate: 'imported';
			fieldsDropped: DroppedField[];
			/** 2026.8: fields stored as integers beyond 2^53, which the gateway then fails to read (every pairing read throws). */
			unreadable: Problem[];
	  }
	/** 2026.9: the record is left out; the device must pair again. */
	| { fate: 'skipped'; problems: Problem[] }
	/** The record makes the whole import throw: nothing is imported and paired.json stays for the next try. */
	| { fate: 'fails'; problems: Problem[] };

/** Records the import never looks at: a blank key, a key already taken (by SQLite, an earlier record or Object.prototype). */
export type Ignored = { fate: 'ignored'; why: 'blank-key' | 'existing' | 'duplicate' };

export interface RecordOutcome {
	key: string;
	/** The key trimmed: the deviceId it is imported under. */
	deviceId: string;
	prediction: RecordPrediction | Ignored;
}

export interface ImportPrediction {
	target: ImportTarget;
	/**
	 * nothing: no record to import; imports: the imported records are written; fails: the import throws, nothing is
	 * written and paired.json stays; unreadable (2026.8): written, but reading the table back throws.
	 */
	outcome: 'nothing' | 'imports' | 'fails' | 'unreadable';
	/** Whether paired.json (with pending.json and bootstrap.json) is renamed *.migrated. */
	archived: boolean;
	records: RecordOutcome[];
	/** deviceId → the key of the record imported under it (only when the outcome writes). */
	imported: Map<string, string>;
}

export interface PredictOptions {
	/** deviceIds already in the SQLite table: existing rows win. */
	existingDeviceIds?: Iterable<string>;
}

export function predictRecord(record: unknown, target: ImportTarget): RecordPrediction {
	return target === '9.x' ? predict9(record) : predict8(record);
}

export function predictImport(value: unknown, target: ImportTarget, options: PredictOptions = {}): ImportPrediction {
	const result: ImportPrediction = { target, outcome: 'nothing', archived: false, records: [], imported: new Map() };
	// readJsonIfExists returns null for a file holding `null`: like no file, it is left alone (with no pending.json/bootstrap.json).
	if (value === null) return result;
	result.archived = true;
	// coercePairingStateRecord: an array or scalar top level is an empty store.
	if (typeof value !== 'object' || Array.isArray(value)) return result;
	// The import checks `pairedByDeviceId[id]` on a plain object: inherited names (constructor, __proto__) count as taken.
	const taken = new Set(options.existingDeviceIds ?? []);
	let anyFails = false;
	let anyUnreadable = false;
	for (const [key, record] of Object.entries(value as Record<string, unknown>)) {
		const deviceId = key.trim();
		const outcome: RecordOutcome = { key, deviceId, prediction: { fate: 'ignored', why: 'blank-key' } };
		result.records.push(outcome);
		if (!deviceId) continue;
		if (taken.has(deviceId) || deviceId in Object.prototype) {
			outcome.prediction = { fate: 'ignored', why: result.imported.has(deviceId) ? 'duplicate' : 'existing' };
			continue;
		}
		const p = predictRecord(record, target);
		outcome.prediction = p;
		if (p.fate === 'fails') anyFails = true;
		if (p.fate !== 'imported') continue;
		if (p.unreadable.length > 0) anyUnreadable = true;
		taken.add(deviceId);
		result.imported.set(deviceId, key);
	}
	if (anyFails) return { ...result, outcome: 'fails', archived: false, imported: new Map() };
	if (result.imported.size > 0) result.outcome = anyUnreadable ? 'unreadable' : 'imports';
	return result;
}

/** 2026.9 (normalizeLegacyPairedDevice): skip what it cannot use, omit optional fields of the wrong type. */
function predict9(record: unknown): RecordPrediction {
	if (!isRecord(record)) return { fate: 'skipped', problems: [{ why: `the record is ${typeOf(record)}, not an object` }] };
	const problems: Problem[] = [];
	const pk = record.publicKey;
	if (typeof pk !== 'string' || !pk.trim()) problems.push({ field: 'publicKey', why: pk === undefined ? 'no publicKey' : `publicKey is ${blankOr(pk)}` });
	for (const field of ['createdAtMs', 'approvedAtMs']) {
		if (!Number.isSafeInteger(record[field])) problems.push({ field, why: `${field} ${record[field] === undefined ? 'is missing' : 'is not a whole number'}` });
	}
	if (problems.length > 0) return { fate: 'skipped', problems };
	const desktop = desktopApprovalThrows(record);
	if (desktop) return { fate: 'fails', problems: [{ field: 'nodeSurface', why: desktop }] };
	const fieldsDropped: DroppedField[] = [];
	for (const [field, value] of Object.entries(record)) {
		if (field === 'deviceId' || value === undefined) continue;
		const column = hasColumn(field) ? PAIRED_COLUMNS[field] : undefined;
		if (!column) fieldsDropped.push({ field, reason: 'no-column', why: 'the table has no column for it' });
		else if (value === null) fieldsDropped.push({ field, reason: 'null', why: 'it is null' });
		else if (column.kind === 'text' && typeof value !== 'string') fieldsDropped.push({ field, reason: 'wrong-type', why: `it is ${typeOf(value)}, not text` });
		else if (column.kind === 'integer' && !Number.isSafeInteger(value))
			fieldsDropped.push({ field, reason: 'wrong-type', why: `it is ${typeOf(value)}, not a whole number` });
		else if (field === 'approvedVia' && !APPROVAL_KINDS.includes(value as string)) fieldsDropped.push(unknownApproval());
	}
	return { fate: 'imported', fieldsDropped, unreadable: [] };
}

/** 2026.8: `{...record, deviceId}` goes straight into the STRICT table; what SQLite refuses throws. */
function predict8(record: unknown): RecordPrediction {
	// Spreading a non-object leaves no publicKey/createdAtMs/approvedAtMs: NOT NULL fails.
	const fields: Record<string, unknown> = isRecord(record) ? record : {};
	const problems: Problem[] = isRecord(record) ? [] : [{ why: `the record is ${typeOf(record)}, not an object` }];
	const fieldsDropped: DroppedField[] = [];
	const unreadable: Problem[] = [];
	for (const [field, column] of Object.entries(PAIRED_COLUMNS)) {
		const value = fields[field];
		const s = value === undefined ? ({ stored: false, absent: true } as const) : storeValue(column.kind, value);
		if (!s.stored && !s.absent) problems.push({ field, why: `${field}: ${s.why}` });
		else if (!s.stored && column.required && isRecord(record)) problems.push({ field, why: value === undefined ? `no ${field}` : `${field} is null` });
		else if (!s.stored && value === null) fieldsDropped.push({ field, reason: 'null', why: 'it is null' });
		else if (s.stored && s.integer !== undefined && !Number.isSafeInteger(s.integer)) unreadable.push({ field, why: `${field} is beyond 2^53` });
		else if (s.stored && field === 'approvedVia' && !APPROVAL_KINDS.includes(value as string)) fieldsDropped.push(unknownApproval());
	}
	if (problems.length > 0) return { fate: 'fails', problems };
	for (const [field, value] of Object.entries(fields)) {
		if (field !== 'deviceId' && value !== undefined && !hasColumn(field))
			fieldsDropped.push({ field, reason: 'no-column', why: 'the table has no column for it' });
	}
	return { fate: 'imported', fieldsDropped, unreadable };
}

/**
 * 2026.9 (preserveLegacyDesktopStreamOptOut, with no gateway.nodes.commands rule naming desktop.stream): a node surface
 * approving desktop.stream is narrowed, and the whole import throws when its commands or timestamps are malformed, or
 * when what narrowing reads next (pendingNodeSurface.commands, the tokens' entries) has the wrong shape.
 */
function desktopApprovalThrows(record: Record<string, unknown>): string | undefined {
	const surface = record.nodeSurface;
	if (!isRecord(surface) || !Array.isArray(surface.commands)) return undefined;
	const commands: unknown[] = surface.commands;
	if (!commands.some((c) => typeof c === 'string' && c.trim() === 'desktop.stream')) return undefined;
	const wellFormed =
		commands.every((c) => typeof c === 'string') &&
		Number.isSafeInteger(surface.createdAtMs) &&
		Number.isSafeInteger(surface.approvedAtMs) &&
		Number.isSafeInteger((surface.approvedAtMs as number) + 1);
	if (!wellFormed) return 'nodeSurface approves desktop.stream but its commands or timestamps are malformed';
	const tokens = record.tokens;
	if (tokens && typeof tokens === 'object' && Object.values(tokens).some((t) => t === null)) return 'a tokens entry is null';
	const pending = record.pendingNodeSurface;
	const pendingCommands = isRecord(pending) ? pending.commands : undefined;
	if (pendingCommands === undefined || pendingCommands === null) return undefined;
	if (!Array.isArray(pendingCommands)) return 'pendingNodeSurface.commands is not a list';
	for (const c of pendingCommands) {
		if (typeof c !== 'string') return 'pendingNodeSurface.commands holds a non-text entry';
		if (c.trim() === 'desktop.stream') break;
	}
	return undefined;
}

function unknownApproval(): DroppedField {
	return { field: 'approvedVia', reason: 'unknown-approval-kind', why: `it is none of ${APPROVAL_KINDS.join(', ')}` };
}

function blankOr(value: unknown): string {
	return typeof value === 'string' ? 'blank' : typeOf(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
