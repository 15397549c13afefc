// Secret-free text for trace logs: values under secret-looking keys are masked before anything is stringified.

/** Keys whose values are credentials or derived from them (hello-ok deviceToken, rotate's token, token issuer hash…). */
const SECRET_KEYS =
	/^(token|deviceToken|deviceTokens|bootstrapToken|setupCode|password|secret|privateKey|privateKeyPem|generation|recoveryScope|approvalRuntimeToken|agentRuntimeIdentityToken)$/i;

export function redactSecrets(value: unknown, depth = 0): unknown {
	if (depth > 20) return '[…]';
	if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
	if (typeof value !== 'object' || value === null) return value;
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEYS.test(key) && v !== undefined && v !== null ? '***' : redactSecrets(v, depth + 1);
	return out;
}

/** JSON of the redacted value, cut to `max` characters (trace lines stay readable). */
export function traceJson(value: unknown, max = 2_000): string {
	let text: string;
	try {
		text = JSON.stringify(redactSecrets(value)) ?? 'undefined';
	} catch {
		text = '[unserializable]';
	}
	return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
