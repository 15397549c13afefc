/**
 * A file-system error as the end of a sentence about the file ("…/paired.json does not exist"), never a stack trace.
 * `advice` per error code says what to do in the caller's situation, in place of the plain words.
 */
export function describeFsError(error: unknown, advice: Readonly<Partial<Record<string, string>>> = {}): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const given = code ? advice[code] : undefined;
	if (given) return given;
	switch (code) {
		case 'ENOENT':
			return 'does not exist';
		case 'EACCES':
		case 'EPERM':
			return 'cannot be read (permission denied)';
		default:
			return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
	}
}
