// Generated and mutated JSON-era paired.json files for the import oracle (test/gateway/importOracle.test.ts): records
// shaped like the ones 2026.6.6 writes (real-gateway.md §6), then every field given wrong types, blank strings,
// fractions, numeric and NaN-ish strings, values beyond 2^53, nulls, deletions and extra fields; keys blank, padded,
// colliding after trim or named like Object.prototype members; records that are not objects; array/scalar files; and
// rows already in SQLite. Deterministic per seed (mulberry32), so a failure names the seed that reproduces it.
import { PAIRED_COLUMNS } from '../../core/src/openclaw/legacyImportFields';
import { Rng, rng } from './mutate';
import type { OracleCase } from './importOracle';

const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)] as T;

const T0 = 1795543893520;
const EXTRA_FIELDS = ['deviceId', 'requestId', 'ts', 'silent', 'isRepair', 'foo', 'nodeSurfaces'];
const DESKTOP = { commands: ['system.run', 'desktop.stream'], createdAtMs: T0, approvedAtMs: T0 + 1 };

const DESKTOP_SURFACES: readonly unknown[] = [
	DESKTOP,
	{ ...DESKTOP, commands: ['desktop.stream', 5] },
	{ ...DESKTOP, approvedAtMs: 1.5 },
	{ ...DESKTOP, approvedAtMs: 2 ** 53 - 1 },
	{ commands: [' desktop.stream '] },
];

const VALUES: readonly unknown[] = [
	null,
	true,
	false,
	0,
	5,
	-7,
	1.5,
	1e21,
	2 ** 53 - 1,
	2 ** 53,
	2 ** 53 + 2,
	T0,
	T0 + 0.5,
	'',
	' ',
	'x',
	'5',
	' 42 ',
	'5.0',
	'1e3',
	'+5',
	'.5e1',
	'5.',
	'0x10',
	'NaN',
	'Infinity',
	'-',
	String(T0),
	'\u000b5',
	'\u00a05',
	'9007199254740993',
	'owner',
	'silent',
	'bootstrap',
	'approved-by-hand',
	'operator',
	[],
	['operator'],
	[1, null],
	{},
	{ a: 1 },
	{ operator: null },
	...DESKTOP_SURFACES,
	{ commands: 'desktop.stream' },
];

function hex(r: Rng, n: number): string {
	let s = '';
	for (let i = 0; i < n; i++) s += '0123456789abcdef'[int(r, 16)];
	return s;
}

function b64(r: Rng, n: number): string {
	const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
	let s = '';
	for (let i = 0; i < n; i++) s += abc[int(r, 64)];
	return s;
}

/** A valid record as the gateway writes it, with a random subset of the optional fields. */
function baseRecord(r: Rng, deviceId: string): Record<string, unknown> {
	const node = r() < 0.25;
	const role = node ? 'node' : 'operator';
	const scopes = node ? [] : ['operator.read', 'operator.pairing'];
	const full: Record<string, unknown> = {
		deviceId,
		publicKey: b64(r, 43),
		displayName: pick(r, ['VS Code (real-gateway demo)', 'iPhone', 'Desk Mac']),
		operatorLabel: 'desk',
		platform: pick(r, ['linux', 'darwin', 'ios']),
		deviceFamily: 'desktop',
		clientId: pick(r, ['cli', 'gateway-client', 'openclaw-control-ui']),
		clientMode: pick(r, ['cli', 'ui', 'node']),
		browserOrigin: 'http://127.0.0.1:18789',
		role,
		roles: [role],
		scopes,
		approvedScopes: scopes,
		remoteIp: '127.0.0.1',
		tokens: { [role]: { token: b64(r, 43), role, scopes, createdAtMs: T0 } },
		approvedVia: pick(r, ['owner', 'silent', 'trusted-cidr']),
		createdAtMs: T0 - int(r, 1e6),
		approvedAtMs: T0,
		lastSeenAtMs: T0 + int(r, 1e6),
		lastSeenReason: 'connect',
	};
	if (node) full.nodeSurface = r() < 0.3 ? { ...DESKTOP } : { commands: ['system.run'], createdAtMs: T0, approvedAtMs: T0 };
	const required = new Set(['deviceId', 'publicKey', 'createdAtMs', 'approvedAtMs']);
	return Object.fromEntries(Object.entries(full).filter(([k]) => required.has(k) || r() < 0.7));
}

