import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import { validateDocument } from '../../server/src/service/validation';
import { RecordFindingsCache } from '../../server/src/service/findingsCache';
import { walkEdit } from '../../server/src/service/parser/walk';
import { NOW, pairedDevice, pairedFile } from '../support/fixtures';
import { rng } from '../support/mutate';

const DAY = 86_400_000;

function assertSameParse(doc: ParsedDocument, full: ParsedDocument, step: string): void {
	assert.deepEqual(doc.syntaxErrors, full.syntaxErrors, `syntax errors at ${step}`);
	assert.deepEqual(doc.value, full.value, `value at ${step}`);
	assert.deepEqual(doc.entries, full.entries, `entries at ${step}`);
	assert.deepEqual(doc.rootSpan, full.rootSpan, `root span at ${step}`);
	assert.equal(doc.tooDeep, full.tooDeep, `tooDeep at ${step}`);
	const byOffset = (d: ParsedDocument) => [...d.duplicateKeys].sort((a, b) => a.offset - b.offset);
	assert.deepEqual(byOffset(doc), byOffset(full), `duplicates at ${step}`);
}

/** Every kind of edit the issue lists, plus breaking edits that stay broken for a while. */
function edit(text: string, records: string[], r: () => number): string {
	const at = Math.floor(r() * (text.length + 1));
	const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
	const recordAt = text.indexOf('\n  "', Math.floor(r() * text.length));
	const recordEnd = recordAt < 0 ? -1 : text.indexOf('\n  "', recordAt + 4);
	const choices = [
		() => text.replace('"operator.read"', pick(['"operator.raed"', '"operator.read"'])),
		() => text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 40)),
		() => text.slice(0, at) + pick(['"', ',', '}', '{', '[', ']', 'x', '1', ' ', '\n', '": 1', '"k": {', '/*']) + text.slice(at),
		() => `${text}${pick(['\n', ' ', '\t', 'x', '\u00a0', '{}'])}`,
		() => `${pick(['\n', ' ', '', 'x'])}${text}`,
		// A record removed, duplicated under another key, or copied in whole (a top-level duplicate key).
		() => (recordEnd > 0 ? text.slice(0, recordAt) + text.slice(recordEnd) : text),
		() => (recordAt > 0 ? text.slice(0, recordAt) + `\n  "${pick(['0123', 'abc'])}${Math.floor(r() * 1e6)}": {"a": 1},` + text.slice(recordAt + 1) : text),
		() => (recordEnd > 0 ? text.slice(0, recordEnd) + text.slice(recordAt, recordEnd) + text.slice(recordEnd) : text),
		// Two far-apart edits at once (a paste of a whole changed file, a multi-range edit).
		() =>
			text
				.replace(/"lastSeenAtMs": \d+/, `"lastSeenAtMs": ${NOW + Math.floor(r() * 3 * DAY)}`)
				.replace(/("createdAtMs": )(\d+)(?![\s\S]*"createdAtMs")/, `$1${Math.floor(r() * 2e12)}`),
		() => pairedFile(...records.map((k) => pairedDevice({ lastSeenAtMs: NOW - Math.floor(r() * 1000) }, { deviceId: k, publicKey: 'AAAA' }))),
	];
	return pick(choices)();
}

test('after any edit, the reusing parse is exactly the full parse, broken or not', () => {
	const r = rng(11);
	const devices = Array.from({ length: 25 }, (_, i) => pairedDevice(i % 4 === 0 ? { lastSeenAtMs: NOW + 3 * DAY } : {}));
	const records = devices.map((d) => String(d.deviceId));
	let text = pairedFile(...devices);
	let doc = new ParsedDocument(text);
	const cache = new RecordFindingsCache();
	let now = NOW;
	const counts = { reused: 0, brokenReused: 0 };
	for (let i = 0; i < 1200; i++) {
		// Broken texts are kept for a few steps more often than not, as when typing through an error; then repaired.
		const next = edit(text, records, r);
		text = doc.syntaxErrors.length > 0 && r() < 0.3 ? (doc.reuseBase?.text ?? next) : next;
		doc = new ParsedDocument(text, doc);
		const full = new ParsedDocument(text);
		assertSameParse(doc, full, `step ${i}`);
		if (doc.incremental) counts.reused++;
		if (doc.incremental && doc.syntaxErrors.length > 0) counts.brokenReused++;
		now += Math.floor(r() * DAY); // the clock moves: "in the future" timestamps stop being so
		const settings = { requiredScopes: r() < 0.1 ? ['operator.approvals'] : [], now: () => now };
		assert.deepEqual(validateDocument(doc, 'paired', settings, cache), validateDocument(full, 'paired', settings), `findings at step ${i}`);
	}
	assert.ok(counts.reused > 400, `reused ${counts.reused} of 1200`);
	assert.ok(counts.brokenReused > 50, `reused while broken ${counts.brokenReused} of 1200`);
});

