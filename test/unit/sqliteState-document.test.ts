// The pairing-state renderer: the retired JSON shapes, deterministic, never a token; fed by SQLite rows or by
// device.pair.list alike; names the user can act on.
import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import {
	fromDevicePairList,
	parseStateRecordName,
	renderPairedDocument,
	renderPairingState,
	renderPendingDocument,
	stateRecordName,
} from '../../core/src/openclaw/pairingStateDocument';
import { parseDevicePairList } from '../../core/src/pairing/listParsing';
import { readSqlitePairingState } from '../../core/src/openclaw/sqliteState';
import type { PairingStateRecords } from '../../core/src/openclaw/pairingStateDocument';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import { validateDocument } from '../../server/src/service/validation';
import { CLI_DEVICE, fixtureTokens, LAPTOP, PHONE_REQUEST, STOPPED } from '../fixtures/sqlite/derive';

let real: PairingStateRecords;
let tokens: string[];

before(async () => {
	const read = await readSqlitePairingState(STOPPED);
	assert.ok(read.ok, read.ok ? '' : read.problem);
	real = read.records;
	tokens = await fixtureTokens();
	assert.equal(tokens.length, 2, 'the fixture holds two real device tokens');
});

describe('renderPairingState on rows a real 2026.9.6 gateway wrote', () => {
	test('the paired.json / pending.json shapes, keyed by deviceId / requestId, in approval / request order', () => {
		const docs = renderPairingState(real);
		const paired = JSON.parse(docs.paired) as Record<string, Record<string, unknown>>;
		const pending = JSON.parse(docs.pending) as Record<string, Record<string, unknown>>;
		assert.deepEqual(Object.keys(paired), [LAPTOP, CLI_DEVICE]);
		assert.deepEqual(Object.keys(pending), [PHONE_REQUEST]);
		assert.equal(paired[LAPTOP].deviceId, LAPTOP);
		assert.deepEqual(Object.keys(paired[LAPTOP]).slice(0, 4), ['deviceId', 'publicKey', 'displayName', 'platform']);
		assert.deepEqual(pending[PHONE_REQUEST].scopes, ['operator.read']);
		assert.equal(pending[PHONE_REQUEST].silent, false);
	});

	test('no token value appears; each is masked by redactSecrets', () => {
		const { paired, pending } = renderPairingState(real);
		for (const token of tokens) assert.ok(!paired.includes(token) && !pending.includes(token), 'a token leaked into the document');
		const doc = JSON.parse(paired) as Record<string, { tokens: Record<string, { token: string; scopes: string[] }> }>;
		assert.equal(doc[LAPTOP].tokens.operator.token, '***');
		assert.deepEqual(doc[LAPTOP].tokens.operator.scopes, ['operator.pairing', 'operator.read']);
	});

	test('the same records in any order render the same text', () => {
		const once = renderPairingState(real);
		const shuffled = renderPairingState({ paired: [...real.paired].reverse(), pending: [...real.pending].reverse() });
		assert.deepEqual(shuffled, once);
		const reordered = real.paired.map((r) => Object.fromEntries(Object.entries(r).reverse()));
		assert.equal(renderPairedDocument(reordered), once.paired);
	});

	test('the language service reads it as the gateway does: the CLI without admin is the one error, nothing else', () => {
		const { paired } = renderPairingState(real);
		const findings = validateDocument(new ParsedDocument(paired), 'paired', { requiredScopes: [], now: () => 1_796_291_200_000 });
		assert.deepEqual(
			findings.map((f) => [f.code, f.severity, f.data.recordKey]),
			[['missing-scope', 'error', CLI_DEVICE]],
		);
	});
});

