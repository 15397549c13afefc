import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { assertUnreadable, assertUsageError, CLI, cli, findings, fixture, home, lineColOf, lines, summary, tempDir, tmp, useCliSandbox, writeFile } from '../support/cliRun';

useCliSandbox();

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
