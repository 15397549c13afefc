import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cli, findings, fixture, home, lines, Run, SECRETS, stateDir, summary, tempDir, useCliSandbox, writeFile } from '../support/cliRun';

useCliSandbox();

describe('check: finding the state dir', () => {
	function assertAllFour(r: Run, dir: string): void {
		assert.equal(r.status, 0, r.stdout + r.stderr);
		assert.equal(r.stderr, '');
		// The only finding: the pending request is long expired (information).
		assert.deepEqual(
			findings(r).map((f) => [f.file, f.severity, f.code]),
			[[path.join(dir, 'devices', 'pending.json'), 'info', 'pending-expired']],
		);
		assert.deepEqual(summary(r), { files: 4, errors: 0, warnings: 0 });
	}

	const all = { paired: 'paired-clean.json', pending: 'pending.json', device: 'device.json', 'device-auth': 'device-auth.json' } as const;

	test('--state-dir: every pairing file in it', () => {
		const dir = stateDir(all);
		assertAllFour(cli(['check', '--state-dir', dir]), dir);
		assertAllFour(cli(['check', `--state-dir=${dir}`]), dir);
	});

	test('$OPENCLAW_STATE_DIR', () => {
		const dir = stateDir(all);
		assertAllFour(cli(['check'], { OPENCLAW_STATE_DIR: dir }), dir);
	});

	test('--state-dir wins over $OPENCLAW_STATE_DIR', () => {
		const dir = stateDir(all);
		const other = stateDir({ paired: 'paired-errors.json' });
		assertAllFour(cli(['check', '--state-dir', dir], { OPENCLAW_STATE_DIR: other }), dir);
	});

	test('~/.openclaw by default, ~/.openclaw-<profile> with OPENCLAW_PROFILE, ~ in --state-dir', () => {
		const plain = path.join(home, '.openclaw');
		fs.cpSync(fixture('paired-errors.json'), path.join(plain, 'devices', 'paired.json'));
		const r = cli(['check']);
		assert.equal(r.status, 1);
		assert.ok(findings(r).every((f) => f.file === path.join(plain, 'devices', 'paired.json')));

		const work = path.join(home, '.openclaw-work');
		fs.cpSync(fixture('paired-clean.json'), path.join(work, 'devices', 'paired.json'));
		const w = cli(['check'], { OPENCLAW_PROFILE: 'work' });
		assert.equal(w.status, 0);
		assert.deepEqual(summary(w), { files: 1, errors: 0, warnings: 0 });

		const tilde = cli(['check', '--state-dir', '~/.openclaw-work']);
		assert.equal(tilde.status, 0);
		assert.deepEqual(summary(tilde), { files: 1, errors: 0, warnings: 0 });
		fs.rmSync(plain, { recursive: true });
		fs.rmSync(work, { recursive: true });
	});

	test('errors found in the state dir: exit 1, lines name the files', () => {
		const dir = stateDir({ paired: 'paired-errors.json', 'device-auth': 'device-auth.json' });
		const r = cli(['check', '--state-dir', dir]);
		assert.equal(r.status, 1);
		assert.ok(lines(r).includes(`${path.join(dir, 'devices', 'paired.json')}:56:7: error unknown-scope: Unknown scope "operator.raed". Did you mean "operator.read"? The gateway never grants an unknown scope, so anything that needs "operator.read" is refused.`));
		assert.deepEqual(summary(r), { files: 2, errors: 1, warnings: 1 });
	});

	test('files named explicitly under a configured state dir are recognized without --kind', () => {
		const dir = stateDir({ paired: 'paired-errors.json', device: 'device.json' });
		const files = [path.join(dir, 'devices', 'paired.json'), path.join(dir, 'identity', 'device.json')];
		const r = cli(['check', '--state-dir', dir, ...files]);
		assert.equal(r.status, 1);
		assert.deepEqual(summary(r), { files: 2, errors: 1, warnings: 1 });
		const env = cli(['check', ...files], { OPENCLAW_STATE_DIR: dir });
		assert.equal(env.status, 1);
		assert.deepEqual(summary(env), { files: 2, errors: 1, warnings: 1 });
		const named = path.join(tempDir(), '.openclaw-ci', 'devices', 'paired.json');
		fs.mkdirSync(path.dirname(named), { recursive: true });
		fs.cpSync(fixture('paired-clean.json'), named);
		assert.equal(cli(['check', named]).status, 0, 'a conventionally named state dir needs no flag');
	});

	test('only devices/paired.json.migrated: one information, exit 0', () => {
		const dir = tempDir('migrated');
		fs.mkdirSync(path.join(dir, 'devices'));
		fs.cpSync(fixture('paired-clean.json'), path.join(dir, 'devices', 'paired.json.migrated'));
		const r = cli(['check', '--state-dir', dir]);
		assert.equal(r.status, 0);
		const found = findings(r);
		assert.deepEqual(
			found.map((f) => [f.file, f.line, f.column, f.severity, f.code]),
			[[path.join(dir, 'devices', 'paired.json.migrated'), 1, 1, 'info', 'state-migrated']],
		);
		assert.match(found[0].message, /no longer read: pairing now lives in the gateway \(state\/openclaw\.sqlite\)/);
		assert.deepEqual(summary(r), { files: 1, errors: 0, warnings: 0 });
	});

	test('a *.migrated store named explicitly is information only; --kind overrides the name', () => {
		const file = path.join(tempDir(), '.openclaw', 'devices', 'paired.json.migrated');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.cpSync(fixture('paired-errors.json'), file);
		const r = cli(['check', file]);
		assert.equal(r.status, 0);
		assert.deepEqual(
			findings(r).map((f) => [f.severity, f.code]),
			[['info', 'state-migrated']],
		);
		const forced = cli(['check', '--kind', 'paired', file]);
		assert.equal(forced.status, 1);
		assert.ok(findings(forced).some((f) => f.code === 'unknown-scope' && f.line === 56 && f.column === 7));
	});

	test("only state/openclaw.sqlite (a real 2026.9.6 one): its records checked by name, by the SQLite era's verdicts", () => {
		const dir = tempDir('sqlite');
		fs.mkdirSync(path.join(dir, 'state'));
		fs.cpSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'sqlite', 'stopped'), path.join(dir, 'state'), { recursive: true });
		const db = path.join(dir, 'state', 'openclaw.sqlite');
		const r = cli(['check', '--state-dir', dir]);
		assert.equal(r.status, 0, r.stdout + r.stderr);
		assert.match(r.stdout, new RegExp(`^${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#device/[0-9a-f]{64}:\\d+:\\d+: hint missing-scope: The openclaw CLI`, 'm'));
		const json = cli(['check', '--json', '--state-dir', dir]);
		assert.equal(json.status, 0);
		const parsed = JSON.parse(json.stdout) as { files: { file: string; kind: string }[] };
		// The database itself, then each record by name (there is no file per record).
		assert.deepEqual(
			parsed.files.map((f) => [f.file.replace(/[0-9a-f]{64}|[0-9a-f-]{36}$/, '<id>'), f.kind]),
			[
				[db, 'sqlite'],
				[`${db}#device/<id>`, 'paired'],
				[`${db}#request/<id>`, 'pending'],
			],
		);
	});

	test('a truncated state/openclaw.sqlite: says so, exit 2, no stack trace', () => {
		const dir = tempDir('sqlite-truncated');
		writeFile(path.join(dir, 'state', 'openclaw.sqlite'), Buffer.from('SQLite format 3\0'));
		const r = cli(['check', '--state-dir', dir]);
		assert.equal(r.status, 2);
		assert.match(r.stdout + r.stderr, /openclaw\.sqlite: error: is truncated \(16 bytes/);
		assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /);
	});

	test('an empty state dir: nothing to check, exit 0 with a hint', () => {
		const dir = tempDir('empty');
		const r = cli(['check', '--state-dir', dir]);
		assert.equal(r.status, 0);
		assert.match(r.stdout, /no pairing files found .*set OPENCLAW_STATE_DIR or pass --state-dir/);
	});
});