test('findings are keyed by what a record says: a fresh parse of the same text runs no rule on any record', () => {
	const text = pairedFile(pairedDevice(), pairedDevice({ scopes: ['operator.raed'] }), pairedDevice());
	const cache = new RecordFindingsCache();
	const settings = { requiredScopes: [], now: () => NOW };
	const first = validateDocument(new ParsedDocument(text), 'paired', settings, cache);
	assert.deepEqual(cache.stats, { hits: 0, misses: 3 });
	// Reformatted around the records and parsed from scratch (new objects): the same findings, from the cache, moved.
	const shifted = `\n\n${text}`;
	const again = validateDocument(new ParsedDocument(shifted), 'paired', settings, cache);
	assert.deepEqual(cache.stats, { hits: 3, misses: 3 });
	assert.deepEqual(again, validateDocument(new ParsedDocument(shifted), 'paired', settings));
	assert.deepEqual(
		again.map((f) => f.offset - 2),
		first.map((f) => f.offset),
	);
});

test('a cached "in the future" finding lasts only until the clock catches up; a settings change clears the cache', () => {
	const scopes = ['operator.read'];
	const token = { token: 't', role: 'operator', scopes, createdAtMs: NOW };
	const text = pairedFile(
		pairedDevice({ clientId: 'gateway-client', scopes, approvedScopes: scopes, tokens: { operator: token }, lastSeenAtMs: NOW + 2 * DAY }),
	);
	const cache = new RecordFindingsCache();
	const at = (now: number, requiredScopes: string[] = []) =>
		validateDocument(new ParsedDocument(text), 'paired', { requiredScopes, now: () => now }, cache).map((f) => f.code);
	assert.ok(at(NOW).includes('bad-timestamp'));
	assert.ok(at(NOW + DAY - 1).includes('bad-timestamp'));
	assert.ok(!at(NOW + DAY).includes('bad-timestamp'));
	assert.ok(at(NOW).includes('bad-timestamp'), 'the clock set back');
	assert.ok(!at(NOW).includes('missing-scope'));
	assert.ok(at(NOW, ['operator.approvals']).includes('missing-scope'));
});

test('a paste that differs in two far-apart records rescans only the stretches around them', () => {
	const devices = Array.from({ length: 40 }, () => pairedDevice());
	const text = pairedFile(...devices);
	const bump = (t: string, key: string) => {
		const at = t.indexOf('"lastSeenAtMs": ', t.indexOf(`"${key}": {`));
		return `${t.slice(0, at)}"lastSeenAtMs": 1${t.slice(at + '"lastSeenAtMs": '.length)}`;
	};
	const pasted = bump(bump(text, String(devices[5].deviceId)), String(devices[34].deviceId));
	const walked = walkEdit(new ParsedDocument(text), pasted);
	assert.ok(walked);
	const scanned = walked.segments.reduce((sum, s) => sum + s.length, 0);
	assert.ok(scanned < text.length / 5, `scanned ${scanned} of ${text.length} characters`);
	assert.equal(walked.carried.filter((c) => c >= 0).length, 40 - walked.segments.length * 2, 'all but the stretches are taken over');
	const doc = new ParsedDocument(pasted, new ParsedDocument(text));
	assert.equal(doc.incremental, true);
	assertSameParse(doc, new ParsedDocument(pasted), 'the paste');
});

test('a changed stretch longer than the first scan window still resyncs at the first unchanged record after it', () => {
	const devices = Array.from({ length: 220 }, () => pairedDevice());
	const text = pairedFile(...devices);
	assert.ok(text.length > 200 * 1024, 'beyond the grown window too');
	// 40 consecutive records change (~50 KiB: past the first 16 KiB window, inside the 128 KiB one), the rest do not.
	const changed = devices.map((d, i) => (i >= 90 && i < 130 ? { ...d, lastSeenAtMs: Number(d.lastSeenAtMs) + 1 } : d));
	const edited = pairedFile(...changed);
	const walked = walkEdit(new ParsedDocument(text), edited);
	assert.ok(walked);
	assert.equal(walked.segments.length, 1);
	assert.ok(walked.segments[0].length < 64 * 1024, `one stretch of ${walked.segments[0].length} characters`);
	assert.equal(walked.carried.filter((c) => c >= 0).length, 220 - 41, 'every record after the stretch is taken over');
	const doc = new ParsedDocument(edited, new ParsedDocument(text));
	assert.equal(doc.incremental, true);
	assertSameParse(doc, new ParsedDocument(edited), 'the long stretch');
	// The same stretch left unclosed scans to the end (no resync anywhere), and is reported as the full parse does.
	const broken = edited.replace(`"${String(devices[110].deviceId)}": {`, `"${String(devices[110].deviceId)}": [`);
	const brokenDoc = new ParsedDocument(broken, new ParsedDocument(text));
	assertSameParse(brokenDoc, new ParsedDocument(broken), 'a stretch that never resyncs');
});
