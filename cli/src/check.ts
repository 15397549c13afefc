import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckOptions } from './args';
import { readInput } from './readInput';
import { FileReport, formatHuman, formatJson, locate } from './report';
import { checkGatewayState } from './gatewayCheck';
import { checkSqliteState, StateCheck } from './stateCheck';
import { withLegacyStores } from './legacyStoreCheck';
import { relatedFromFiles } from './relatedFiles';
import { CHECKABLE_KINDS, detectFileKind, FileKind } from '../../core/src/openclaw/fileKind';
import { defaultStateDir, MIGRATED_SUFFIX, pairingFileRelativePath, sqliteStorePath } from '../../core/src/openclaw/stateLayout';
import type { Finding } from '../../server/src/service/diagnosticCodes';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import type { ValidationSettings } from '../../server/src/service/ruleContext';
import { validateDocument } from '../../server/src/service/validation';

/** An existing file whose path is none of the places OpenClaw keeps a pairing file. */
export const UNKNOWN_KIND = `is not a pairing file by its path (OpenClaw's are ${CHECKABLE_KINDS.map(pairingFileRelativePath).join(', ')} in a state dir); pass --kind ${CHECKABLE_KINDS.join('|')}`;

export interface CheckOutcome {
	output: string;
	exitCode: 0 | 1 | 2;
}

type Target = { file: string; kind: FileKind | undefined };

/**
 * `check`: validate files, or the state dir's pairing state in whichever era it is (JSON files, or 2026.8+
 * state/openclaw.sqlite), with the same engine as the language server.
 */
export async function runCheck(options: CheckOptions, env: NodeJS.ProcessEnv = process.env): Promise<CheckOutcome> {
	const home = os.homedir();
	const stateDir = defaultStateDir(options.stateDir, env, home);
	const settings: ValidationSettings = { requiredScopes: options.requiredScopes, now: Date.now };
	if (options.gateway) return checkGateway(options.gateway, settings, options.json, env);
	const explicit = options.files.length > 0;
	let targets: Target[] = explicit
		? options.files.map((f) => ({ file: f, kind: options.kind ?? detectFileKind(path.resolve(f), [stateDir]) }))
		: discover(stateDir);
	// An explicit *.sqlite is a state database, whatever its folder; in a state dir, the one in state/.
	const databases = explicit
		? options.files.filter((f) => !options.kind && f.endsWith('.sqlite'))
		: [sqliteStorePath(stateDir)].filter((f) => fs.existsSync(f));
	targets = targets.filter((t) => !databases.includes(t.file));
	let states: StateCheck[] = [];
	for (const database of databases) states.push(await checkSqliteState(database, settings));
	const notes: string[] = [];
	if (!explicit) ({ targets, states } = byEra(targets, states, notes));

	let reports: FileReport[] = [];
	let unreadable = false;
	const related = relatedFromFiles(targets);
	for (const { file, kind } of targets) {
		const report = checkFile(file, kind, { ...settings, ...(kind && related[kind] ? { related: related[kind] } : {}) });
		unreadable ||= report.problem !== undefined;
		reports.push(report);
	}
	for (const state of states) {
		unreadable ||= !state.read;
		reports.push(...state.reports);
		notes.push(...state.notes.map((note) => `${state.database}: note: ${note}`));
	}
	// The database holds the pairing: JSON stores beside it are read by no 2026.9.5+ gateway.
	if (!explicit && states.some((s) => s.read && s.hasRecords)) reports = withLegacyStores(reports, stateDir);
	const checkedFiles = reports.filter((r) => !r.problem && targets.some((t) => t.file === r.file)).length + states.filter((s) => s.read).length;

	const explicitStateDir = Boolean(options.stateDir?.trim() || env.OPENCLAW_STATE_DIR?.trim());
	if (targets.length === 0 && states.length === 0 && explicitStateDir && !fs.existsSync(stateDir)) {
		// A typo in --state-dir or OPENCLAW_STATE_DIR must not pass CI silently.
		const problem = `${stateDir}: no such state directory`;
		return { output: options.json ? JSON.stringify({ files: [], problem }, null, 2) : `error: ${problem}`, exitCode: 2 };
	}
	if (targets.length === 0 && states.length === 0) {
		const note = `${stateDir}: no pairing files found (nothing paired yet, or a different state dir: set OPENCLAW_STATE_DIR or pass --state-dir).`;
		return { output: options.json ? JSON.stringify({ files: [], note }, null, 2) : note, exitCode: 0 };
	}
	const hasError = reports.some((r) => r.problem !== undefined || r.findings.some((f) => f.finding.severity === 'error'));
	const checked = `${checkedFiles} file${checkedFiles === 1 ? '' : 's'}`;
	return { output: format(reports, states, notes, checked, options.json), exitCode: unreadable ? 2 : hasError ? 1 : 0 };
}

