import * as path from 'node:path';
import { ConfigFs, isPlainObject, nodeConfigFs, parseConfigText, readConfigText } from './configText';

// `$include` in openclaw.json, resolved the way OpenClaw does (src/config/includes.ts, 2026.9.6; the same rules in
// 2026.6.6): `{"$include": "./gateway.json5"}` or a list of files merged in order; sibling keys override the
// included object; nested includes are relative to the including file; every file must lie (also after symlinks)
// inside the main config's folder or a folder of $OPENCLAW_INCLUDE_ROOTS; at most 10 levels; no cycles.
// Merging: objects recursively, arrays concatenated, anything else replaced.

export class ConfigIncludeError extends Error {}

const INCLUDE_KEY = '$include';
const MAX_DEPTH = 10;
const MAX_PATH_LENGTH = 4096;

interface Root {
	dir: string;
	realDir: string;
}

/**
 * `value` with every $include replaced by the file's content. `topLevelKeys`: only these keys of the main config
 * are resolved (and kept), as OpenClaw's resolveConfigIncludesForTopLevelKey does: a broken include elsewhere in
 * the config (a channel, a plugin) does not hide the gateway settings. Throws ConfigIncludeError.
 */
export function resolveConfigIncludes(
	value: unknown,
	configPath: string,
	options: { allowedRoots?: readonly string[]; topLevelKeys?: ReadonlySet<string>; fs?: ConfigFs } = {},
): unknown {
	const io = options.fs ?? nodeConfigFs;
	const realOf = (dir: string): string => {
		try {
			return path.normalize(io.realpath(dir));
		} catch {
			return dir;
		}
	};
	const roots: Root[] = [
		path.normalize(path.dirname(configPath)),
		...(options.allowedRoots ?? []).filter((r) => path.isAbsolute(r)).map((r) => path.normalize(r)),
	].map((dir) => ({ dir, realDir: realOf(dir) }));

	const processValue = (node: unknown, basePath: string, chain: string[], atRoot: boolean): unknown => {
		if (Array.isArray(node)) return node.map((item) => processValue(item, basePath, chain, false));
		if (!isPlainObject(node)) return node;
		const keys = Object.keys(node).filter((key) => key !== INCLUDE_KEY && (!atRoot || !options.topLevelKeys || options.topLevelKeys.has(key)));
		const rest: Record<string, unknown> = {};
		for (const key of keys) rest[key] = processValue(node[key], basePath, chain, false);
		if (!(INCLUDE_KEY in node)) return rest;
		const included = resolveInclude(node[INCLUDE_KEY], basePath, chain, atRoot);
		if (keys.length === 0) return included;
		if (!isPlainObject(included)) throw new ConfigIncludeError(`${INCLUDE_KEY} with sibling keys must include an object`);
		return deepMerge(included, rest);
	};

	const resolveInclude = (spec: unknown, basePath: string, chain: string[], atRoot: boolean): unknown => {
		if (typeof spec === 'string') return loadFile(spec, basePath, chain, atRoot);
		if (Array.isArray(spec)) {
			return spec.reduce<unknown>((merged, item) => {
				if (typeof item !== 'string') throw new ConfigIncludeError(`${INCLUDE_KEY} lists a ${typeof item}, not a file name`);
				return deepMerge(merged, loadFile(item, basePath, chain, atRoot));
			}, {});
		}
		throw new ConfigIncludeError(`${INCLUDE_KEY} must be a file name or a list of file names`);
	};

	const loadFile = (spec: string, basePath: string, chain: string[], atRoot: boolean): unknown => {
		if (spec.includes('\0') || spec.length >= MAX_PATH_LENGTH) throw new ConfigIncludeError(`${INCLUDE_KEY} "${clip(spec)}" is not a usable path`);
		const resolved = path.normalize(path.isAbsolute(spec) ? spec : path.resolve(path.dirname(basePath), spec));
		if (!roots.some((root) => isInside(root.dir, resolved))) throw new ConfigIncludeError(`${INCLUDE_KEY} "${clip(spec)}" is outside the config's folder`);
		let real: string | undefined;
		try {
			real = path.normalize(io.realpath(resolved));
		} catch {
			// missing: reported by the read below
		}
		if (real !== undefined && !roots.some((root) => isInside(root.realDir, real))) {
			throw new ConfigIncludeError(`${INCLUDE_KEY} "${clip(spec)}" leads outside the config's folder (symlink)`);
		}
		if (chain.includes(resolved)) throw new ConfigIncludeError(`${INCLUDE_KEY} "${clip(spec)}" includes itself (circular)`);
		if (chain.length > MAX_DEPTH) throw new ConfigIncludeError(`${INCLUDE_KEY} "${clip(spec)}" is nested more than ${MAX_DEPTH} levels deep`);
		const text = readConfigText(resolved, io);
		if (!text.ok) throw new ConfigIncludeError(`${INCLUDE_KEY} "${clip(spec)}": ${text.message}`);
		const parsed = parseConfigText(text.text);
		if (!parsed.ok) throw new ConfigIncludeError(`${INCLUDE_KEY} "${clip(spec)}": ${resolved} is not valid JSON5 (${parsed.message})`);
		return processValue(parsed.value, resolved, [...chain, resolved], atRoot);
	};

	return processValue(value, path.normalize(configPath), [path.normalize(configPath)], true);
}

/** OpenClaw's deepMerge for includes (src/config/includes.ts with src/utils/deep-merge.ts). */
export function deepMerge(base: unknown, override: unknown): unknown {
	if (Array.isArray(base) && Array.isArray(override)) return [...(base as unknown[]), ...(override as unknown[])];
	if (!isPlainObject(base) || !isPlainObject(override)) return override;
	const merged: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(override)) {
		if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
		merged[key] = Object.hasOwn(merged, key) ? deepMerge(merged[key], value) : value;
	}
	return merged;
}

function isInside(root: string, candidate: string): boolean {
	const relative = path.relative(root, candidate);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function clip(text: string): string {
	return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
