import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');
const fixture = (name: string): string => path.join(FIXTURES, name);

const SUMMARY = /^(\d+) files? checked: (\d+) errors?, (\d+) warnings?$/;
const FINDING = /^(.+):(\d+):(\d+): (error|warning|info|hint) ([a-z-]+): (.+)$/;

/** Every secret in the fixtures (token values, private keys, PEM body lines); none may ever be printed. */
const SECRETS: string[] = [];

function collectSecrets(text: string): void {
	for (const m of text.matchAll(/"(?:token|privateKeyPem|privateKey)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
		const value = JSON.parse(`"${m[1]}"`) as string;
		SECRETS.push(value);
		for (const line of value.split('\n')) if (line.length >= 16 && !line.startsWith('-----')) SECRETS.push(line);
	}
}

interface Run {
	status: number | null;
	stdout: string;
	stderr: string;
}

let tmp: string;
let home: string;

/** Run the bundled CLI with a clean environment: an empty HOME and no OpenClaw variables unless given. */
function cli(args: string[], env: Record<string, string | undefined> = {}): Run {
	const base: NodeJS.ProcessEnv = { ...process.env, HOME: home, USERPROFILE: home };
	delete base.OPENCLAW_STATE_DIR;
	delete base.OPENCLAW_PROFILE;
	for (const [k, v] of Object.entries(env)) {
		if (v === undefined) delete base[k];
		else base[k] = v;
	}
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd: tmp, env: base, encoding: 'utf8', timeout: 120_000 });
	assert.equal(r.error, undefined);
	const out = `${r.stdout}\n${r.stderr}`;
	assert.doesNotMatch(out, /^\s{4}at /m, `no stack trace:\n${out}`);
	assert.doesNotMatch(out, /internal error/, out);
	for (const secret of SECRETS) assert.ok(!out.includes(secret), `a secret leaked into the output of ${args.join(' ')}`);
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lines(r: Run): string[] {
	return r.stdout.replace(/\n$/, '').split('\n');
}

function summary(r: Run): { files: number; errors: number; warnings: number } {
	const last = lines(r).at(-1) ?? '';
	const m = SUMMARY.exec(last);
	assert.ok(m, `a summary line, got ${JSON.stringify(last)}`);
	return { files: Number(m[1]), errors: Number(m[2]), warnings: Number(m[3]) };
}

function findings(r: Run): { file: string; line: number; column: number; severity: string; code: string; message: string }[] {
	return lines(r)
		.slice(0, -1)
		.map((l) => {
			const m = FINDING.exec(l);
			assert.ok(m, `compiler-style line: ${l}`);
			return { file: m[1], line: Number(m[2]), column: Number(m[3]), severity: m[4], code: m[5], message: m[6] };
		});
}

/** 1-based line and column of the first `needle` in `text`. */
function lineColOf(text: string, needle: string): { line: number; column: number } {
	const at = text.indexOf(needle);
	assert.ok(at >= 0);
	const before = text.slice(0, at).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}

let dirCount = 0;
function tempDir(name = 'd'): string {
	const dir = path.join(tmp, `${name}-${++dirCount}`);
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

function writeFile(file: string, content: string | Buffer): string {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, content);
	if (typeof content === 'string') collectSecrets(content);
	return file;
}

/** A state dir holding the fixtures at their conventional places. */
function stateDir(files: Partial<Record<'paired' | 'pending' | 'device' | 'device-auth', string>>): string {
	const dir = tempDir('state');
	const places = { paired: 'devices/paired.json', pending: 'devices/pending.json', device: 'identity/device.json', 'device-auth': 'identity/device-auth.json' };
	for (const [kind, name] of Object.entries(files)) fs.cpSync(fixture(name), path.join(dir, places[kind as keyof typeof places]));
	return dir;
}

function assertUsageError(r: Run, message: RegExp): void {
	assert.equal(r.status, 2);
	assert.equal(r.stdout, '');
	assert.match(r.stderr, message);
	assert.match(r.stderr, /^openclaw-pairing: /);
	assert.match(r.stderr, /Usage: openclaw-pairing/);
}

/** An unreadable input: reported as `file: error: reason`, exit 2, nothing checked. */
function assertUnreadable(file: string, reason: RegExp, extra: string[] = []): void {
	const r = cli(['check', ...extra, file]);
	assert.equal(r.status, 2, r.stdout + r.stderr);
	assert.equal(r.stderr, '');
	const out = lines(r);
	assert.equal(out.length, 2, r.stdout);
	assert.ok(out[0].startsWith(`${file}: error: `), out[0]);
	assert.match(out[0].slice(`${file}: error: `.length), reason);
	assert.deepEqual(summary(r), { files: 0, errors: 1, warnings: 0 });
}

