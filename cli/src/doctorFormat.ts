// How `doctor` prints: for a person, each diagnosis as its reason, the facts behind it and the fix command; for
// --json, the same data as the core returns it. Nothing printed holds a secret (the core's data holds none).
import type { Diagnosis, LiveView } from '../../core/src/doctor/diagnosis';
import type { LineReading, RecognisedLine } from '../../core/src/doctor/recognise';

export function diagnosesText(line: RecognisedLine | undefined, diagnoses: readonly Diagnosis[]): string {
	const out: string[] = [];
	if (line) out.push(`Recognised: ${describeLine(line)}`, '');
	diagnoses.forEach((d, i) => {
		if (i > 0) out.push('');
		out.push(`${d.summary} [${d.reason}]`);
		for (const detail of d.details) out.push(`  ${detail}`);
		out.push(`Fix: ${d.fix.title}`, `  ${d.fix.cliCommand}`);
	});
	return out.join('\n');
}

export function describeLine(line: RecognisedLine): string {
	const parts = [line.kind + (line.pairingReason ? ` (${line.pairingReason})` : '')];
	if (line.requestId) parts.push(`request ${line.requestId}`);
	else if (line.requestIdPrefix) parts.push(`request ${line.requestIdPrefix}… (cut off)`);
	if (line.deviceId) parts.push(`device ${line.deviceId.slice(0, 12)}…`);
	if (line.scope) parts.push(`scope ${line.scope}`);
	if (line.closeCode) parts.push(`close ${line.closeCode}`);
	return `${parts.join(', ')}${line.truncated ? ' (a long paste: only its start and end were read)' : ''}`;
}

export function notRecognisedText(reading: Extract<LineReading, { recognised: false }>): string {
	const head = reading.why === 'empty' ? 'The line is empty.' : 'Not recognised: this is not an error line the doctor knows (it does not guess).';
	return [head, 'It knows these (as the gateway words them):', ...reading.known.map((k) => `  ${k}`)].join('\n');
}

export function doctorJson(line: LineReading | undefined, live: LiveView | undefined, diagnoses: readonly Diagnosis[]): string {
	const gateway = live ? { url: live.url ?? null, serverVersion: live.serverVersion ?? null, scopes: live.own.scopes, via: live.own.via ?? null } : null;
	return JSON.stringify({ line: line ?? null, gateway, diagnoses }, null, 2);
}