/** Mutations of one record: a field set to an awkward value, deleted, or an extra field added. */
function mutateRecord(r: Rng, record: Record<string, unknown>): unknown {
	if (r() < 0.05) return pick(r, [null, 5, 'str', [], [record], true]);
	if (r() < 0.12) {
		// A node surface approving desktop.stream: 2026.9 narrows it and reads tokens and pendingNodeSurface on the way.
		record.nodeSurface = pick(r, DESKTOP_SURFACES);
		if (r() < 0.5) record.tokens = pick(r, [{ node: null }, [null], 'node', { node: { role: 'node' } }]);
		if (r() < 0.5)
			record.pendingNodeSurface = pick(r, [
				{ commands: ['desktop.stream', 5] },
				{ commands: [5, 'desktop.stream'] },
				{ commands: 'x' },
				{ commands: null },
				'x',
			]);
		return record;
	}
	const fields = [...Object.keys(PAIRED_COLUMNS), ...EXTRA_FIELDS];
	for (let n = 1 + int(r, 3); n > 0; n--) {
		const field = pick(r, fields);
		if (r() < 0.15) delete record[field];
		else record[field] = pick(r, VALUES);
	}
	return record;
}

function key(r: Rng, keys: readonly string[]): string {
	const id = hex(r, 64);
	if (r() > 0.15) return id;
	const other = keys.length > 0 ? pick(r, keys) : id;
	return pick(r, ['', '  ', ` ${id}`, `${id} `, ` ${other}`, other, 'constructor', '__proto__', 'toString', '10', '2', ' 2']);
}

/** JSON text from entries: keeps duplicate keys and a literal "__proto__" key, which an object literal would not. */
function objectText(entries: readonly (readonly [string, unknown])[]): string {
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}

function pairedEntries(r: Rng, count: number, mutationRate: number): [string, unknown][] {
	const entries: [string, unknown][] = [];
	for (let i = 0; i < count; i++) {
		const k = key(
			r,
			entries.map(([e]) => e),
		);
		const record = baseRecord(r, k.trim() || hex(r, 64));
		entries.push([k, r() < mutationRate ? mutateRecord(r, record) : record]);
	}
	return entries;
}

/** Fields that the import treats alike: one of each class meets every value in the systematic cases. */
const FIELD_CLASSES: readonly (readonly string[])[] = [
	['publicKey'],
	['createdAtMs', 'approvedAtMs'],
	['lastSeenAtMs'],
	['approvedVia'],
	Object.keys(PAIRED_COLUMNS).filter((f) => PAIRED_COLUMNS[f]?.kind === 'text' && !['publicKey', 'approvedVia'].includes(f)),
	Object.keys(PAIRED_COLUMNS).filter((f) => PAIRED_COLUMNS[f]?.kind === 'json'),
	EXTRA_FIELDS,
];

/**
 * Every field class × every value, once, on a single valid record (a field of the class picked by the seed), so each
 * behaviour is met alone (2026.8 fails a whole import on one bad value, hiding the others); then `n` random cases.
 */
export function generateImportCases(seed: number, n: number): OracleCase[] {
	const r = rng(seed);
	const cases: OracleCase[] = [];
	for (const fields of FIELD_CLASSES) {
		for (const value of VALUES) {
			const id = hex(r, 64);
			const record = baseRecord(r, id);
			record[pick(r, fields)] = value;
			cases.push({ paired: objectText([[id, record]]) });
		}
	}
	for (let i = 0; i < n; i++) cases.push(randomCase(r));
	return cases;
}

/** Mostly 1–4 records, some mutated; a few odd top levels and pre-existing SQLite rows. */
function randomCase(r: Rng): OracleCase {
	const roll = r();
	if (roll < 0.04) return { paired: pick(r, ['null', '5', '"paired"', '[]', '{}', 'true']) };
	if (roll < 0.07) return { paired: JSON.stringify(pairedEntries(r, 2, 0).map(([, v]) => v)) };
	const entries = pairedEntries(r, 1 + int(r, 4), 0.6);
	if (roll < 0.17) {
		// Rows already in SQLite: valid records, one of them sharing a key with the file.
		const existing = pairedEntries(r, 1 + int(r, 2), 0).filter(([k]) => k.trim() && !(k.trim() in Object.prototype));
		const shared = entries[0];
		if (shared && existing[0]) existing[0] = [shared[0].trim() || existing[0][0], existing[0][1]];
		return { paired: objectText(entries), existing: objectText(existing) };
	}
	return { paired: objectText(entries) };
}