before(() => {
	if (!fs.existsSync(CLI)) {
		const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
		assert.equal(build.status, 0, build.stderr);
	}
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openclaw-pairing-cli-'));
	home = path.join(tmp, 'home');
	fs.mkdirSync(home);
	for (const name of fs.readdirSync(FIXTURES)) collectSecrets(fs.readFileSync(fixture(name), 'utf8'));
	assert.ok(SECRETS.length >= 4, 'the fixtures hold tokens and a private key');
});

after(() => {
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('check: output', () => {
	test('a clean file: exit 0 and only the summary', () => {
		const r = cli(['check', '--kind', 'paired', fixture('paired-clean.json')]);
		assert.equal(r.status, 0);
		assert.equal(r.stdout, '1 file checked: 0 errors, 0 warnings\n');
		assert.equal(r.stderr, '');
	});

	test('errors: exit 1, compiler-style lines with the exact line and column', () => {
		const file = fixture('paired-errors.json');
		const text = fs.readFileSync(file, 'utf8');
		const r = cli(['check', '--kind', 'paired', file]);
		assert.equal(r.status, 1);
		assert.equal(r.stderr, '');
		const found = findings(r);
		assert.deepEqual(
			found.map(({ file: f, line, column, severity, code }) => ({ f, line, column, severity, code })),
			[
				{ f: file, line: 50, column: 5, severity: 'warning', code: 'scopes-approved-drift' },
				{ f: file, line: 56, column: 7, severity: 'error', code: 'unknown-scope' },
			],
		);
		// The fixture is what the numbers say: the typo's string literal and the second record's "scopes" key.
		assert.deepEqual(lineColOf(text, '"operator.raed"'), { line: 56, column: 7 });
		assert.equal(text.split('\n')[49].slice(4, 12), '"scopes"');
		assert.equal(lines(r)[1], `${file}:56:7: error unknown-scope: Unknown scope "operator.raed". Did you mean "operator.read"? The gateway never grants an unknown scope, so anything that needs "operator.read" is refused.`);
		assert.deepEqual(summary(r), { files: 1, errors: 1, warnings: 1 });
	});

	test('the file is printed as given (relative stays relative)', () => {
		const dir = tempDir('rel');
		fs.cpSync(fixture('paired-errors.json'), path.join(dir, 'x.json'));
		const r = spawnSync(process.execPath, [CLI, 'check', '--kind', 'paired', 'x.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: home } });
		assert.equal(r.status, 1);
		assert.match(r.stdout, /^x\.json:50:5: warning scopes-approved-drift: /);
	});

	test('--json: files with kind and diagnostics carrying exact ranges', () => {
		const file = fixture('paired-errors.json');
		const r = cli(['check', '--json', '--kind', 'paired', file]);
		assert.equal(r.status, 1);
		assert.equal(r.stderr, '');
		const report = JSON.parse(r.stdout) as { files: { file: string; kind: string; diagnostics: Record<string, unknown>[] }[] };
		assert.deepEqual(Object.keys(report), ['files']);
		assert.equal(report.files.length, 1);
		assert.deepEqual(Object.keys(report.files[0]), ['file', 'kind', 'diagnostics']);
		assert.equal(report.files[0].file, file);
		assert.equal(report.files[0].kind, 'paired');
		const [drift, typo] = report.files[0].diagnostics;
		assert.deepEqual(Object.keys(typo), ['line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
		assert.deepEqual(
			{ ...typo, message: undefined },
			{ line: 56, column: 7, endLine: 56, endColumn: 7 + '"operator.raed"'.length, severity: 'error', code: 'unknown-scope', message: undefined },
		);
		assert.match(String(typo.message), /Did you mean "operator\.read"\?/);
		assert.deepEqual([drift.line, drift.column, drift.endLine, drift.endColumn, drift.severity, drift.code], [50, 5, 50, 13, 'warning', 'scopes-approved-drift']);
	});

	test('--json for a clean file and for an unreadable one', () => {
		const clean = cli(['check', '--json', '--kind', 'paired', fixture('paired-clean.json')]);
		assert.equal(clean.status, 0);
		assert.deepEqual(JSON.parse(clean.stdout), { files: [{ file: fixture('paired-clean.json'), kind: 'paired', diagnostics: [] }] });
		const missing = path.join(tmp, 'nope.json');
		const r = cli(['check', '--json', '--kind', 'paired', missing]);
		assert.equal(r.status, 2);
		assert.deepEqual(JSON.parse(r.stdout), { files: [{ file: missing, kind: 'paired', problem: 'does not exist', diagnostics: [] }] });
	});

	test('--help and the bare command', () => {
		const help = cli(['check', '--help']);
		assert.equal(help.status, 0);
		assert.match(help.stdout, /^Usage: openclaw-pairing check \[FILES…\]/);
		assert.match(help.stdout, /Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input\./);
		const top = cli(['--help']);
		assert.equal(top.status, 0);
		assert.match(top.stdout, /^Usage: openclaw-pairing <command>/);
		const bare = cli([]);
		assert.equal(bare.status, 2);
		assert.match(bare.stdout, /^Usage: openclaw-pairing <command>/);
	});
});

describe('check: exit 2 for bad usage', () => {
	test('an unknown option', () => assertUsageError(cli(['check', '--bogus', fixture('paired-clean.json')]), /unknown option --bogus/));
	test('an unknown command', () => assertUsageError(cli(['frobnicate']), /unknown command "frobnicate"/));
	test('--kind without a value', () => {
		assertUsageError(cli(['check', fixture('paired-clean.json'), '--kind']), /--kind needs a value/);
		assertUsageError(cli(['check', '--kind=', fixture('paired-clean.json')]), /--kind needs a value/);
	});
	test('a bad --kind', () => {
		assertUsageError(cli(['check', '--kind', 'paired.json', fixture('paired-clean.json')]), /--kind must be one of paired, pending, device, device-auth \(got "paired\.json"\)/);
		assertUsageError(cli(['check', '--kind=migrated', fixture('paired-clean.json')]), /--kind must be one of/);
	});
	test('--state-dir and --require-scope without a value', () => {
		assertUsageError(cli(['check', '--state-dir']), /--state-dir needs a value/);
		assertUsageError(cli(['check', '--require-scope']), /--require-scope needs a value/);
	});
});

describe('check: exit 2 for unreadable input', () => {
	test('a file that does not exist', () => assertUnreadable(path.join(tmp, 'missing', 'paired.json'), /^does not exist$/, ['--kind', 'paired']));

	test('a directory', () => assertUnreadable(tempDir('isdir'), /^is a directory, not a pairing file$/, ['--kind', 'paired']));

	test('a binary file with NUL bytes', () => {
		const file = writeFile(path.join(tempDir(), 'bin.json'), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x00, 0x7d]));
		assertUnreadable(file, /^is a binary file \(it contains NUL bytes\), not JSON$/, ['--kind', 'paired']);
	});

	test('invalid UTF-8', () => {
		const file = writeFile(path.join(tempDir(), 'latin1.json'), Buffer.concat([Buffer.from('{"a": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
		assertUnreadable(file, /^is not valid UTF-8 text$/, ['--kind', 'paired']);
	});

	test('invalid UTF-8 is caught even when the file also holds a genuine U+FFFD', () => {
		const file = writeFile(path.join(tempDir(), 'mixed.json'), Buffer.concat([Buffer.from('{"a": "\uFFFD", "b": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
		assertUnreadable(file, /^is not valid UTF-8 text$/, ['--kind', 'paired']);
	});

	test('a genuine U+FFFD alone is valid UTF-8 and gets checked', () => {
		const file = writeFile(path.join(tempDir(), 'fffd.json'), '{}\n'.replace('{}', '{"\uFFFD": 1}'));
		const r = cli(['check', '--kind', 'pending', file]);
		assert.notEqual(r.status, 2, r.stdout);
		assert.equal(summary(r).files, 1);
	});

	test('a file over 64 MiB (sparse) is refused without reading it', () => {
		const file = path.join(tempDir('big'), 'paired.json');
		fs.writeFileSync(file, '');
		fs.truncateSync(file, 65 * 1024 * 1024);
		const started = Date.now();
		assertUnreadable(file, /^is 65 MiB, larger than the 64 MiB a pairing file can plausibly be$/, ['--kind', 'paired']);
		assert.ok(Date.now() - started < 20_000);
	});

	test('exactly 64 MiB is still read (the limit is inclusive)', () => {
		const file = path.join(tempDir('edge'), 'paired.json');
		fs.writeFileSync(file, '');
		fs.truncateSync(file, 64 * 1024 * 1024);
		// All NUL bytes: read, then refused as binary, which proves the size check let it through.
		assertUnreadable(file, /binary file/, ['--kind', 'paired']);
	});

	test('not a regular file', { skip: process.platform === 'win32' }, () => assertUnreadable('/dev/null', /^is not a regular file$/, ['--kind', 'paired']));

	test('an existing file at a path that is not a pairing file, without --kind', () => {
		assertUnreadable(
			fixture('paired-clean.json'),
			/^is not a pairing file by its path \(OpenClaw's are devices\/paired\.json, devices\/pending\.json, identity\/device\.json, identity\/device-auth\.json in a state dir\); pass --kind paired\|pending\|device\|device-auth$/,
		);
		const backup = writeFile(path.join(tempDir('backup'), 'devices', 'paired.json'), '{}\n');
		assertUnreadable(backup, /^is not a pairing file by its path /); // a paired.json outside a state dir
	});

	test('a file that does not exist, without --kind: says so, whatever its name', () => {
		for (const missing of [path.join(tmp, 'nonexist.json'), path.join(tempDir(), '.openclaw', 'devices', 'paired.json')]) {
			assertUnreadable(missing, /^does not exist$/);
		}
		const r = cli(['check', '--json', path.join(tmp, 'nonexist.json')]);
		assert.equal(r.status, 2);
		assert.deepEqual(JSON.parse(r.stdout), { files: [{ file: path.join(tmp, 'nonexist.json'), kind: null, problem: 'does not exist', diagnostics: [] }] });
	});

	test('a directory without --kind is a directory, not an unknown kind', () => assertUnreadable(tempDir('notafile'), /^is a directory, not a pairing file$/));

	test('one unreadable file among good ones: exit 2, the others are still checked', () => {
		const missing = path.join(tmp, 'gone.json');
		const r = cli(['check', '--kind', 'paired', fixture('paired-errors.json'), missing, fixture('paired-clean.json')]);
		assert.equal(r.status, 2);
		assert.ok(lines(r).includes(`${missing}: error: does not exist`));
		assert.equal(lines(r).filter((l) => l.startsWith(fixture('paired-errors.json'))).length, 2);
		assert.deepEqual(summary(r), { files: 2, errors: 2, warnings: 1 });
	});
});

describe('check: empty files', () => {
	for (const [name, content] of [
		['empty', ''],
		['blank', '  \n\n\t'],
	] as const) {
		test(`an ${name} file is exit 1 with a clear message at 1:1`, () => {
			const file = writeFile(path.join(tempDir(), `${name}.json`), content);
			const r = cli(['check', '--kind', 'paired', file]);
			assert.equal(r.status, 1);
			assert.deepEqual(
				findings(r).map((f) => [f.line, f.column, f.severity, f.code]),
				[[1, 1, 'error', 'json-syntax']],
			);
			assert.match(findings(r)[0].message, /^The file is empty\. OpenClaw fails to parse it/);
			assert.deepEqual(summary(r), { files: 1, errors: 1, warnings: 0 });
		});
	}

	test('a syntax error is reported where it is', () => {
		const file = writeFile(path.join(tempDir(), 'trailing.json'), '{\n  "a": 1,\n}\n');
		const r = cli(['check', '--kind', 'pending', file]);
		assert.equal(r.status, 1);
		assert.deepEqual(
			findings(r).map((f) => [f.line, f.column, f.code]),
			[[3, 1, 'json-syntax']],
		);
	});
});

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

	test('only state/openclaw.sqlite: a note that pairing lives in SQLite, exit 0', () => {
		const dir = tempDir('sqlite');
		writeFile(path.join(dir, 'state', 'openclaw.sqlite'), Buffer.from('SQLite format 3\0'));
		const r = cli(['check', '--state-dir', dir]);
		assert.equal(r.status, 0);
		assert.equal(r.stdout, `${dir}: no JSON pairing files: this OpenClaw (2026.8 or later) keeps pairing in ${path.join(dir, 'state', 'openclaw.sqlite')}. Use "openclaw devices list" or the OpenClaw sidebar in VS Code.\n`);
		const json = cli(['check', '--json', '--state-dir', dir]);
		assert.equal(json.status, 0);
		const parsed = JSON.parse(json.stdout) as { files: unknown[]; note: string };
		assert.deepEqual(parsed.files, []);
		assert.match(parsed.note, /keeps pairing in .*openclaw\.sqlite/);
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
