// What our clients connect to and ask for when nothing says otherwise. package.json's settings defaults repeat these
// (VS Code reads them there); test/unit/defaults.test.ts keeps the two equal.

/** OpenClaw's gateway port on loopback (gateway.port defaults to 18789). */
export const DEFAULT_GATEWAY_URL = 'ws://127.0.0.1:18789';

/** The fewest scopes that list and approve pairing requests: least privilege for the editor and the CLI. */
export const DEFAULT_SCOPES: readonly string[] = ['operator.pairing', 'operator.read'];
