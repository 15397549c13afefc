// A JSON-era state dir's cross-file facts for `check` (server/src/service/relatedState.ts): pending.json is judged
// beside paired.json, paired.json beside this machine's identity/device.json + identity/device-auth.json (what
// openclaw doctor compares, 2026.7.35). A file that can't be read or parsed contributes nothing: its own check says why.
import type { FileKind } from '../../core/src/openclaw/fileKind';
import type { LocalAuthToken, LocalDeviceAuth } from '../../core/src/pairing/localDeviceAuth';
import { pairingFileRelativePath } from '../../core/src/openclaw/stateLayout';
import { pairedBeside, RelatedState } from '../../server/src/service/relatedState';
import { readInput } from './readInput';

type Target = { file: string; kind: FileKind | undefined };

/** The related facts for each checked kind, from the other targets of the same run. */
export function relatedFromFiles(targets: readonly Target[]): Partial<Record<FileKind, RelatedState>> {
	const value = (kind: FileKind) => {
		const target = targets.find((t) => t.kind === kind);
		return target ? parsed(target.file) : undefined;
	};
	const out: Partial<Record<FileKind, RelatedState>> = {};
	const pending = pairedBeside(value('paired'));
	if (pending) out.pending = pending;
	const local = localDeviceAuth(value('device'), value('device-auth'));
	if (local) out.paired = { local };
	return out;
}

/**
 * identity/device-auth.json ({version: 1, deviceId, tokens: {role: {token, role, scopes, updatedAtMs}}}) counts only
 * for the identity's own device id, as OpenClaw's loadDeviceAuthStore reads it.
 */
function localDeviceAuth(identity: unknown, cache: unknown): LocalDeviceAuth | undefined {
	if (!isRecord(identity) || typeof identity.deviceId !== 'string') return undefined;
	const tokens: LocalAuthToken[] = [];
	if (isRecord(cache) && cache.deviceId === identity.deviceId && isRecord(cache.tokens)) {
		for (const [key, t] of Object.entries(cache.tokens)) {
			if (!isRecord(t) || typeof t.token !== 'string') continue;
			const scopes = Array.isArray(t.scopes) ? t.scopes.filter((s): s is string => typeof s === 'string') : [];
			const updatedAtMs = typeof t.updatedAtMs === 'number' && Number.isSafeInteger(t.updatedAtMs) ? t.updatedAtMs : 0;
			tokens.push({ role: key, scopes, updatedAtMs });
		}
	}
	return { deviceId: identity.deviceId, tokens, source: pairingFileRelativePath('device-auth') };
}

function parsed(file: string): unknown {
	const input = readInput(file);
	if (!input.ok) return undefined;
	try {
		return JSON.parse(input.text) as unknown;
	} catch {
		return undefined;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
