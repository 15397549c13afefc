import * as fs from 'node:fs';
import * as path from 'node:path';
import { pairedDevice, pairedFile } from '../../support/fixtures';

const WITHOUT_ADMIN = ['operator.pairing', 'operator.read'];

/**
 * paired.json with one device the gateway would keep refusing: the openclaw CLI connecting from another host
 * (remoteIp 203.0.113.7) without operator.admin in its approved scopes, its scopes or its operator token. The language
 * server reports exactly one diagnostic on it: `missing-scope`, an error at the "approvedScopes" key.
 */
export function remoteCliWithoutAdmin(): string {
	const device = pairedDevice({ remoteIp: '203.0.113.7', clientId: 'cli', clientMode: 'cli', scopes: WITHOUT_ADMIN, approvedScopes: WITHOUT_ADMIN });
	const tokens = device.tokens as { operator: { scopes: string[] } };
	tokens.operator.scopes = [...WITHOUT_ADMIN];
	return pairedFile(device);
}

/** Write `<root>/.openclaw/devices/paired.json` and return its path. */
export function writePairedJson(root: string, text = remoteCliWithoutAdmin()): string {
	const file = path.join(root, '.openclaw', 'devices', 'paired.json');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
	return file;
}

/** Zero-based line and character of the first occurrence of needle. */
export function positionOf(text: string, needle: string): { line: number; character: number } {
	const offset = text.indexOf(needle);
	if (offset < 0) throw new Error(`${JSON.stringify(needle)} not in the text`);
	const before = text.slice(0, offset).split('\n');
	return { line: before.length - 1, character: before[before.length - 1].length };
}
