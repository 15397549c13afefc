// The JSON stores OpenClaw 2026.9 no longer reads and leaves for `openclaw doctor --fix` to import: the pairing stores
// (src/infra/pairing-files.ts listLegacyPairingStoreFiles: devices/ and nodes/) and identity/device-auth.json
// (src/commands/doctor/state-migrations.device-auth.ts LEGACY_PATH; retired in 2026.9, openclaw PR #112663).
import * as fs from 'node:fs';
import * as path from 'node:path';

export type LegacyStoreKind = 'pairing' | 'device-auth';

export const LEGACY_STORES: readonly { relativePath: string; kind: LegacyStoreKind }[] = [
	{ relativePath: 'devices/paired.json', kind: 'pairing' },
	{ relativePath: 'devices/pending.json', kind: 'pairing' },
	{ relativePath: 'devices/bootstrap.json', kind: 'pairing' },
	{ relativePath: 'nodes/paired.json', kind: 'pairing' },
	{ relativePath: 'nodes/pending.json', kind: 'pairing' },
	{ relativePath: 'identity/device-auth.json', kind: 'device-auth' },
];

/** Those present in a state dir (anything at the path counts, as doctor's fs.access does). */
export function legacyStoresIn(
	stateDir: string,
	exists: (file: string) => boolean = fs.existsSync,
): { file: string; relativePath: string; kind: LegacyStoreKind }[] {
	return LEGACY_STORES.map((s) => ({ ...s, file: path.join(stateDir, ...s.relativePath.split('/')) })).filter((s) => exists(s.file));
}