describe('renderPairingState on device.pair.list', () => {
	const T = 1_796_291_173_780;
	// As 2026.9.6 answers device.pair.list (real-gateway.md §5): token summaries in an array, no values, `connected`.
	const payload = {
		pending: [{ requestId: 'r-2', deviceId: 'd2', publicKey: 'k2', role: 'operator', scopes: ['operator.read'], silent: false, isRepair: false, ts: T + 20 }],
		paired: [
			{
				deviceId: 'd1',
				publicKey: 'k1',
				role: 'operator',
				roles: ['operator'],
				scopes: ['operator.read'],
				approvedVia: 'owner',
				createdAtMs: T,
				approvedAtMs: T,
				connected: true,
				tokens: [{ role: 'operator', scopes: ['operator.read'], createdAtMs: T }],
			},
		],
	};

	test('token summaries become the {role: token} map with a masked value; live-only fields are left out', () => {
		const docs = renderPairingState(fromDevicePairList(parseDevicePairList(payload)));
		const paired = JSON.parse(docs.paired) as Record<string, Record<string, unknown>>;
		assert.deepEqual(paired.d1.tokens, { operator: { token: '***', role: 'operator', scopes: ['operator.read'], createdAtMs: T } });
		assert.equal('connected' in paired.d1, false);
		assert.deepEqual(Object.keys(JSON.parse(docs.pending) as object), ['r-2']);
		const findings = validateDocument(new ParsedDocument(docs.paired), 'paired', { requiredScopes: [], now: () => T + 30 });
		assert.deepEqual(
			findings.filter((f) => f.data.path.includes('tokens')),
			[],
			'the masked token satisfies the schema',
		);
	});
});

describe('render details', () => {
	test('an empty token stays visible (no secret; the schema names the defect); a non-empty one never does', () => {
		const text = renderPairedDocument([
			{ deviceId: 'a', publicKey: 'k', createdAtMs: 1, approvedAtMs: 1, tokens: { operator: { token: '', role: 'operator', scopes: [], createdAtMs: 1 } } },
			{
				deviceId: 'b',
				publicKey: 'k',
				createdAtMs: 2,
				approvedAtMs: 2,
				tokens: { operator: { token: 'SECRET-VALUE', role: 'operator', scopes: [], createdAtMs: 2 } },
			},
		]);
		const doc = JSON.parse(text) as Record<string, { tokens: { operator: { token: string } } }>;
		assert.equal(doc.a.tokens.operator.token, '');
		assert.equal(doc.b.tokens.operator.token, '***');
		assert.ok(!text.includes('SECRET-VALUE'));
	});

	test('a field a newer gateway adds is kept, after the known ones; undefined fields are dropped', () => {
		const text = renderPendingDocument([{ zeta: 1, ts: 5, requestId: 'r', deviceId: 'd', alpha: 2, displayName: undefined }]);
		assert.deepEqual(Object.keys((JSON.parse(text) as Record<string, object>).r), ['requestId', 'deviceId', 'ts', 'alpha', 'zeta']);
	});

	test('records without a time sort last, then by id', () => {
		const text = renderPairedDocument([{ deviceId: 'z' }, { deviceId: 'b', approvedAtMs: 3 }, { deviceId: 'a' }]);
		assert.deepEqual(Object.keys(JSON.parse(text) as object), ['b', 'a', 'z']);
	});
});

describe('record names', () => {
	test('a finding path names its record; the document itself has a name too; names parse back', () => {
		const db = '/home/u/.openclaw/state/openclaw.sqlite';
		assert.equal(stateRecordName(db, 'paired', [LAPTOP, 'tokens', 'operator', 'scopes', 0]), `${db}#device/${LAPTOP}`);
		assert.equal(stateRecordName(db, 'pending', [PHONE_REQUEST]), `${db}#request/${PHONE_REQUEST}`);
		assert.equal(stateRecordName(db, 'paired', []), `${db}#devices`);
		assert.deepEqual(parseStateRecordName(`${db}#device/${LAPTOP}`), { source: db, kind: 'paired', key: LAPTOP });
		assert.deepEqual(parseStateRecordName(`${db}#request/${PHONE_REQUEST}`), { source: db, kind: 'pending', key: PHONE_REQUEST });
		assert.deepEqual(parseStateRecordName(`${db}#requests`), { source: db, kind: 'pending', key: undefined });
		assert.equal(parseStateRecordName(`${db}#device/`), undefined);
		assert.equal(parseStateRecordName(db), undefined);
	});
});
