import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import pairedSchema from '../../../../schemas/paired.schema.json';
import pendingSchema from '../../../../schemas/pending.schema.json';
import deviceSchema from '../../../../schemas/device.schema.json';
import deviceAuthSchema from '../../../../schemas/device-auth.schema.json';
import { Code } from '../diagnosticCodes';
import type { FileKind } from '../../../../core/src/openclaw/fileKind';
import type { JsonPath } from '../parser/jsonDocument';
import { shown, type RuleContext } from '../ruleContext';

const SCHEMAS: Partial<Record<FileKind, object>> = {
	paired: pairedSchema,
	pending: pendingSchema,
	device: deviceSchema,
	'device-auth': deviceAuthSchema,
};

let ajv: Ajv | undefined;
const compiled = new Map<FileKind, ValidateFunction>();

/** Compiled lazily: a server that never sees identity files never pays for their schemas. */
function validatorFor(kind: FileKind): ValidateFunction | undefined {
	const schema = SCHEMAS[kind];
	if (!schema) return undefined;
	let fn = compiled.get(kind);
	if (!fn) {
		// VS Code's own message keywords are annotations to ajv; we read them from parentSchema.
		ajv ??= new Ajv({ allErrors: true, verbose: true, strict: true }).addVocabulary(['errorMessage', 'patternErrorMessage', 'markdownDescription']);
		fn = ajv.compile(schema);
		compiled.set(kind, fn);
	}
	return fn;
}

/** For checking records one by one: the record schema, and the file schema without its per-record part. */
interface Parts {
	shell: ValidateFunction;
	record: ValidateFunction;
	/** The shell looks at the root's type and key names only (SHELL_KEYWORDS): its answer holds while they stay. */
	keysOnly: boolean;
	last?: { keys: string[]; errors: ErrorObject[] } | undefined;
}
const parts = new Map<FileKind, Parts | undefined>();

/** Keywords of a file schema's shell whose verdict depends on nothing but the root's type and its keys. */
const SHELL_KEYWORDS = new Set(['$schema', 'title', 'description', 'type', 'errorMessage', 'propertyNames', 'definitions']);

function partsFor(kind: FileKind): Parts | undefined {
	if (!parts.has(kind)) {
		const schema = SCHEMAS[kind] as { additionalProperties?: { $ref?: string }; definitions?: Record<string, object> } | undefined;
		const ref = schema?.additionalProperties?.$ref;
		const full = validatorFor(kind);
		const name = ref?.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined;
		if (!schema || !full || !name || !ajv) parts.set(kind, undefined);
		else {
			const { $id: _id, additionalProperties: _records, ...shell } = schema as Record<string, unknown>;
			const record = ajv.getSchema(`${(schema as { $id: string }).$id}#/definitions/${name}`);
			const keysOnly = Object.keys(shell).every((k) => SHELL_KEYWORDS.has(k));
			parts.set(kind, record ? { shell: ajv.compile(shell), record, keysOnly } : undefined);
		}
	}
	return parts.get(kind);
}

