import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../server/src/service/diagnosticCodes';

export interface FileReport {
	file: string;
	kind: string | undefined;
	/** Why the file was not checked (unreadable, not a pairing file…). */
	problem?: string;
	findings: { finding: Finding; line: number; column: number; endLine: number; endColumn: number }[];
}

export function locate(document: TextDocument, finding: Finding): FileReport['findings'][number] {
	const start = document.positionAt(finding.offset);
	const end = document.positionAt(finding.offset + finding.length);
	return { finding, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** Compiler-style lines: file:line:col: severity code: message (what editors and CI annotate). */
export function formatHuman(reports: FileReport[]): string {
	const lines: string[] = [];
	let errors = 0;
	let warnings = 0;
	for (const report of reports) {
		if (report.problem) {
			lines.push(`${report.file}: error: ${report.problem}`);
			errors++;
			continue;
		}
		for (const { finding, line, column } of report.findings) {
			lines.push(`${report.file}:${line}:${column}: ${finding.severity} ${finding.code}: ${finding.message}`);
			if (finding.severity === 'error') errors++;
			if (finding.severity === 'warning') warnings++;
		}
	}
	const checked = reports.filter((r) => !r.problem).length;
	lines.push(`${checked} file${checked === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
	return lines.join('\n');
}

export function formatJson(reports: FileReport[]): string {
	return JSON.stringify(
		{
			files: reports.map((r) => ({
				file: r.file,
				kind: r.kind ?? null,
				...(r.problem ? { problem: r.problem } : {}),
				diagnostics: r.findings.map(({ finding, line, column, endLine, endColumn }) => ({
					line,
					column,
					endLine,
					endColumn,
					severity: finding.severity,
					code: finding.code,
					message: finding.message,
				})),
			})),
		},
		null,
		2,
	);
}
