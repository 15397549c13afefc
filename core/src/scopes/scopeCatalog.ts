import catalogData from '../../../schemas/scopes.json';

export interface ScopeInfo {
	name: string;
	since: string;
	summary: string;
	detail: string;
	admin?: boolean;
}

/** How a device connects: on loopback with the shared token (+ its device), on loopback with its device token only,
 * or from another host (through a trusted proxy) with the shared token. */
export type ConnectMode = 'sharedToken' | 'deviceToken' | 'remote';

/** The gateway's answer to a paired device asking for more scopes than it was approved for (measured). */
export type UpgradeOutcome = 'upgraded' | 'pairing-required' | 'scope-mismatch';

export interface ClientRequirement {
	label: string;
	requires: string[];
	why: string;
	/** The connect this client makes when it needs `requires`. */
	connect: { clientMode: string; browser: boolean; scopes: string[] };
	/** What it authenticates with on the gateway's own machine. */
	localAuth: Exclude<ConnectMode, 'remote'>;
	/** What the user sees fail when the gateway does not grant `requires`. */
	fails: string;
	/** Measured by test/gateway/loopMatrix-*.test.ts: the gateway's answer to `connect`, per version and mode. */
	measured: Record<string, Record<ConnectMode, UpgradeOutcome>>;
}

interface Implication {
	granted: string;
	satisfies: string;
	since: string;
}

const scopes: ScopeInfo[] = catalogData.scopes;
const byName = new Map(scopes.map((s) => [s.name, s]));
const implications: Implication[] = catalogData.implications;
// The JSON's strings are the unions above; test/unit/scopeCatalog.test.ts checks every value.
const clients = catalogData.clients as unknown as Record<string, ClientRequirement>;

/** The last OpenClaw version that reads and writes the JSON pairing files. */
export const JSON_ERA_LAST_VERSION = catalogData.jsonEraLastVersion;
/** Any release from here on: what a store read from SQLite, whose writer's version is not known, is judged by. */
export const LATEST_VERSION = '9999.12.31';

const sqliteEra = new Map<string, boolean>();

/** Whether `version` keeps pairing in SQLite (2026.8.1 and later) rather than in the JSON files (memoized: rules ask per scope). */
export function isSqliteEra(version: string): boolean {
	let era = sqliteEra.get(version);
	if (era === undefined) {
		era = compareVersions(version, JSON_ERA_LAST_VERSION) > 0;
		if (sqliteEra.size < 256) sqliteEra.set(version, era);
	}
	return era;
}
export const OPERATOR_PREFIX = 'operator.';
export const ADMIN_SCOPE = 'operator.admin';

export function allScopes(): readonly ScopeInfo[] {
	return scopes;
}

export function scopeInfo(name: string): ScopeInfo | undefined {
	return byName.get(name);
}

export function roleDescription(role: string): string | undefined {
	return (catalogData.roles as Record<string, { description: string }>)[role]?.description;
}

export function clientRequirement(clientId: string | undefined): ClientRequirement | undefined {
	return clientId !== undefined && Object.prototype.hasOwnProperty.call(clients, clientId) ? clients[clientId] : undefined;
}

/** The clientIds the catalog has requirements for. */
export function operatorClientIds(): string[] {
	return Object.keys(clients);
}

/** Compare OpenClaw's calendar versions (2026.6.6 < 2026.10.1). */
export function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}

/** Per version, the catalog's scopes that version knows (built once per version: rules ask per scope string). */
const knownByVersion = new Map<string, ReadonlySet<string>>();

/** Whether the gateway of `version` knows `name`. */
export function knownIn(name: string, version: string): boolean {
	let known = knownByVersion.get(version);
	if (known === undefined) {
		known = new Set(scopes.filter((s) => compareVersions(s.since, version) <= 0).map((s) => s.name));
		if (knownByVersion.size < 256) knownByVersion.set(version, known);
	}
	return known.has(name);
}