/** The shell's errors for this root; with the same key names as last time they are last time's (a 10,000-key check is ~7 ms). */
function shellErrorsOf(p: Parts, value: unknown): ErrorObject[] {
	const keys = p.keysOnly && typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : undefined;
	if (keys && p.last && sameKeys(p.last.keys, keys)) return [...p.last.errors];
	const errors = p.shell(value) ? [] : [...(p.shell.errors ?? [])];
	p.last = keys ? { keys, errors: [...errors] } : undefined;
	return errors;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/**
 * Compile now what checking these kinds needs (ajv takes ~80 ms per file schema on a cold process): the server calls
 * it while it starts, so the first diagnostics of an opened file do not wait for it.
 */
export function compileSchemasAhead(kinds: readonly FileKind[]): void {
	for (const kind of kinds) partsFor(kind);
}

/** Schema errors in words a person understands, at the exact key or value. */
export function schemaRule(ctx: RuleContext): void {
	const shellErrors = new Set<ErrorObject>();
	const errors = pruneBranchErrors(ctx.only ? recordErrors(ctx, ctx.only, shellErrors) : wholeFileErrors(ctx));
	if (errors.length === 0) return;
	const seen = new Set<string>();
	for (const error of errors) {
		const finding = describe(error);
		const id = `${finding.path.join('/')}|${finding.message}`;
		if (seen.has(id)) continue;
		seen.add(id);
		// File-shape errors (a bad key) are recomputed every time, so they must not land in a record's cached findings.
		ctx.report(Code.Schema, finding.severity, finding.message, finding.path, { target: finding.target, documentLevel: shellErrors.has(error) });
	}
}

function wholeFileErrors(ctx: RuleContext): ErrorObject[] {
	const validate = validatorFor(ctx.kind);
	return !validate || validate(ctx.doc.value) ? [] : (validate.errors ?? []);
}

/** The file's shape, then only the given records: what an edit inside one record needs. */
function recordErrors(ctx: RuleContext, only: readonly { key: string; record: unknown }[], shellErrors: Set<ErrorObject>): ErrorObject[] {
	const p = partsFor(ctx.kind);
	if (!p) return wholeFileErrors(ctx);
	const errors = shellErrorsOf(p, ctx.doc.value);
	for (const e of errors) shellErrors.add(e);
	for (const { key, record } of only) {
		if (p.record(record)) continue;
		const prefix = `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
		for (const e of p.record.errors ?? []) errors.push({ ...e, instancePath: prefix + e.instancePath });
	}
	return errors;
}

/** Inside an anyOf, each branch's errors are noise once the anyOf itself is reported. */
function pruneBranchErrors(errors: ErrorObject[]): ErrorObject[] {
	const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
	if (anyOfPaths.length === 0) return errors.filter((e) => e.keyword !== 'if');
	return errors.filter((e) => e.keyword === 'anyOf' || !anyOfPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)));
}

function pointerToPath(pointer: string): string[] {
	if (!pointer) return [];
	return pointer
		.slice(1)
		.split('/')
		.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function fieldName(path: JsonPath): string {
	const last = path[path.length - 1];
	return typeof last === 'number' ? `item ${last}` : last === undefined ? 'the file' : shown(last, 48);
}

interface Described {
	path: JsonPath;
	target: 'key' | 'value';
	message: string;
	severity: 'error' | 'warning';
}

function describe(error: ErrorObject): Described {
	const path = pointerToPath(error.instancePath).map((seg, i, all) => (isArrayIndex(seg, i, all) ? Number(seg) : seg));
	const parent = (error.parentSchema ?? {}) as { errorMessage?: string; patternErrorMessage?: string };
	const params = error.params as Record<string, unknown>;
	switch (error.keyword) {
		case 'required': {
			const missing = String(params.missingProperty);
			return {
				path,
				target: path.length ? 'key' : 'value',
				severity: 'error',
				message: `Missing "${missing}". ${REQUIRED_WHY[missing] ?? 'OpenClaw always writes it.'}`,
			};
		}
		case 'additionalProperties': {
			const extra = String(params.additionalProperty);
			return {
				path: [...path, extra],
				target: 'key',
				severity: 'warning',
				message: `Unknown property ${shown(extra)}: OpenClaw does not read it, and drops it the next time the gateway rewrites this record.`,
			};
		}
		case 'propertyNames':
			return { path: [...path, String(params.propertyName)], target: 'key', severity: 'error', message: 'This key is not a valid name here.' };
		case 'pattern':
			if (error.propertyName !== undefined) {
				return {
					path: [...path, error.propertyName],
					target: 'key',
					severity: 'error',
					message: parent.patternErrorMessage ?? `Key ${shown(error.propertyName)} has the wrong format.`,
				};
			}
			return { path, target: 'value', severity: 'error', message: parent.patternErrorMessage ?? `${fieldName(path)} has the wrong format.` };
		case 'type':
			return {
				path,
				target: 'value',
				severity: 'error',
				message: `${capitalize(fieldName(path))} ${parent.errorMessage ?? `must be ${article(String(params.type))}.`}`,
			};
		case 'const':
		case 'enum': {
			const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
			return {
				path,
				target: 'value',
				severity: 'error',
				message: parent.errorMessage ?? `${capitalize(fieldName(path))} must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}.`,
			};
		}
		case 'minimum':
		case 'maximum':
			return {
				path,
				target: 'value',
				severity: 'error',
				message: `${capitalize(fieldName(path))} ${parent.errorMessage ?? `must be ${error.keyword === 'minimum' ? '≥' : '≤'} ${String(params.limit)}.`}`,
			};
		case 'minLength':
			return { path, target: 'value', severity: 'error', message: `${capitalize(fieldName(path))} must not be empty.` };
		case 'anyOf':
			return {
				path,
				target: 'value',
				severity: 'error',
				message: `${capitalize(fieldName(path))} matches neither known format. ${parent.errorMessage ?? ''}`.trim(),
			};
		default:
			return { path, target: 'value', severity: 'error', message: `${capitalize(fieldName(path))}: ${error.message ?? 'invalid'}.` };
	}
}

const REQUIRED_WHY: Record<string, string> = {
	deviceId: 'The gateway looks devices up by it.',
	publicKey: 'Without it the device cannot prove its identity: it is sent back to pairing, and the 2026.8+ SQLite import skips the record.',
	createdAtMs: 'The 2026.8+ SQLite import skips a record without it (NOT NULL created_at_ms).',
	approvedAtMs: 'The 2026.8+ SQLite import skips a record without it (NOT NULL approved_at_ms).',
	token: 'A device token without its secret cannot authenticate.',
	role: 'Tokens and requests are bound to a role.',
	scopes: 'The gateway checks connect requests against it.',
	ts: 'The gateway needs it to expire the request after 5 minutes.',
	requestId: 'Approve and reject use it.',
	tokens: 'The cached tokens are read from it.',
	version: 'OpenClaw checks the file version.',
};

function isArrayIndex(seg: string, i: number, all: string[]): boolean {
	// Scope lists are the only arrays whose elements get reported; a numeric key elsewhere stays a string.
	return /^\d+$/.test(seg) && i > 0 && ['scopes', 'approvedScopes', 'roles'].includes(all[i - 1]);
}

function article(type: string): string {
	const words: Record<string, string> = {
		object: 'an object',
		array: 'an array',
		string: 'a string',
		integer: 'a whole number',
		number: 'a number',
		boolean: 'true or false',
		null: 'null',
	};
	return words[type] ?? type;
}

function capitalize(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}