describe('check --require-scope', () => {
	const file = fixture('paired-clean.json');

	function missingScope(r: Run): { message: string; severity: string }[] {
		return findings(r).filter((f) => f.code === 'missing-scope');
	}

	test('without it the fixture is clean; with it the device lacking the scope is reported', () => {
		assert.deepEqual(missingScope(cli(['check', '--kind', 'paired', file])), []);
		const r = cli(['check', '--kind', 'paired', '--require-scope', 'operator.approvals', file]);
		assert.notEqual(r.status, 2);
		const hits = missingScope(r);
		assert.equal(hits.length, 1, r.stdout);
		assert.equal(hits[0].severity, 'warning');
		assert.match(hits[0].message, /^"gateway-client" lacks operator\.approvals in its approved scopes/);
		assert.deepEqual(summary(r), { files: 1, errors: 0, warnings: 1 });
	});

	test('comma lists, repeats and the inline form accumulate; implied scopes count as held', () => {
		const r = cli(['check', '--kind', 'paired', '--require-scope', 'operator.read,operator.approvals', `--require-scope=operator.pairing`, '--require-scope', ' operator.talk.secrets ', file]);
		const hits = missingScope(r);
		assert.equal(hits.length, 1, r.stdout);
		assert.match(hits[0].message, /lacks operator\.approvals, operator\.talk\.secrets in its approved scopes/);
	});
});

describe('check: secrets', () => {
	test('no token or private key from the input appears in any output, human or --json', () => {
		const dir = stateDir({ paired: 'paired-errors.json', pending: 'pending.json', device: 'device.json', 'device-auth': 'device-auth.json' });
		// A file whose problems sit right next to the secrets: a token under the wrong role and an unknown property.
		const secret = `fixture-inline-secret-${'x'.repeat(8)}-0123456789abcdef`;
		const auth = JSON.parse(fs.readFileSync(fixture('device-auth.json'), 'utf8')) as { tokens: Record<string, Record<string, unknown>> };
		auth.tokens.operator.token = secret;
		auth.tokens.operator.role = 'node';
		auth.tokens.operator.extra = secret;
		writeFile(path.join(dir, 'identity', 'device-auth.json'), JSON.stringify(auth, null, 2));
		SECRETS.push(secret);
		for (const args of [['check', '--state-dir', dir], ['check', '--json', '--state-dir', dir]]) {
			const r = cli(args); // cli() asserts that no secret is in stdout or stderr
			assert.equal(r.status, 1);
			assert.match(r.stdout, /token-role-mismatch/);
		}
	});
});
