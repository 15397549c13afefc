// `--gateway NAME`: the named gateways of $XDG_CONFIG_HOME/openclaw-pairing/gateways.json (beside the CLI's identity;
// $OPENCLAW_PAIRING_GATEWAYS names another file), the same list and checks as the extension's openclawPairing.gateways.
// A token reaches a named gateway only from --token, its own "tokenEnv" variable, or $OPENCLAW_GATEWAY_TOKEN when
// $OPENCLAW_GATEWAY_URL names that very gateway: one gateway's token is never sent to another.
import path from 'node:path';
import { isPlainObject, parseConfigText, readConfigText } from '../../core/src/openclaw/configText';
import type { GatewayTargetResult } from '../../core/src/openclaw/gatewayTarget';
import { findGatewayProfile, normalizeGatewayUrl, parseGatewayProfiles } from '../../core/src/pairing/gatewayProfiles';

export const GATEWAYS_FILE_EXAMPLE = '{ "gateways": [{ "name": "vps", "url": "ws://127.0.0.1:28789", "tokenEnv": "VPS_GATEWAY_TOKEN" }] }';

/** The file --gateway reads: $OPENCLAW_PAIRING_GATEWAYS, else gateways.json in the CLI's config folder. */
export function gatewaysFilePath(env: NodeJS.ProcessEnv, configDir: string): string {
	const named = env.OPENCLAW_PAIRING_GATEWAYS?.trim();
	return named ? path.resolve(named) : path.join(configDir, 'gateways.json');
}

/** The gateway called `name` and its token, as a target the devices commands connect to. */
export function namedGatewayTarget(name: string, flagToken: string | undefined, env: NodeJS.ProcessEnv, file: string): GatewayTargetResult {
	const fail = (reason: string) => ({ ok: false as const, message: reason, reason, configPath: file });
	const read = readConfigText(file);
	if (!read.ok)
		return fail(read.missing ? `--gateway ${name}: ${file} does not exist; create it, e.g. ${GATEWAYS_FILE_EXAMPLE}` : `--gateway ${name}: ${read.message}`);
	const parsed = parseConfigText(read.text);
	if (!parsed.ok) return fail(`--gateway ${name}: ${file}: ${parsed.message}`);
	if (!isPlainObject(parsed.value)) return fail(`--gateway ${name}: ${file} must hold an object like ${GATEWAYS_FILE_EXAMPLE}`);
	const found = findGatewayProfile(parseGatewayProfiles(parsed.value.gateways, `${file} "gateways"`), name, file);
	if (!found.ok) return fail(`--gateway ${name}: ${found.message}`);
	const profile = found.profile;
	const fromEnvUrl = env.OPENCLAW_GATEWAY_URL?.trim() ? normalizeGatewayUrl(env.OPENCLAW_GATEWAY_URL) === profile.url : false;
	let token: string | undefined;
	let tokenText: string;
	if (flagToken?.trim()) {
		token = flagToken.trim();
		tokenText = '--token';
	} else if (profile.tokenEnv) {
		token = env[profile.tokenEnv]?.trim() || undefined;
		tokenText = `$${profile.tokenEnv}`;
		if (!token) return fail(`--gateway ${profile.name}: its token variable $${profile.tokenEnv} is not set (or empty)`);
	} else if (fromEnvUrl && env.OPENCLAW_GATEWAY_TOKEN?.trim()) {
		token = env.OPENCLAW_GATEWAY_TOKEN.trim();
		tokenText = '$OPENCLAW_GATEWAY_TOKEN ($OPENCLAW_GATEWAY_URL names this gateway)';
	} else {
		return fail(
			`--gateway ${profile.name}: no token for ${profile.url}: set "tokenEnv" for it in ${file} or pass --token. ` +
				"$OPENCLAW_GATEWAY_TOKEN is used only when $OPENCLAW_GATEWAY_URL names this gateway, so one gateway never gets another one's token",
		);
	}
	return {
		ok: true,
		url: profile.url,
		urlSource: 'named',
		token,
		tokenSource: tokenText === '--token' ? 'flag' : 'env',
		...(profile.tlsFingerprint ? { tlsFingerprint: profile.tlsFingerprint } : {}),
		configPath: file,
		summary: `gateway "${profile.name}" (${profile.url}) from ${file}, token from ${tokenText}`,
		discovered: true,
	};
}