/** The role a scope belongs to: `operator.read` → operator; `node.x` → node. */
export function roleOfScope(scope: string): string | undefined {
	const dot = scope.indexOf('.');
	return dot > 0 ? scope.slice(0, dot) : undefined;
}

const implicationsByVersion = new Map<string, Implication[]>();

function activeImplications(version: string): Implication[] {
	let active = implicationsByVersion.get(version);
	if (!active) {
		active = implications.filter((i) => compareVersions(i.since, version) <= 0);
		implicationsByVersion.set(version, active);
	}
	return active;
}

/**
 * Does a grant of `granted` satisfy a request for `requested` under `role`, as the gateway of `version` decides
 * (operatorScopeSatisfied / roleScopesAllow)? Non-operator roles need the exact, role-prefixed scope.
 */
export function scopeSatisfied(requested: string, granted: ReadonlySet<string>, role: string, version: string): boolean {
	if (role !== 'operator') return requested.startsWith(`${role}.`) && granted.has(requested);
	if (!requested.startsWith(OPERATOR_PREFIX)) return false;
	if (granted.has(requested)) return true;
	for (const imp of activeImplications(version)) {
		if (!granted.has(imp.granted)) continue;
		if (imp.satisfies === requested) return true;
		if (imp.satisfies.endsWith('.*') && requested.startsWith(imp.satisfies.slice(0, -1))) return true;
	}
	return false;
}

/** The requested scopes that `granted` does not cover. */
export function missingScopes(requested: readonly string[], granted: readonly string[], role: string, version: string): string[] {
	const set = new Set(granted.map((s) => s.trim()));
	return requested.filter((s) => !scopeSatisfied(s.trim(), set, role, version));
}

/** Scopes that grant `name` (for hover: "also satisfied by …"). */
export function satisfiedBy(name: string, version: string): string[] {
	const out: string[] = [];
	for (const imp of activeImplications(version)) {
		const hit = imp.satisfies === name || (imp.satisfies.endsWith('.*') && name.startsWith(imp.satisfies.slice(0, -1)) && name !== imp.granted);
		if (hit && !out.includes(imp.granted)) out.push(imp.granted);
	}
	return out;
}

/** What the gateway stores for a token's scopes: deduplicated, implied scopes added, sorted (normalizeDeviceAuthScopes). */
export function expandStoredScopes(list: readonly string[]): string[] {
	const out = new Set(list.map((s) => s.trim()).filter((s) => s.length > 0));
	for (const rule of catalogData.storedExpansion) {
		if (out.has(rule.when)) for (const add of rule.add) out.add(add);
	}
	return [...out].sort();
}

/** The closest known scope to a misspelt one, when it is close enough to be a typo. */
export function suggestScope(name: string): string | undefined {
	// Nothing long is a typo of a ≤ 24-character scope, and the distance table is quadratic.
	if (name.length > 40) return undefined;
	let best: string | undefined;
	let bestDistance = Infinity;
	const lower = name.toLowerCase();
	for (const s of scopes) {
		const d = damerauLevenshtein(lower, s.name);
		if (d < bestDistance) {
			bestDistance = d;
			best = s.name;
		}
	}
	// Allow about one edit per five characters, at least two: "operator.admni" → "operator.admin".
	const limit = Math.max(2, Math.floor(name.length / 5));
	return bestDistance <= limit ? best : undefined;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
function damerauLevenshtein(a: string, b: string): number {
	const rows = a.length + 1;
	const cols = b.length + 1;
	const d: number[][] = Array.from({ length: rows }, (_, i) => {
		const row = new Array<number>(cols).fill(0);
		row[0] = i;
		return row;
	});
	for (let j = 0; j < cols; j++) d[0][j] = j;
	for (let i = 1; i < rows; i++) {
		for (let j = 1; j < cols; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
		}
	}
	return d[rows - 1][cols - 1];
}
