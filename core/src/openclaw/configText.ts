import * as fs from 'node:fs';
import JSON5 from 'json5';

// Reading one OpenClaw config file (openclaw.json or a file it $includes) as OpenClaw does: UTF-8 text parsed as
// JSON5 (src/config/io.read-helpers.ts uses the json5 package, 2.2.3 in both releases; src/utils/parse-json-compat.ts
// tries JSON.parse first). JSON5 is what makes a hand-written config work: comments, trailing commas, unquoted keys,
// single quotes. Every failure is a one-line reason, never an exception.

/** The file system calls the config lookup makes (injected in tests). */
export interface ConfigFs {
	/** Throws (ENOENT, EACCES …) like fs.statSync. */
	stat(file: string): { isFile(): boolean; isDirectory(): boolean; size: number };
	readFile(file: string): Buffer;
	realpath(file: string): string;
}

export const nodeConfigFs: ConfigFs = {
	stat: (file) => fs.statSync(file),
	readFile: (file) => fs.readFileSync(file),
	realpath: (file) => fs.realpathSync(file),
};

/**
 * Larger files are refused unread. OpenClaw caps an $include at 2 MiB (src/config/includes.ts MAX_INCLUDE_FILE_BYTES);
 * a config a person keeps is a few KB, and the cap keeps a wrong OPENCLAW_CONFIG_PATH (a log, a disk image) cheap.
 */
export const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

export type TextRead = { ok: true; text: string } | { ok: false; missing: boolean; message: string };

/** The file's text, or why it can't be read: missing, a directory, not a regular file, too large, not UTF-8. */
export function readConfigText(file: string, io: ConfigFs = nodeConfigFs): TextRead {
	let size: number;
	try {
		const stat = io.stat(file);
		if (stat.isDirectory()) return { ok: false, missing: false, message: `${file} is a directory, not a config file` };
		if (!stat.isFile()) return { ok: false, missing: false, message: `${file} is not a regular file` };
		size = stat.size;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, message: `${file} does not exist` };
		return { ok: false, missing: false, message: `cannot read ${file} (${code ?? describe(error)})` };
	}
	if (size > MAX_CONFIG_BYTES) return { ok: false, missing: false, message: `${file} is ${megabytes(size)}: too large for an OpenClaw config (at most 2 MB)` };
	let bytes: Buffer;
	try {
		bytes = io.readFile(file);
	} catch (error) {
		return { ok: false, missing: false, message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? describe(error)})` };
	}
	if (bytes.length > MAX_CONFIG_BYTES)
		return { ok: false, missing: false, message: `${file} is ${megabytes(bytes.length)}: too large for an OpenClaw config (at most 2 MB)` };
	try {
		return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
	} catch {
		return { ok: false, missing: false, message: `${file} is not UTF-8 text` };
	}
}

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON first (fast, and the shape OpenClaw writes), JSON5 for what people write; the error names line and column only. */
export function parseConfigText(text: string): Parsed {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		// not strict JSON: JSON5 below
	}
	try {
		return { ok: true, value: JSON5.parse(text) };
	} catch (error) {
		// JSON5's messages quote one character at most ("invalid character 'x' at 3:7"): safe to show, never a value.
		const e = error as { lineNumber?: number; columnNumber?: number; message?: string };
		if (e instanceof RangeError) return { ok: false, message: 'nested too deeply' };
		const where = e.lineNumber !== undefined ? ` at line ${e.lineNumber}, column ${e.columnNumber ?? 0}` : '';
		const what =
			/^JSON5: (invalid character '(?:\\'|[^']{1,6})'|invalid end of input|invalid identifier character)/.exec(e.message ?? '')?.[1] ?? 'syntax error';
		return { ok: false, message: `${what}${where}` };
	}
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function megabytes(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
