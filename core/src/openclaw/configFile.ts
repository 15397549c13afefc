import * as path from 'node:path';
import { ConfigIncludeError, resolveConfigIncludes } from './configIncludes';
import { ConfigFs, isPlainObject, nodeConfigFs, parseConfigText, readConfigText } from './configText';
import { resolveUserPath } from './stateLayout';

// openclaw.json read for what the gateway lookup needs: the file's text, JSON5, and $include resolved for the
// top-level keys `gateway`, `secrets` and `env` (as OpenClaw resolves one key for its early readers), so a broken
// include of a channel or plugin does not hide the gateway. A missing file is not an error: OpenClaw runs on its
// defaults then (port 18789, no token).

export type ConfigFileRead = { ok: true; file: string; found: boolean; config: Record<string, unknown> } | { ok: false; file: string; message: string };

const GATEWAY_KEYS: ReadonlySet<string> = new Set(['gateway', 'secrets', 'env']);

export function readGatewayConfigFile(file: string, options: { env: NodeJS.ProcessEnv; home: string; fs?: ConfigFs }): ConfigFileRead {
	const io = options.fs ?? nodeConfigFs;
	const text = readConfigText(file, io);
	if (!text.ok) return text.missing ? { ok: true, file, found: false, config: {} } : { ok: false, file, message: text.message };
	const parsed = parseConfigText(text.text);
	if (!parsed.ok) return { ok: false, file, message: `${file} is not valid JSON5 (${parsed.message})` };
	if (!isPlainObject(parsed.value)) return { ok: false, file, message: `${file} does not hold a JSON object` };
	try {
		const config = resolveConfigIncludes(parsed.value, file, { allowedRoots: includeRoots(options.env, options.home), topLevelKeys: GATEWAY_KEYS, fs: io });
		return isPlainObject(config) ? { ok: true, file, found: true, config } : { ok: false, file, message: `${file} does not hold a JSON object` };
	} catch (error) {
		if (error instanceof ConfigIncludeError) return { ok: false, file, message: `${file}: ${error.message}` };
		throw error;
	}
}

/** $OPENCLAW_INCLUDE_ROOTS: more folders $include may read from (src/config/paths.ts resolveIncludeRoots). */
export function includeRoots(env: NodeJS.ProcessEnv, home: string): string[] {
	const raw = env.OPENCLAW_INCLUDE_ROOTS?.trim();
	if (!raw) return [];
	const roots = raw
		.split(path.delimiter)
		.map((entry) => entry.trim())
		.filter(Boolean)
		.map((entry) => resolveUserPath(entry, home));
	return [...new Set(roots)];
}
