// The isolated config and environment a test gateway starts with, and which config keys its build knows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Config keys this openclaw build knows (unknown keys make the gateway exit 78). */
export interface GatewayFeatures {
	autoApproveLocal: boolean;
	sshVerify: boolean;
	catalogRefresh: boolean;
}

const FEATURE_KEYS: (keyof GatewayFeatures)[] = ['autoApproveLocal', 'sshVerify', 'catalogRefresh'];

/** grep the dist for config keys once per install; cached next to it (the install never changes). */
export function detectFeatures(prefix: string, pkgDir: string): GatewayFeatures {
	const cacheFile = path.join(prefix, '.openclaw-pairing-features.json');
	try {
		return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as GatewayFeatures;
	} catch {
		// not cached yet
	}
	const found = new Set<keyof GatewayFeatures>();
	const files = fs.readdirSync(path.join(pkgDir, 'dist'), { recursive: true, encoding: 'utf8' });
	for (const rel of files) {
		if (!/\.m?js$/.test(rel)) continue;
		const text = fs.readFileSync(path.join(pkgDir, 'dist', rel), 'utf8');
		for (const key of FEATURE_KEYS) if (!found.has(key) && text.includes(key)) found.add(key);
		if (found.size === FEATURE_KEYS.length) break;
	}
	const features = Object.fromEntries(FEATURE_KEYS.map((k) => [k, found.has(k)])) as unknown as GatewayFeatures;
	fs.writeFileSync(cacheFile, JSON.stringify(features));
	return features;
}

/** The isolated config start-gateway.sh writes; only keys this version knows. */
export function writeConfig(
	stateDir: string,
	port: number,
	token: string,
	f: GatewayFeatures,
	autoApproveLocal: boolean | undefined,
	trustedProxies?: readonly string[],
	gatewayExtra?: Record<string, unknown>,
	configExtra?: Record<string, unknown>,
): void {
	const pairing: Record<string, boolean> = {};
	if (f.autoApproveLocal && autoApproveLocal !== undefined) pairing.autoApproveLocal = autoApproveLocal;
	if (f.sshVerify) pairing.sshVerify = false; // no outbound SSH probing of connecting nodes
	const config = {
		gateway: {
			mode: 'local', // headless without a model provider or channel
			port,
			bind: 'loopback',
			auth: { mode: 'token', token },
			// Proxies whose X-Forwarded-For the gateway believes: a loopback client then counts as that remote address.
			...(trustedProxies ? { trustedProxies: [...trustedProxies] } : {}),
			...(Object.keys(pairing).length ? { nodes: { pairing } } : {}),
			...gatewayExtra,
		},
		...(f.catalogRefresh ? { models: { catalogRefresh: { enabled: false } } } : {}), // offline: no catalog fetch
		logging: { file: path.join(stateDir, 'logs', 'openclaw.log') },
		update: { checkOnStart: false },
		...configExtra,
	};
	fs.writeFileSync(path.join(stateDir, 'openclaw.json'), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
}

/** HOME/XDG/TMPDIR too: the gateway writes ~/.cache/openclaw, ~/.npm/_logs and SQLite temp files. */
export function gatewayEnv(stateDir: string, nodeBin: string, ocPrefix: string): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (v === undefined || /^(OPENCLAW_|npm_)/i.test(k) || ['NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'NODE_CHANNEL_FD'].includes(k)) continue;
		env[k] = v;
	}
	const home = path.join(stateDir, 'home');
	return {
		...env,
		PATH: [path.dirname(nodeBin), path.join(ocPrefix, 'node_modules', '.bin'), env.PATH ?? ''].join(path.delimiter),
		HOME: home,
		TMPDIR: os.tmpdir(),
		XDG_CACHE_HOME: path.join(home, '.cache'),
		XDG_CONFIG_HOME: path.join(home, '.config'),
		XDG_DATA_HOME: path.join(home, '.local', 'share'),
		XDG_STATE_HOME: path.join(home, '.local', 'state'),
		OPENCLAW_HOME: home,
		OPENCLAW_STATE_DIR: stateDir,
		OPENCLAW_CONFIG_PATH: path.join(stateDir, 'openclaw.json'),
		// The embedding preset from the package's docs/gateway/embedding.md.
		OPENCLAW_DISABLE_BONJOUR: '1',
		OPENCLAW_NO_RESPAWN: '1',
		OPENCLAW_EXEC_SHELL_SNAPSHOT: '0',
		OPENCLAW_SKIP_CHANNELS: '1',
		OPENCLAW_NO_AUTO_UPDATE: '1',
		OPENCLAW_SKIP_GMAIL_WATCHER: '1',
		OPENCLAW_SKIP_STARTUP_MODEL_PREWARM: '1',
		NO_COLOR: '1',
	};
}