/** `check --gateway`: a gateway that can't be asked is exit 2, like an unreadable file. */
async function checkGateway(connectionArgs: string[], settings: ValidationSettings, json: boolean, env: NodeJS.ProcessEnv): Promise<CheckOutcome> {
	const live = await checkGatewayState(connectionArgs, settings, env);
	if (!live.ok) return { output: json ? JSON.stringify({ files: [], problem: live.problem }, null, 2) : `error: ${live.problem}`, exitCode: 2 };
	const hasError = live.reports.some((r) => r.findings.some((f) => f.finding.severity === 'error'));
	return { output: format(live.reports, [], live.notes, '1 gateway', json), exitCode: hasError ? 1 : 0 };
}

/**
 * What to check in a state dir. The database is the truth once it holds pairing rows: `*.migrated` copies are history
 * then. A JSON-era dir (2026.6/7) has the same tables, empty (or an older schema): its JSON files are the truth and the
 * database is left out. Both holding records: a 2026.9.5+ gateway reads only SQLite and leaves the import to doctor.
 */
function byEra(targets: Target[], states: StateCheck[], notes: string[]): { targets: Target[]; states: StateCheck[] } {
	const live = targets.filter((t) => t.kind !== 'migrated');
	const jsonStores = live.some((t) => t.kind === 'paired' || t.kind === 'pending');
	const state = states[0];
	if (!state || (jsonStores && !(state.read && state.hasRecords))) return { targets, states: [] };
	if (!state.read || !state.hasRecords) return { targets, states };
	if (jsonStores) {
		notes.push(
			`${state.database}: note: both JSON pairing files and this database hold pairing state; OpenClaw 2026.9.5 and later read only the database (import the files with "openclaw doctor --fix" while the gateway is stopped).`,
		);
	}
	return { targets: live, states };
}

/** Check one JSON file (as before the SQLite era). */
function checkFile(file: string, kind: FileKind | undefined, settings: ValidationSettings): FileReport {
	// Read first: a path that does not exist (or a directory) is that, whatever its name says about its kind.
	const input = readInput(file);
	if (!input.ok) return { file, kind, problem: input.reason, findings: [] };
	if (!kind) return { file, kind, problem: UNKNOWN_KIND, findings: [] };
	const document = TextDocument.create(pathToFileURL(path.resolve(file)).toString(), 'json', 1, input.text);
	const findings: Finding[] =
		input.text.trim() === '' && kind !== 'migrated' ? [emptyFile()] : validateDocument(new ParsedDocument(input.text), kind, settings);
	return { file, kind, findings: findings.map((f) => locate(document, f)) };
}

/** report.ts's formats; the database counts as one checked file (its records are named, not counted), notes come first. */
function format(reports: FileReport[], states: StateCheck[], notes: string[], checked: string, json: boolean): string {
	if (json) {
		const checkedDatabases = states.filter((s) => s.read).map((s) => ({ file: s.database, kind: 'sqlite', diagnostics: [] }));
		const out = JSON.parse(formatJson(reports)) as { files: unknown[] };
		return JSON.stringify({ files: [...checkedDatabases, ...out.files], ...(notes.length ? { notes } : {}) }, null, 2);
	}
	const lines = formatHuman(reports).split('\n');
	const summary = lines.pop() ?? '';
	return [...notes, ...lines, summary.replace(/^\d+ files?/, checked)].join('\n');
}

/** The pairing files that exist in a state dir, plus already-migrated stores (reported as information). */
function discover(stateDir: string): Target[] {
	const found: Target[] = [];
	for (const kind of CHECKABLE_KINDS) {
		const file = path.join(stateDir, pairingFileRelativePath(kind));
		const migrated = `${file}${MIGRATED_SUFFIX}`;
		if (fs.existsSync(file)) found.push({ file, kind });
		else if (kind === 'paired' && fs.existsSync(migrated)) found.push({ file: migrated, kind: 'migrated' });
	}
	return found;
}

function emptyFile(): Finding {
	return {
		code: 'json-syntax',
		severity: 'error',
		message: 'The file is empty. OpenClaw fails to parse it, and every pairing operation fails until it holds a JSON object ({}).',
		offset: 0,
		length: 0,
		data: { path: [] },
	};
}
