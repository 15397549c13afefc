import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The environment a setup step runs in, without what `npm run` adds to it.
//
// `npm run demo` exports ~30 variables (npm_config_*, npm_package_*, npm_lifecycle_*, npm_execpath, NODE, INIT_CWD,
// COLOR) and prepends node_modules/.bin and its node-gyp shim to PATH. An inner `npm install` inherits them, and
// packages read them as facts about the install that runs now: code-server's postinstall reads the Node version from
// $npm_config_user_agent, which still says the outer npm's Node 20 while the install runs on Node 24, and refuses.
// Every installer child therefore starts from this environment; the inner npm sets its own values again.

const ADDED_BY_NPM = /^(npm_.*|NODE|INIT_CWD|COLOR)$/i;
/** PATH entries `npm run` prepends: each ancestor's node_modules/.bin and @npmcli/run-script's node-gyp shim. */
const PATH_ADDED_BY_NPM = /([\\/]node_modules[\\/]\.bin|[\\/]@npmcli[\\/]run-script[\\/]lib[\\/]node-gyp-bin)[\\/]?$/;

/** A copy of `env` without the variables and PATH entries `npm run` added. */
export function withoutNpmRunEnv(env = process.env) {
	const out = {};
	for (const [key, value] of Object.entries(env)) if (!ADDED_BY_NPM.test(key) && value !== undefined) out[key] = value;
	for (const key of Object.keys(out)) {
		if (key.toUpperCase() !== 'PATH') continue;
		out[key] = out[key]
			.split(':')
			.filter((dir) => dir && !PATH_ADDED_BY_NPM.test(dir))
			.join(':');
	}
	return out;
}

/** The names in `env` that `npm run` added: what withoutNpmRunEnv removes (for messages and tests). */
export function npmRunLeaks(env = process.env) {
	const names = Object.keys(env).filter((k) => ADDED_BY_NPM.test(k));
	const pathDirs = (env.PATH ?? '').split(':').filter((dir) => PATH_ADDED_BY_NPM.test(dir));
	return { names, pathDirs };
}

/** Scrub this process's own environment in place, so every child it starts inherits a clean one. */
export function scrubNpmRunEnv() {
	const clean = withoutNpmRunEnv(process.env);
	for (const key of Object.keys(process.env)) if (!(key in clean)) delete process.env[key];
	for (const [key, value] of Object.entries(clean)) process.env[key] = value;
}

// `node scripts/cleanEnv.mjs --report`: what this process inherited and what is left after the scrub, as JSON (tests).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === '--report') {
	const before = npmRunLeaks(process.env);
	const userAgent = process.env.npm_config_user_agent ?? null;
	scrubNpmRunEnv();
	console.log(JSON.stringify({ userAgent, before, after: npmRunLeaks(process.env), path: process.env.PATH }));
}
