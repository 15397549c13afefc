// `check --state-dir` on a state dir whose pairing lives in SQLite: the JSON stores still lying there are named
// (core/src/openclaw/legacyStores.ts), each on its own report, first, beside whatever else its own check found.
import { legacyStoresIn } from '../../core/src/openclaw/legacyStores';
import { legacyStoreFinding } from '../../server/src/service/rules/legacyStore';
import type { FileReport } from './report';

export function withLegacyStores(reports: FileReport[], stateDir: string): FileReport[] {
	const out = [...reports];
	for (const store of legacyStoresIn(stateDir)) {
		const located = { finding: legacyStoreFinding(store.kind, store.relativePath), line: 1, column: 1, endLine: 1, endColumn: 1 };
		const at = out.findIndex((r) => r.file === store.file);
		if (at >= 0) out[at] = { ...out[at], findings: [located, ...out[at].findings] };
		else out.push({ file: store.file, kind: 'legacy', findings: [located] });
	}
	return out;
}
