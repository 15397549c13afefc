// `check --state-dir` in the SQLite era (runCheck in-process; the bundled CLI as a process is in
// test/gateway/sqliteState.test.ts): the JSON era's diagnostics on state/openclaw.sqlite, named by record, with the
// same formats and exit codes; which era a state dir is in.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { CheckOptions, parseCheckArgs, UsageError } from '../../cli/src/args';
import { runCheck } from '../../cli/src/check';
import { CLI_DEVICE, derive, fixtureTokens, LAPTOP, PHONE_REQUEST, stateDirWith, STOPPED } from '../fixtures/sqlite/derive';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/cli');
const options = (stateDir: string, extra: Partial<CheckOptions> = {}): CheckOptions => ({
	files: [],
	kind: undefined,
	json: false,
	stateDir,
	requiredScopes: [],
	help: false,
	...extra,
});
const db = (dir: string) => path.join(dir, 'state', 'openclaw.sqlite');
const LINE = /^(.+):(\d+):(\d+): (error|warning|info|hint) ([a-z-]+): (.+)$/;

/** The finding lines as [name, severity, code]. */
function findings(output: string): [string, string, string][] {
	return output
		.split('\n')
		.map((l) => LINE.exec(l))
		.filter((m): m is RegExpExecArray => m !== null)
		.map((m) => [m[1], m[4], m[5]]);
}

let tokens: string[];
before(async () => {
	tokens = await fixtureTokens();
});

function noTokens(output: string): void {
	for (const token of tokens) assert.ok(!output.includes(token), 'a device token was printed');
}

describe('check --state-dir on a 2026.9.6 state dir', () => {
	test("the CLI device without operator.admin, under its record name: a hint, by the SQLite era's verdict; the database is the one file", async () => {
		const dir = stateDirWith(STOPPED, `${STOPPED}-wal`);
		const r = await runCheck(options(dir));
		noTokens(r.output);
		assert.equal(r.exitCode, 0, r.output);
		assert.deepEqual(findings(r.output), [
			[`${db(dir)}#device/${CLI_DEVICE}`, 'hint', 'missing-scope'],
			[`${db(dir)}#request/${PHONE_REQUEST}`, 'info', 'pending-expired'],
		]);
		// Measured (schemas/scopes.json): 2026.8.1 and 9.6 upgrade the CLI silently on loopback with the shared token; the
		// JSON era's loop (6.6, 7.35) does not apply to a store those releases never read.
		assert.match(r.output, /the gateway \(OpenClaw 2026\.8\.1, 2026\.9\.6\) grants it silently\./);
		assert.doesNotMatch(r.output, /2026\.6\.6/);
		assert.equal(r.output.split('\n').at(-1), '1 file checked: 0 errors, 0 warnings');
	});

	test('--json: the same diagnostics, files named by record, the database listed as checked', async () => {
		const dir = stateDirWith(STOPPED);
		const r = await runCheck(options(dir, { json: true }));
		noTokens(r.output);
		const out = JSON.parse(r.output) as { files: { file: string; kind: string; diagnostics: { code: string; line: number }[] }[] };
		assert.deepEqual(
			out.files.map((f) => [f.file, f.kind, f.diagnostics.map((d) => d.code)]),
			[
				[db(dir), 'sqlite', []],
				[`${db(dir)}#device/${CLI_DEVICE}`, 'paired', ['missing-scope']],
				[`${db(dir)}#request/${PHONE_REQUEST}`, 'pending', ['pending-expired']],
			],
		);
		assert.equal(r.exitCode, 0);
	});

	// The JSON era's loop diagnostics, on rows derived from the real ones (the gateway itself never writes these states).
	const drift: [string, string, string][] = [
		[
			`UPDATE device_pairing_paired SET tokens_json = json_set(tokens_json, '$.operator.scopes', json('["operator.admin","operator.read"]')) WHERE device_id = '${LAPTOP}'`,
			'token-scope-beyond-approved',
			'error',
		],
		[`UPDATE device_pairing_paired SET tokens_json = '{}' WHERE device_id = '${LAPTOP}'`, 'role-without-active-token', 'error'],
		[
			`UPDATE device_pairing_paired SET scopes_json = '["operator.read","operator.pairing","operator.write"]' WHERE device_id = '${LAPTOP}'`,
			'scopes-approved-drift',
			'warning',
		],
	];
	for (const [sql, code] of drift) {
		test(`${code} reaches a SQLite-era user`, async () => {
			const dir = stateDirWith(await derive(sql));
			const r = await runCheck(options(dir));
			assert.ok(
				findings(r.output).some(([name, , c]) => name === `${db(dir)}#device/${LAPTOP}` && c === code),
				r.output,
			);
		});
	}

	test('--require-scope applies to every record; a clean database exits 0', async () => {
		const clean = stateDirWith(await derive(`DELETE FROM device_pairing_paired WHERE device_id = '${CLI_DEVICE}'`, 'DELETE FROM device_pairing_pending'));
		const ok = await runCheck(options(clean));
		assert.equal(ok.exitCode, 0, ok.output);
		assert.equal(ok.output, '1 file checked: 0 errors, 0 warnings');
		const required = await runCheck(options(clean, { requiredScopes: ['operator.admin'] }));
		assert.equal(required.exitCode, 0, 'a scope only the setting asks for is a warning, as for paired.json');
		assert.deepEqual(findings(required.output), [[`${db(clean)}#device/${LAPTOP}`, 'warning', 'missing-scope']]);
	});

	test('the gateway running: the log is read, and a note says so first', async () => {
		const running = path.resolve(path.dirname(STOPPED), '../running/openclaw.sqlite');
		const dir = stateDirWith(running, `${running}-wal`);
		const r = await runCheck(options(dir));
		assert.match(
			r.output.split('\n')[0],
			new RegExp(`^${db(dir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: note: the newest pairing changes are only in its write-ahead log`),
		);
		assert.ok(findings(r.output).some(([name]) => name === `${db(dir)}#device/${CLI_DEVICE}`));
	});

	test('a database that cannot be read: one error line, exit 2', async () => {
		const dir = stateDirWith(fs.readFileSync(STOPPED).subarray(0, 5000));
		const r = await runCheck(options(dir));
		assert.equal(r.exitCode, 2);
		assert.match(r.output, new RegExp(`^${db(dir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error: is truncated`));
		assert.equal(r.output.split('\n').at(-1), '0 files checked: 1 error, 0 warnings');
	});

	test('a FILE named *.sqlite is checked as a state database', async () => {
		const dir = stateDirWith(STOPPED);
		const r = await runCheck(options(dir, { files: [db(dir)], stateDir: undefined }));
		assert.equal(r.exitCode, 0, r.output);
		assert.equal(findings(r.output)[0][0], `${db(dir)}#device/${CLI_DEVICE}`);
	});
});

