import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file under dir (recursively); none when dir doesn't exist. */
export function filesUnder(dir: string): string[] {
	try {
		return fs
			.readdirSync(dir, { recursive: true, encoding: 'utf8' })
			.map((rel) => path.join(dir, rel))
			.filter((f) => fs.statSync(f).isFile());
	} catch {
		return [];
	}
}

/** The files under dir that contain needle (read as bytes: logs may hold anything). */
export function filesContaining(dir: string, needle: string): string[] {
	const bytes = Buffer.from(needle, 'utf8');
	return filesUnder(dir).filter((f) => {
		try {
			return fs.readFileSync(f).includes(bytes);
		} catch {
			return false;
		}
	});
}

/**
 * Resolves with the log files under dir whose name matches namePattern once one of them contains every string of
 * expect (log files are written asynchronously: wait for the lines that must be there before asserting what must not).
 */
export async function waitForLogFile(dir: string, namePattern: RegExp, expect: string[], timeoutMs = 30_000): Promise<{ files: string[]; text: string }> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const files = filesUnder(dir).filter((f) => namePattern.test(path.basename(f)));
		const text = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
		if (files.length && expect.every((e) => text.includes(e))) return { files, text };
		if (Date.now() > deadline) {
			throw new Error(
				`no log file ${namePattern} under ${dir} with ${JSON.stringify(expect)} within ${timeoutMs / 1000} s; files: ${JSON.stringify(files)}; last lines:\n${text.split('\n').slice(-15).join('\n')}`,
			);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}
