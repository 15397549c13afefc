import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckOptions } from './args';
import { readInput } from './readInput';
import { FileReport, formatHuman, formatJson, locate } from './report';
import { CHECKABLE_KINDS, detectFileKind, FileKind } from '../../core/src/openclaw/fileKind';
import { defaultStateDir, MIGRATED_SUFFIX, pairingFileRelativePath, sqliteStorePath } from '../../core/src/openclaw/stateLayout';
import type { Finding } from '../../server/src/service/diagnosticCodes';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import { validateDocument } from '../../server/src/service/validation';

/** An existing file whose path is none of the places OpenClaw keeps a pairing file. */
export const UNKNOWN_KIND = `is not a pairing file by its path (OpenClaw's are ${CHECKABLE_KINDS.map(pairingFileRelativePath).join(', ')} in a state dir); pass --kind ${CHECKABLE_KINDS.join('|')}`;

export interface CheckOutcome {
	output: string;
	exitCode: 0 | 1 | 2;
}

/** `check`: validate files (or the state dir's pairing files) with the same engine as the language server. */
export function runCheck(options: CheckOptions, env: NodeJS.ProcessEnv = process.env): CheckOutcome {
	const home = os.homedir();
	const stateDir = defaultStateDir(options.stateDir, env, home);
	const stateDirs = [stateDir];
	const targets =
		options.files.length > 0 ? options.files.map((f) => ({ file: f, kind: options.kind ?? detectFileKind(path.resolve(f), stateDirs) })) : discover(stateDir);
	const reports: FileReport[] = [];
	let unreadable = false;
	for (const { file, kind } of targets) {
		// Read first: a path that does not exist (or a directory) is that, whatever its name says about its kind.
		const input = readInput(file);
		if (!input.ok) {
			reports.push({ file, kind, problem: input.reason, findings: [] });
			unreadable = true;
			continue;
		}
		if (!kind) {
			reports.push({ file, kind, problem: UNKNOWN_KIND, findings: [] });
			unreadable = true;
			continue;
		}
		const document = TextDocument.create(pathToFileURL(path.resolve(file)).toString(), 'json', 1, input.text);
		const findings: Finding[] =
			input.text.trim() === '' && kind !== 'migrated'
				? [emptyFile()]
				: validateDocument(new ParsedDocument(input.text), kind, { requiredScopes: options.requiredScopes, now: Date.now });
		reports.push({ file, kind, findings: findings.map((f) => locate(document, f)) });
	}
	const explicitStateDir = Boolean(options.stateDir?.trim() || env.OPENCLAW_STATE_DIR?.trim());
	if (targets.length === 0 && explicitStateDir && !fs.existsSync(stateDir)) {
		// A typo in --state-dir or OPENCLAW_STATE_DIR must not pass CI silently.
		const problem = `${stateDir}: no such state directory`;
		return { output: options.json ? JSON.stringify({ files: [], problem }, null, 2) : `error: ${problem}`, exitCode: 2 };
	}
	if (targets.length === 0) {
		const note = noFilesNote(stateDir);
		return { output: options.json ? JSON.stringify({ files: [], note }, null, 2) : note, exitCode: 0 };
	}
	const hasError = reports.some((r) => r.findings.some((f) => f.finding.severity === 'error'));
	return { output: options.json ? formatJson(reports) : formatHuman(reports), exitCode: unreadable ? 2 : hasError ? 1 : 0 };
}

/** The pairing files that exist in a state dir, plus already-migrated stores (reported as information). */
function discover(stateDir: string): { file: string; kind: FileKind }[] {
	const found: { file: string; kind: FileKind }[] = [];
	for (const kind of CHECKABLE_KINDS) {
		const file = path.join(stateDir, pairingFileRelativePath(kind));
		const migrated = `${file}${MIGRATED_SUFFIX}`;
		if (fs.existsSync(file)) found.push({ file, kind });
		else if (kind === 'paired' && fs.existsSync(migrated)) found.push({ file: migrated, kind: 'migrated' });
	}
	return found;
}

function noFilesNote(stateDir: string): string {
	const sqlite = sqliteStorePath(stateDir);
	if (fs.existsSync(sqlite)) {
		return `${stateDir}: no JSON pairing files: this OpenClaw (2026.8 or later) keeps pairing in ${sqlite}. Use "openclaw devices list" or the OpenClaw sidebar in VS Code.`;
	}
	return `${stateDir}: no pairing files found (nothing paired yet, or a different state dir: set OPENCLAW_STATE_DIR or pass --state-dir).`;
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
