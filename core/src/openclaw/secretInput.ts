import { isPlainObject } from './configText';

// A credential value in openclaw.json (gateway.auth.token, gateway.remote.token) as OpenClaw reads it
// (src/config/types.secrets.ts, src/secrets/ref-contract.ts, src/config/env-substitution.ts, 2026.9.6):
// - a literal string, where `${VAR}` is replaced from the environment (`$${VAR}` keeps a literal `${VAR}`);
// - the whole value `${VAR}` or `$VAR`: an env SecretRef to VAR;
// - a SecretRef object {source, provider, id} (or the older {source, id}): `env` refs are read from the
//   environment like OpenClaw's env provider (with its allowlist); `file`, `exec` and `store` refs need OpenClaw's
//   own resolvers (a file provider's JSON pointer, a command to run, the SQLite secret store) and are reported,
//   not guessed.
// Messages name the config path and the reference, never a value.

export type SecretInput =
	| { kind: 'absent' }
	| { kind: 'value'; value: string; /** The variable it was read from, when it is a reference. */ viaEnv?: string }
	| { kind: 'unresolved'; reason: string };

const ENV_TEMPLATE = /^\$\{([A-Z][A-Z0-9_]{0,127})\}$/;
const ENV_SHORTHAND = /^\$([A-Z][A-Z0-9_]{0,127})$/;
const SUBSTITUTION = /\$\$\{([A-Z_][A-Z0-9_]*)\}|\$\{([A-Z_][A-Z0-9_]*)\}/g;
const SOURCES = ['env', 'file', 'exec', 'store'] as const;
type Source = (typeof SOURCES)[number];

export function resolveSecretInput(raw: unknown, config: Record<string, unknown>, getEnv: (name: string) => string | undefined): SecretInput {
	if (raw === undefined || raw === null) return { kind: 'absent' };
	const secrets = isPlainObject(config.secrets) ? config.secrets : {};
	const defaults = isPlainObject(secrets.defaults) ? secrets.defaults : {};
	const defaultProvider = (source: Source): string => {
		const named = defaults[source];
		return typeof named === 'string' && named.trim() ? named.trim() : 'default';
	};
	if (typeof raw === 'string') {
		const trimmed = raw.trim();
		if (!trimmed) return { kind: 'absent' };
		const envRef = ENV_TEMPLATE.exec(trimmed) ?? ENV_SHORTHAND.exec(trimmed);
		if (envRef) return resolveEnvRef(envRef[1], defaultProvider('env'), secrets, getEnv);
		if (/^(secretref-env:|__env__:)/.test(trimmed))
			return { kind: 'unresolved', reason: 'uses a retired "secretref-env:" marker (openclaw doctor --fix rewrites it)' };
		const { value, missing } = substituteEnv(raw, getEnv);
		if (missing) return { kind: 'unresolved', reason: `refers to \${${missing}}, which is not set` };
		return value.trim() ? { kind: 'value', value: value.trim() } : { kind: 'absent' };
	}
	if (!isPlainObject(raw)) return { kind: 'unresolved', reason: `is a ${Array.isArray(raw) ? 'list' : typeof raw}, not a string or a SecretRef` };
	const ref = secretRef(raw, defaultProvider);
	if (!ref) return { kind: 'unresolved', reason: 'is an object but not a SecretRef ({"source", "provider", "id"})' };
	if (ref.source === 'env') return resolveEnvRef(ref.id, ref.provider, secrets, getEnv);
	const how = ref.source === 'store' ? "OpenClaw's secret store" : ref.source === 'file' ? 'a secrets file' : 'a command';
	return { kind: 'unresolved', reason: `is a SecretRef to ${how} (${ref.source}:${ref.provider}:${ref.id}), which only OpenClaw can resolve` };
}

/** `${VAR}` replaced from the environment, `$${VAR}` kept as a literal `${VAR}` (src/config/env-substitution.ts); `missing`: the first unset VAR. */
export function substituteEnv(text: string, getEnv: (name: string) => string | undefined): { value: string; missing?: string } {
	let missing: string | undefined;
	const value = text.replace(SUBSTITUTION, (whole, escaped: string | undefined, name: string | undefined) => {
		if (escaped) return `\${${escaped}}`;
		const found = getEnv(name ?? '');
		if (found) return found;
		missing ??= name;
		return whole;
	});
	return missing === undefined ? { value } : { value, missing };
}

/** {source, provider, id} with exactly those keys, or {source, id} taking secrets.defaults.<source> (src/config/types.secrets.ts coerceSecretRef). */
function secretRef(raw: Record<string, unknown>, defaultProvider: (source: Source) => string): { source: Source; provider: string; id: string } | undefined {
	const source = SOURCES.find((s) => s === raw.source);
	const id = typeof raw.id === 'string' && raw.id.trim() ? raw.id : undefined;
	if (!source || !id) return undefined;
	if (raw.provider === undefined) return { source, provider: defaultProvider(source), id };
	const provider = typeof raw.provider === 'string' && raw.provider.trim() ? raw.provider : undefined;
	return provider && Object.keys(raw).length === 3 ? { source, provider, id } : undefined;
}

/** OpenClaw's env provider (src/secrets/resolve.ts resolveEnvRefs): the allowlist, then a non-empty variable. */
function resolveEnvRef(id: string, provider: string, secrets: Record<string, unknown>, getEnv: (name: string) => string | undefined): SecretInput {
	const providers = isPlainObject(secrets.providers) ? secrets.providers : {};
	const configured = providers[provider];
	if (isPlainObject(configured)) {
		if (configured.source !== 'env')
			return { kind: 'unresolved', reason: `refers to $${id} through secrets.providers.${provider}, which is not an env provider` };
		if (Array.isArray(configured.allowlist) && !configured.allowlist.includes(id))
			return { kind: 'unresolved', reason: `refers to $${id}, which secrets.providers.${provider}.allowlist does not allow` };
	} else if (provider !== 'default') {
		return { kind: 'unresolved', reason: `refers to $${id} through secrets.providers.${provider}, which is not configured` };
	}
	const value = getEnv(id)?.trim();
	return value ? { kind: 'value', value, viaEnv: id } : { kind: 'unresolved', reason: `refers to $${id}, which is not set` };
}
