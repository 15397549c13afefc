import { Code, Finding } from '../diagnosticCodes';
import type { LegacyStoreKind } from '../../../../core/src/openclaw/legacyStores';

/**
 * A store left behind in a state dir whose pairing lives in state/openclaw.sqlite (core/src/openclaw/legacyStores.ts):
 * a 2026.9.5+ gateway reads none of it, so what it holds is lost until doctor imports it. About the file as a whole
 * (its start), whatever its content; the caller decides the era.
 */
export function legacyStoreFinding(kind: LegacyStoreKind, relativePath: string): Finding {
	const importIt = 'Stop the gateway and run "openclaw doctor --fix": it imports the file into the database and archives it.';
	const message =
		kind === 'pairing'
			? `${relativePath} is a JSON pairing store the gateway no longer reads (pairing lives in state/openclaw.sqlite since 2026.8): nothing in it counts until it is imported. ${importIt}`
			: `${relativePath} is the retired device-token cache (2026.9 keeps cached tokens in state/openclaw.sqlite): while it exists, OpenClaw's clients refuse to read their cached tokens and doctor cannot check them. ${importIt}`;
	return {
		code: kind === 'pairing' ? Code.LegacyPairingStore : Code.LegacyDeviceAuthStore,
		severity: 'warning',
		message,
		offset: 0,
		length: 0,
		data: { path: [] },
	};
}
