import * as fs from 'node:fs';
import * as path from 'node:path';

/** Measured figures (fuzz counts, latencies) as a committed-looking file under bench-results/. */
export function writeFigures(name: string, figures: Record<string, unknown>): void {
	const out = path.resolve(__dirname, '../../../bench-results');
	fs.mkdirSync(out, { recursive: true });
	fs.writeFileSync(path.join(out, name), JSON.stringify({ date: new Date().toISOString(), node: process.version, ...figures }, null, 2) + '\n');
}
