import * as fs from 'node:fs';
import * as path from 'node:path';

/** <outDir>/<name>.json (every figure) and <name>.md (the table), the md printed too. */
export function writeResults(outDir: string, name: string, result: unknown, md: string, log: (message: string) => void): void {
	fs.mkdirSync(outDir, { recursive: true });
	fs.writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
	fs.writeFileSync(path.join(outDir, `${name}.md`), md);
	process.stdout.write(`${md}\n`);
	log(`wrote ${path.join(outDir, `${name}.json`)} and ${name}.md`);
}
