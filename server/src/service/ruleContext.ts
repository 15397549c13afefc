import type { DiagnosticCode, DiagnosticData, Finding, Severity } from './diagnosticCodes';
import type { FileKind } from '../../../core/src/openclaw/fileKind';
import type { JsonPath, ParsedDocument } from './parser/jsonDocument';
import { JSON_ERA_LAST_VERSION } from '../../../core/src/scopes/scopeCatalog';
import type { RelatedState } from './relatedState';

export interface ValidationSettings {
	/** Scopes every paired operator device must hold (the openclawPairing.requiredScopes setting). */
	requiredScopes: readonly string[];
	/** Clock for expiry and future-timestamp checks; injectable for tests. */
	now: () => number;
	/**
	 * The release whose store this is: by default the JSON era (its last release reads the files); for state read from
	 * SQLite or a live 2026.8.1+ gateway, that gateway's version (LATEST_VERSION when unknown). Scope knowledge, the
	 * measured verdicts and the pre-upgrade lint follow it.
	 */
	storeVersion?: string;
	/** The state's other stores, for the rules that compare with them (relatedState.ts); absent for a file alone. */
	related?: RelatedState;
}

export const DEFAULT_SETTINGS: ValidationSettings = { requiredScopes: [], now: () => Date.now() };

export interface ReportOptions {
	target?: 'key' | 'value';
	/** About the file as a whole even if the path names a record: never cached with that record. */
	documentLevel?: boolean;
	data?: Omit<DiagnosticData, 'path'>;
}

/**
 * What every rule sees: the parsed file, its kind, the settings, and a way to report at a JSON path.
 * With `only`, rules look at just those records (the others' findings come from a cache) and findings are kept per
 * record so they can be cached.
 */
export class RuleContext {
	readonly findings: Finding[] = [];
	/** Findings of records in `only`, by record key (each record's own list, document findings stay in `findings`). */
	readonly byRecord = new Map<string, Finding[]>();
	/** Per record key: the clock readings within which its findings hold (narrowed by rules that read the clock). */
	readonly clockWindows = new Map<string, { from: number; until: number }>();
	/** The release that reads this store (ValidationSettings.storeVersion); scope knowledge and implications follow it. */
	readonly storeVersion: string;

	constructor(
		readonly doc: ParsedDocument,
		readonly kind: FileKind,
		readonly settings: ValidationSettings,
		readonly only?: readonly { key: string; record: JsonObject }[],
	) {
		this.storeVersion = settings.storeVersion ?? JSON_ERA_LAST_VERSION;
	}

	report(code: DiagnosticCode, severity: Severity, message: string, path: JsonPath, options: ReportOptions = {}): void {
		const span = this.doc.locate(path, options.target ?? 'value');
		const recordKey = typeof path[0] === 'string' ? path[0] : undefined;
		const finding: Finding = { code, severity, message, offset: span.offset, length: span.length, data: { path, recordKey, ...options.data } };
		const bucket = this.only && recordKey !== undefined && !options.documentLevel ? this.byRecord.get(recordKey) : undefined;
		(bucket ?? this.findings).push(finding);
	}

	/** A rule read the clock for the record at `path`: its findings hold only while from ≤ now < until. */
	dependsOnClock(path: JsonPath, from: number, until: number): void {
		const key = path[0];
		if (!this.only || typeof key !== 'string') return; // only cached findings need to know
		const w = this.clockWindows.get(key) ?? { from: -Infinity, until: Infinity };
		this.clockWindows.set(key, { from: Math.max(w.from, from), until: Math.min(w.until, until) });
	}
}

export type Rule = (ctx: RuleContext) => void;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringArray(value: unknown): string[] | undefined {
	return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/** The top-level records of a keyed store (paired.json by deviceId, pending.json by requestId) that are objects. */
export function* records(ctx: RuleContext): Generator<{ key: string; record: JsonObject }> {
	if (ctx.only) {
		yield* ctx.only;
		return;
	}
	const root = ctx.doc.value;
	if (!isObject(root)) return;
	for (const key of Object.keys(root)) {
		const record = root[key];
		if (isObject(record)) yield { key, record };
	}
}

/** A value from the file as a message shows it: quoted, control characters escaped, long values cut. */
export function shown(value: string, max = 64): string {
	// A token pasted into the wrong field must not be echoed back: long base64-ish strings (not hex ids) are withheld.
	if (/^[A-Za-z0-9_+/=-]{24,}$/.test(value) && !/^[a-f0-9]+$/.test(value)) return '(a secret-looking value, not shown)';
	const cut = value.length > max ? `${value.slice(0, max)}…` : value;
	return JSON.stringify(cut);
}

/** Like `shown`, without the quotes (for names inside a sentence, e.g. a role). */
export function plain(value: string, max = 32): string {
	return shown(value, max).slice(1, -1);
}

/** A device's display name for messages: label → displayName → clientId → short deviceId (never a secret). */
export function deviceLabel(key: string, record: JsonObject): string {
	for (const field of ['operatorLabel', 'displayName', 'clientId']) {
		const v = record[field];
		if (typeof v === 'string' && v.trim()) return shown(v.trim(), 48);
	}
	return `device ${key.slice(0, 12)}…`;
}

/** Roles approved for a paired device: roles ∪ {role} (listApprovedPairedDeviceRoles). */
export function approvedRoles(record: JsonObject): string[] {
	const out = new Set<string>();
	for (const r of stringArray(record.roles) ?? []) if (r.trim()) out.add(r.trim());
	if (typeof record.role === 'string' && record.role.trim()) out.add(record.role.trim());
	return [...out];
}

/** The approval baseline the gateway checks at connect: approvedScopes when it is an array, else scopes. */
export function baselineField(record: JsonObject): 'approvedScopes' | 'scopes' | undefined {
	if (Array.isArray(record.approvedScopes)) return 'approvedScopes';
	if (Array.isArray(record.scopes)) return 'scopes';
	return undefined;
}

export function baselineScopes(record: JsonObject): string[] {
	const field = baselineField(record);
	return field ? (stringArray(record[field]) ?? []) : [];
}