describe('which era a state dir is in', () => {
	const withJson = (dir: string, name: string, file: string) => {
		fs.mkdirSync(path.join(dir, 'devices'), { recursive: true });
		fs.copyFileSync(path.join(FIXTURES, file), path.join(dir, 'devices', name));
	};

	test('*.migrated files next to the database: the database is the truth, the archive is not reported', async () => {
		const dir = stateDirWith(STOPPED);
		withJson(dir, 'paired.json.migrated', 'paired-clean.json');
		const r = await runCheck(options(dir));
		assert.ok(!r.output.includes('state-migrated'), r.output);
		assert.equal(findings(r.output)[0][0], `${db(dir)}#device/${CLI_DEVICE}`);
	});

	test('JSON files and a database with empty pairing tables (2026.6/7): the JSON files are checked, the database left out', async () => {
		const dir = stateDirWith(await derive('DELETE FROM device_pairing_paired', 'DELETE FROM device_pairing_pending'));
		withJson(dir, 'paired.json', 'paired-clean.json');
		const r = await runCheck(options(dir));
		assert.equal(r.exitCode, 0, r.output);
		assert.equal(r.output, '1 file checked: 0 errors, 0 warnings');
	});

	test('JSON files and a database both holding records: both checked, with a note on which one the gateway reads', async () => {
		const dir = stateDirWith(STOPPED);
		withJson(dir, 'paired.json', 'paired-clean.json');
		const r = await runCheck(options(dir));
		assert.match(r.output, /note: both JSON pairing files and this database hold pairing state; OpenClaw 2026\.9\.5 and later read only the database/);
		// The JSON store is named as one no 2026.9.5+ gateway reads (openclaw doctor's pairing-store-legacy-file).
		assert.match(r.output, /devices\/paired\.json:1:1: warning legacy-pairing-store: /);
		assert.equal(r.output.split('\n').at(-1), '2 files checked: 0 errors, 1 warning');
	});
});

describe('check --gateway', () => {
	test('connection options are left for the devices parser; without --gateway they are unknown; no FILES with it', () => {
		assert.deepEqual(parseCheckArgs(['--gateway', '--url', 'ws://127.0.0.1:1', '--json', '--timeout=500']).gateway, [
			'--url',
			'ws://127.0.0.1:1',
			'--timeout=500',
		]);
		// A name right after --gateway: a gateway of gateways.json, for the devices parser's own --gateway.
		assert.deepEqual(parseCheckArgs(['--gateway', 'vps', '--json']).gateway, ['--gateway', 'vps']);
		assert.equal(parseCheckArgs(['--gateway', 'vps', '--json']).json, true);
		assert.throws(
			() => parseCheckArgs(['--url', 'ws://127.0.0.1:1']),
			(e: unknown) => e instanceof UsageError && /unknown option --url/.test(e.message),
		);
		assert.throws(
			() => parseCheckArgs(['--gateway', '--state-dir', '/x']),
			(e: unknown) => e instanceof UsageError && /takes no FILES, --state-dir/.test(e.message),
		);
	});

	test('a gateway that does not answer: one error line, exit 2', async () => {
		const r = await runCheck(
			{ ...options(''), stateDir: undefined, gateway: ['--url', 'ws://127.0.0.1:1', '--token', 'unused-token', '--timeout', '2000'] },
			{ HOME: '/nonexistent' },
		);
		assert.equal(r.exitCode, 2);
		assert.match(r.output, /^error: ws:\/\/127\.0\.0\.1:1: .*cannot reach the gateway/);
		assert.ok(!r.output.includes('unused-token'));
	});
});
