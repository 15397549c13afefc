import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { FileKind } from '../../core/src/openclaw/fileKind';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import { PairingLanguageService } from '../../server/src/service/languageService';
import { NOW, newDeviceKey, pairedDevice, PairedRecord } from '../support/fixtures';
import { applyTextEdits, rangeOf } from '../support/text';

const service = new PairingLanguageService();
let version = 0;

const URIS: Record<FileKind, string> = {
	paired: 'file:///home/u/.openclaw/devices/paired.json',
	pending: 'file:///home/u/.openclaw/devices/pending.json',
	device: 'file:///home/u/.openclaw/identity/device.json',
	'device-auth': 'file:///home/u/.openclaw/identity/device-auth.json',
	migrated: 'file:///home/u/.openclaw/devices/paired.json.migrated',
};

/** Every token string any fixture used: no edit may ever carry one. */
const SECRETS: string[] = [];

function secretToken(): string {
	const secret = `oc_tok_${randomBytes(30).toString('base64url')}`;
	SECRETS.push(secret);
	return secret;
}

function operatorToken(scopes: string[], role = 'operator'): Record<string, unknown> {
	return { token: secretToken(), role, scopes, createdAtMs: NOW - 5000 };
}

/** A clean paired device (the CLI, with admin) that has its own secret token. */
function device(overrides: PairedRecord = {}, key = newDeviceKey()): PairedRecord {
	return pairedDevice({ tokens: { operator: operatorToken(['operator.admin', 'operator.pairing', 'operator.read', 'operator.write']) }, ...overrides }, key);
}

function pendingRequest(overrides: PairedRecord = {}, key = newDeviceKey()): PairedRecord {
	return { requestId: `req-${randomBytes(6).toString('hex')}`, deviceId: key.deviceId, publicKey: key.publicKey, role: 'operator', roles: ['operator'], scopes: ['operator.read'], ts: NOW - 1000, ...overrides };
}

type Indent = string | number;

/** A store file keyed as given, formatted the way the gateway writes it (or with another indent / line ending). */
function storeFile(entries: [string, unknown][], indent: Indent = 2, eol = '\n'): string {
	return JSON.stringify(Object.fromEntries(entries), null, indent).replace(/\n/g, eol);
}

function keyed(...records: PairedRecord[]): [string, unknown][] {
	return records.map((r) => [String(r.deviceId), r]);
}

interface Settings {
	kind?: FileKind;
	requiredScopes?: string[];
}

function diagnose(text: string, { kind = 'paired', requiredScopes = [] }: Settings = {}): { document: TextDocument; diagnostics: Diagnostic[] } {
	const document = TextDocument.create(URIS[kind], 'json', ++version, text);
	return { document, diagnostics: service.validate(document, kind, { requiredScopes, now: () => NOW }) };
}

interface Fixable {
	document: TextDocument;
	diagnostic: Diagnostic;
	actions: CodeAction[];
}

/** Validate, pick the one diagnostic with `code` (for `recordKey` if given), and ask for its code actions as a client would. */
function fixesFor(text: string, code: string, settings: Settings = {}, recordKey?: string): Fixable {
	const { document, diagnostics } = diagnose(text, settings);
	const hits = diagnostics.filter((d) => d.code === code && (recordKey === undefined || (d.data as { recordKey?: string }).recordKey === recordKey));
	assert.equal(hits.length, 1, `expected one ${code}, got ${JSON.stringify(diagnostics.map((d) => d.code))}`);
	// The client sends the diagnostic back as JSON.
	const diagnostic = JSON.parse(JSON.stringify(hits[0])) as Diagnostic;
	const actions = service.codeActions(document, settings.kind ?? 'paired', [diagnostic]);
	for (const action of actions) {
		assert.equal(action.kind, 'quickfix');
		assert.deepEqual(action.diagnostics, [diagnostic]);
		assert.deepEqual(Object.keys(action.edit?.changes ?? {}), [document.uri], 'edits only this document');
	}
	return { document, diagnostic, actions };
}

function editsOf(fix: Fixable, action: CodeAction): TextEdit[] {
	const edits = action.edit?.changes?.[fix.document.uri];
	assert.ok(edits && edits.length > 0, `"${action.title}" has edits`);
	for (const edit of edits) {
		for (const secret of SECRETS) assert.ok(!edit.newText.includes(secret), `"${action.title}" must not carry a token`);
	}
	return edits;
}

function apply(fix: Fixable, action: CodeAction): string {
	return applyTextEdits(fix.document.getText(), editsOf(fix, action));
}

/** The text of a top-level entry, key through value. */
function recordText(text: string, key: string): string {
	const entry = new ParsedDocument(text).entry(key);
	assert.ok(entry, `record ${key} exists`);
	return text.slice(entry.keySpan.offset, entry.valueSpan.offset + entry.valueSpan.length);
}

interface FixedExpectations {
	code: string;
	/** Records that must come out byte for byte as they went in. */
	untouched: string[];
	indent?: Indent;
	eol?: string;
	settings?: Settings;
	/** Every diagnostic the fixed file may still have (default: none at all). */
	remaining?: string[];
}

/** The fixed text is valid JSON in the file's own style, the other records are untouched, and the diagnostic is gone. */
function assertFixed(before: string, after: string, expect: FixedExpectations): Record<string, PairedRecord> {
	const parsed = JSON.parse(after) as Record<string, PairedRecord>;
	const eol = expect.eol ?? '\n';
	assert.equal(after, JSON.stringify(parsed, null, expect.indent ?? 2).replace(/\n/g, eol), 'formatted the way the file was');
	if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(after), 'only CRLF line endings');
	for (const key of expect.untouched) assert.equal(recordText(after, key), recordText(before, key), `record ${key.slice(0, 12)} unchanged`);
	const { diagnostics } = diagnose(after, expect.settings);
	assert.ok(!diagnostics.some((d) => d.code === expect.code), `${expect.code} is gone: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
	assert.deepEqual(
		diagnostics.map((d) => d.code).filter((c) => !(expect.remaining ?? []).includes(String(c))),
		[],
		'no new diagnostics',
	);
	return parsed;
}

/** The record as it was, with only `changes` applied. */
function withChanges(record: PairedRecord, changes: PairedRecord): PairedRecord {
	return JSON.parse(JSON.stringify({ ...record, ...changes })) as PairedRecord;
}

function tokenOf(record: PairedRecord, role = 'operator'): Record<string, unknown> {
	return (record.tokens as Record<string, Record<string, unknown>>)[role];
}

test('the neighbour records used below are clean on their own', () => {
	assert.deepEqual(diagnose(storeFile(keyed(device(), device()))).diagnostics, []);
	const req = pendingRequest();
	assert.deepEqual(diagnose(storeFile([[String(req.requestId), req]]), { kind: 'pending' }).diagnostics, []);
});

describe('missing-scope', () => {
	function remoteCliWithoutAdmin(): PairedRecord {
		return device({
			remoteIp: '203.0.113.7',
			scopes: ['operator.pairing', 'operator.read'],
			approvedScopes: ['operator.pairing', 'operator.read'],
			tokens: { operator: operatorToken(['operator.pairing', 'operator.read']) },
		});
	}

	test('grants operator.admin in approvedScopes, scopes and the operator token, exactly what the title names, keeping order', () => {
		const [a, target, c] = [device(), remoteCliWithoutAdmin(), device()];
		const text = storeFile(keyed(a, target, c));
		const fix = fixesFor(text, 'missing-scope');
		assert.equal(fix.actions.length, 1);
		const [action] = fix.actions;
		assert.equal(action.isPreferred, true);
		assert.equal(action.title, 'Grant operator.admin (approvedScopes, scopes and the operator token)');
		const after = apply(fix, action);
		const parsed = assertFixed(text, after, { code: 'missing-scope', untouched: [String(a.deviceId), String(c.deviceId)] });
		const id = String(target.deviceId);
		assert.deepEqual(Object.keys(parsed), [a.deviceId, id, c.deviceId], 'record order kept');
		assert.deepEqual(
			parsed[id],
			withChanges(target, {
				approvedScopes: ['operator.pairing', 'operator.read', 'operator.admin'],
				scopes: ['operator.pairing', 'operator.read', 'operator.admin'],
				tokens: { operator: { ...tokenOf(target), scopes: ['operator.pairing', 'operator.read', 'operator.admin'] } },
			}),
		);
		assert.deepEqual(Object.keys(parsed[id]), Object.keys(target), 'field order kept');
	});

	test('edits stay inside the record and replace only the scope arrays', () => {
		const target = remoteCliWithoutAdmin();
		const text = storeFile(keyed(device(), target, device()));
		const fix = fixesFor(text, 'missing-scope');
		const entry = new ParsedDocument(text).entry(String(target.deviceId))!;
		for (const edit of editsOf(fix, fix.actions[0])) {
			const start = fix.document.offsetAt(edit.range.start);
			const end = fix.document.offsetAt(edit.range.end);
			assert.ok(start >= entry.valueSpan.offset && end <= entry.valueSpan.offset + entry.valueSpan.length, 'inside the record');
			assert.doesNotMatch(edit.newText, /"token"|"deviceId"|"publicKey"/);
		}
	});

	test('the requiredScopes setting: adds what it asks for, and only that', () => {
		const target = device({
			clientId: 'gateway-client',
			clientMode: 'backend',
			scopes: ['operator.read'],
			approvedScopes: ['operator.read'],
			tokens: { operator: operatorToken(['operator.read']) },
		});
		const settings = { requiredScopes: ['operator.pairing'] };
		const text = storeFile(keyed(target));
		const fix = fixesFor(text, 'missing-scope', settings);
		assert.equal(fix.actions[0].title, 'Grant operator.pairing (approvedScopes, scopes and the operator token)');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'missing-scope', untouched: [], settings });
		assert.deepEqual(
			parsed[String(target.deviceId)],
			withChanges(target, {
				approvedScopes: ['operator.read', 'operator.pairing'],
				scopes: ['operator.read', 'operator.pairing'],
				tokens: { operator: { ...tokenOf(target), scopes: ['operator.read', 'operator.pairing'] } },
			}),
		);
	});

	test('several missing scopes are added in the order asked, the token gets the same and nothing more', () => {
		const target = device({
			clientId: 'gateway-client',
			scopes: ['operator.read'],
			approvedScopes: ['operator.read'],
			tokens: { operator: operatorToken(['operator.read']) },
		});
		const settings = { requiredScopes: ['operator.approvals', 'operator.admin'] };
		const text = storeFile(keyed(target));
		const fix = fixesFor(text, 'missing-scope', settings);
		assert.equal(fix.actions[0].title, 'Grant operator.approvals, operator.admin (approvedScopes, scopes and the operator token)');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'missing-scope', untouched: [], settings });
		const record = parsed[String(target.deviceId)];
		assert.deepEqual(record.approvedScopes, ['operator.read', 'operator.approvals', 'operator.admin']);
		assert.deepEqual(record.scopes, ['operator.read', 'operator.approvals', 'operator.admin']);
		assert.deepEqual(tokenOf(record).scopes, ['operator.read', 'operator.approvals', 'operator.admin']);
	});

	test('only the token lacks admin (TUI): the title names only the token, which gets admin; the baseline stays as it was', () => {
		const target = device({ clientId: 'openclaw-tui', clientMode: 'ui', tokens: { operator: operatorToken(['operator.read']) } });
		const text = storeFile(keyed(device(), target));
		const fix = fixesFor(text, 'missing-scope');
		assert.equal(fix.actions[0].title, 'Grant operator.admin (the operator token)');
		assert.equal(editsOf(fix, fix.actions[0]).length, 1, 'one edit: the approved lists are not rewritten');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'missing-scope', untouched: [String(Object.keys(JSON.parse(text))[0])] });
		assert.deepEqual(parsed[String(target.deviceId)], withChanges(target, { tokens: { operator: { ...tokenOf(target), scopes: ['operator.read', 'operator.admin'] } } }));
	});

	test('a baseline that lacks admin while the token has it: the title names only the approved lists', () => {
		const target = device({ remoteIp: '203.0.113.9', scopes: ['operator.read'], approvedScopes: ['operator.read'] });
		const text = storeFile(keyed(target));
		const fix = fixesFor(text, 'missing-scope');
		assert.equal(fix.actions[0].title, 'Grant operator.admin (approvedScopes and scopes)');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'missing-scope', untouched: [] });
		assert.deepEqual(parsed[String(target.deviceId)], withChanges(target, { scopes: ['operator.read', 'operator.admin'], approvedScopes: ['operator.read', 'operator.admin'] }));
	});

	test('a device without tokens gets the baseline fixed and no token invented', () => {
		const target = device({ remoteIp: '198.51.100.2', scopes: ['operator.pairing'], approvedScopes: ['operator.pairing'], tokens: {} });
		const text = storeFile(keyed(target));
		const fix = fixesFor(text, 'missing-scope');
		assert.equal(fix.actions[0].title, 'Grant operator.admin (approvedScopes and scopes)');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'missing-scope', untouched: [], remaining: ['role-without-active-token'] });
		assert.deepEqual(parsed[String(target.deviceId)], withChanges(target, { scopes: ['operator.pairing', 'operator.admin'], approvedScopes: ['operator.pairing', 'operator.admin'] }));
	});

	test('a device with no scope lists at all gets a baseline created, in the file’s style (no exception)', () => {
		for (const withToken of [false, true]) {
			const target = device({ remoteIp: '198.51.100.3', ...(withToken ? {} : { tokens: {} }) });
			delete target.scopes;
			delete target.approvedScopes;
			if (withToken) tokenOf(target).scopes = ['operator.pairing'];
			const text = storeFile(keyed(device(), target));
			let fix: Fixable | undefined;
			assert.doesNotThrow(() => {
				fix = fixesFor(text, 'missing-scope');
			});
			assert.ok(fix);
			assert.equal(fix.actions.length, 1);
			assert.equal(fix.actions[0].title, withToken ? 'Grant operator.admin (approvedScopes and the operator token)' : 'Grant operator.admin (approvedScopes)');
			const after = apply(fix, fix.actions[0]);
			const parsed = assertFixed(text, after, { code: 'missing-scope', untouched: [String(Object.keys(JSON.parse(text))[0])], remaining: ['role-without-active-token'] });
			const record = parsed[String(target.deviceId)];
			assert.deepEqual(record.approvedScopes, ['operator.admin']);
			if ('scopes' in record) assert.deepEqual(record.scopes, ['operator.admin']);
			if (withToken) assert.deepEqual(tokenOf(record).scopes, ['operator.pairing', 'operator.admin']);
		}
	});

	for (const [name, indent, eol] of [
		['tab-indented', '\t', '\n'],
		['4-space', 4, '\n'],
		['CRLF', 2, '\r\n'],
		['tab-indented CRLF', '\t', '\r\n'],
	] as [string, Indent, string][]) {
		test(`a ${name} file keeps its indentation and line endings`, () => {
			const [a, target, c] = [device(), remoteCliWithoutAdmin(), device()];
			const text = storeFile(keyed(a, target, c), indent, eol);
			const fix = fixesFor(text, 'missing-scope');
			const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'missing-scope', untouched: [String(a.deviceId), String(c.deviceId)], indent, eol });
			assert.deepEqual(parsed[String(target.deviceId)].approvedScopes, ['operator.pairing', 'operator.read', 'operator.admin']);
		});
	}

	test('a minified file stays valid and only the record changes', () => {
		const [a, target, c] = [device(), remoteCliWithoutAdmin(), device()];
		const text = JSON.stringify(Object.fromEntries(keyed(a, target, c)));
		const fix = fixesFor(text, 'missing-scope');
		const after = apply(fix, fix.actions[0]);
		const parsed = JSON.parse(after) as Record<string, PairedRecord>;
		assert.deepEqual(parsed[String(target.deviceId)].approvedScopes, ['operator.pairing', 'operator.read', 'operator.admin']);
		for (const other of [a, c]) assert.equal(recordText(after, String(other.deviceId)), recordText(text, String(other.deviceId)));
		assert.ok(after.startsWith(text.slice(0, new ParsedDocument(text).entry(String(target.deviceId))!.valueSpan.offset)));
		assert.ok(!diagnose(after).diagnostics.some((d) => d.code === 'missing-scope'));
	});
});

describe('token-scope-beyond-approved', () => {
	function overreachingToken(): PairedRecord {
		return device({
			clientId: 'gateway-client',
			scopes: ['operator.pairing', 'operator.read'],
			approvedScopes: ['operator.pairing', 'operator.read'],
			tokens: { operator: operatorToken(['operator.pairing', 'operator.approvals', 'operator.read']) },
		});
	}

	test('the diagnostic sits on the scope, and two fixes are offered: remove (preferred) or approve', () => {
		const target = overreachingToken();
		const text = storeFile(keyed(device(), target));
		const fix = fixesFor(text, 'token-scope-beyond-approved');
		assert.deepEqual(fix.diagnostic.range, rangeOf(text, '"operator.approvals"'));
		assert.deepEqual(
			fix.actions.map((a) => [a.title, a.isPreferred === true]),
			[
				['Remove "operator.approvals" from the operator token', true],
				['Approve "operator.approvals" for this device (approvedScopes and scopes)', false],
			],
		);
	});

	test('remove: the token loses that scope, keeping the others in order', () => {
		const [a, target] = [device(), overreachingToken()];
		const text = storeFile(keyed(a, target));
		const fix = fixesFor(text, 'token-scope-beyond-approved');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'token-scope-beyond-approved', untouched: [String(a.deviceId)] });
		assert.deepEqual(parsed[String(target.deviceId)], withChanges(target, { tokens: { operator: { ...tokenOf(target), scopes: ['operator.pairing', 'operator.read'] } } }));
	});

	test('approve: approvedScopes and scopes gain it at the end, the token is untouched', () => {
		const [a, target] = [device(), overreachingToken()];
		const text = storeFile(keyed(a, target));
		const fix = fixesFor(text, 'token-scope-beyond-approved');
		const after = apply(fix, fix.actions[1]);
		const parsed = assertFixed(text, after, { code: 'token-scope-beyond-approved', untouched: [String(a.deviceId)] });
		assert.deepEqual(
			parsed[String(target.deviceId)],
			withChanges(target, { scopes: ['operator.pairing', 'operator.read', 'operator.approvals'], approvedScopes: ['operator.pairing', 'operator.read', 'operator.approvals'] }),
		);
	});

	test('a tab-indented file stays tab-indented with either fix', () => {
		const [a, target] = [device(), overreachingToken()];
		const text = storeFile(keyed(a, target), '\t');
		const fix = fixesFor(text, 'token-scope-beyond-approved');
		for (const action of fix.actions) assertFixed(text, apply(fix, action), { code: 'token-scope-beyond-approved', untouched: [String(a.deviceId)], indent: '\t' });
	});
});

describe('unknown-scope', () => {
	test('a typo is replaced in place by the scope it meant, with exactly one edit', () => {
		const target = device({ clientId: 'gateway-client', approvedScopes: ['operator.pairing', 'operator.admni', 'operator.read'] });
		const text = storeFile(keyed(device(), target, device()));
		const fix = fixesFor(text, 'unknown-scope');
		assert.equal(fix.actions.length, 1);
		assert.equal(fix.actions[0].title, 'Change to "operator.admin"');
		assert.equal(fix.actions[0].isPreferred, true);
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, '"operator.admni"'), newText: '"operator.admin"' }]);
		const ids = Object.keys(JSON.parse(text) as object);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'unknown-scope', untouched: [ids[0], ids[2]] });
		assert.deepEqual(parsed[String(target.deviceId)], withChanges(target, { approvedScopes: ['operator.pairing', 'operator.admin', 'operator.read'] }));
	});

	test('a typo in a token’s scopes', () => {
		const target = device({ tokens: { operator: operatorToken(['operator.admin', 'operator.pairing', 'operator.red', 'operator.write']) } });
		const text = storeFile(keyed(target));
		const fix = fixesFor(text, 'unknown-scope');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'unknown-scope', untouched: [] });
		assert.deepEqual(tokenOf(parsed[String(target.deviceId)]).scopes, ['operator.admin', 'operator.pairing', 'operator.read', 'operator.write']);
	});

	test('a typo in pending.json and in identity/device-auth.json', () => {
		const req = pendingRequest({ scopes: ['operator.paring'] });
		const pending = storeFile([[String(req.requestId), req]]);
		const fix = fixesFor(pending, 'unknown-scope', { kind: 'pending' });
		const parsed = assertFixed(pending, apply(fix, fix.actions[0]), { code: 'unknown-scope', untouched: [], settings: { kind: 'pending' } });
		assert.deepEqual(parsed[String(req.requestId)].scopes, ['operator.pairing']);

		const key = newDeviceKey();
		const auth = JSON.stringify({ version: 1, deviceId: key.deviceId, tokens: { operator: { token: secretToken(), role: 'operator', scopes: ['operator.admni'], updatedAtMs: NOW } } }, null, 2);
		const authFix = fixesFor(auth, 'unknown-scope', { kind: 'device-auth' });
		const fixedAuth = JSON.parse(apply(authFix, authFix.actions[0])) as { tokens: { operator: { scopes: string[] } } };
		assert.deepEqual(fixedAuth.tokens.operator.scopes, ['operator.admin']);
	});

	test('no fix when nothing is close enough to guess', () => {
		const text = storeFile(keyed(device({ clientId: 'gateway-client', approvedScopes: ['operator.admin', 'operator.pairing', 'operator.read', 'banana'] })));
		assert.deepEqual(fixesFor(text, 'unknown-scope').actions, []);
	});
});

describe('key-deviceid-mismatch', () => {
	test('a record under the wrong key is renamed to its deviceId; nothing else changes', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const [a, target, c] = [device(), device({}, key), device()];
		const entries: [string, unknown][] = [[String(a.deviceId), a], [wrong, target], [String(c.deviceId), c]];
		const text = storeFile(entries);
		const fix = fixesFor(text, 'key-deviceid-mismatch');
		assert.deepEqual(fix.diagnostic.range, rangeOf(text, `"${wrong}"`));
		assert.equal(fix.actions.length, 1);
		assert.equal(fix.actions[0].isPreferred, true);
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, `"${wrong}"`), newText: `"${key.deviceId}"` }]);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'key-deviceid-mismatch', untouched: [String(a.deviceId), String(c.deviceId)] });
		assert.deepEqual(Object.keys(parsed), [a.deviceId, key.deviceId, c.deviceId]);
		assert.deepEqual(parsed[key.deviceId], target);
	});

	test('the key is right but deviceId is wrong: deviceId is set from the public key, the key stays', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const target = device({ deviceId: wrong }, key);
		const text = storeFile([[key.deviceId, target]]);
		const fix = fixesFor(text, 'key-deviceid-mismatch');
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, `"${wrong}"`), newText: `"${key.deviceId}"` }]);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'deviceid-publickey-mismatch', untouched: [] });
		assert.deepEqual(parsed[key.deviceId], withChanges(target, { deviceId: key.deviceId }));
	});

	test('no fix when the right key is already taken by another record', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const text = storeFile([
			[key.deviceId, device({}, key)],
			[wrong, device({}, key)],
		]);
		const fix = fixesFor(text, 'key-deviceid-mismatch');
		assert.deepEqual(fix.actions, []);
	});
});

describe('deviceid-publickey-mismatch', () => {
	test('paired.json: deviceId and the key both become sha256(publicKey)', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const [a, target] = [device(), device({ deviceId: wrong }, key)];
		const text = storeFile([
			[String(a.deviceId), a],
			[wrong, target],
		]);
		const fix = fixesFor(text, 'deviceid-publickey-mismatch');
		assert.deepEqual(fix.diagnostic.range, rangeOf(text, `"${wrong}"`, 2));
		assert.equal(fix.actions.length, 1);
		const edits = editsOf(fix, fix.actions[0]);
		assert.deepEqual(
			[...edits].sort((x, y) => x.range.start.line - y.range.start.line),
			[
				{ range: rangeOf(text, `"${wrong}"`, 1), newText: `"${key.deviceId}"` },
				{ range: rangeOf(text, `"${wrong}"`, 2), newText: `"${key.deviceId}"` },
			],
		);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'deviceid-publickey-mismatch', untouched: [String(a.deviceId)] });
		assert.deepEqual(parsed[key.deviceId], withChanges(target, { deviceId: key.deviceId }));
		assert.equal(parsed[wrong], undefined);
	});

	test('paired.json: no fix when the derived id is already another record’s key', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const text = storeFile([
			[key.deviceId, device({}, key)],
			[wrong, device({ deviceId: wrong }, key)],
		]);
		assert.deepEqual(fixesFor(text, 'deviceid-publickey-mismatch').actions, []);
	});

	test('pending.json: only deviceId changes; the key is the requestId and must stay', () => {
		const key = newDeviceKey();
		const wrong = newDeviceKey().deviceId;
		const other = pendingRequest();
		const target = pendingRequest({ deviceId: wrong }, key);
		const text = storeFile([
			[String(other.requestId), other],
			[String(target.requestId), target],
		]);
		const fix = fixesFor(text, 'deviceid-publickey-mismatch', { kind: 'pending' });
		assert.equal(fix.actions.length, 1);
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, `"${wrong}"`), newText: `"${key.deviceId}"` }]);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'deviceid-publickey-mismatch', untouched: [String(other.requestId)], settings: { kind: 'pending' } });
		assert.deepEqual(parsed[String(target.requestId)], withChanges(target, { deviceId: key.deviceId }));
	});
});

describe('scopes-approved-drift', () => {
	test('scopes is set to approvedScopes, in approvedScopes’ order', () => {
		const [a, target] = [device(), device({ scopes: ['operator.admin'], approvedScopes: ['operator.pairing', 'operator.admin', 'operator.read'] })];
		const text = storeFile(keyed(a, target));
		const fix = fixesFor(text, 'scopes-approved-drift');
		assert.deepEqual(fix.diagnostic.range, rangeOf(text, '"scopes"', 3));
		assert.equal(fix.actions.length, 1);
		assert.match(fix.actions[0].title, /approvedScopes/);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'scopes-approved-drift', untouched: [String(a.deviceId)] });
		assert.deepEqual(parsed[String(target.deviceId)], withChanges(target, { scopes: ['operator.pairing', 'operator.admin', 'operator.read'] }));
	});

	test('works in a CRLF file', () => {
		const target = device({ scopes: ['operator.admin', 'operator.approvals'], approvedScopes: ['operator.admin'] });
		const text = storeFile(keyed(device(), target), 2, '\r\n');
		const fix = fixesFor(text, 'scopes-approved-drift');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'scopes-approved-drift', untouched: [String(Object.keys(JSON.parse(text))[0])], eol: '\r\n' });
		assert.deepEqual(parsed[String(target.deviceId)].scopes, ['operator.admin']);
	});
});

describe('token-role-mismatch', () => {
	test('paired.json: the token’s role becomes its key, one edit on the role value', () => {
		const [a, target] = [device(), device({ tokens: { operator: operatorToken(['operator.admin', 'operator.pairing', 'operator.read', 'operator.write'], 'node') } })];
		const text = storeFile(keyed(a, target));
		const fix = fixesFor(text, 'token-role-mismatch');
		assert.equal(fix.actions.length, 1);
		assert.equal(fix.actions[0].title, 'Set role to "operator"');
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, '"node"'), newText: '"operator"' }]);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'token-role-mismatch', untouched: [String(a.deviceId)] });
		assert.deepEqual(parsed[String(target.deviceId)], withChanges(target, { tokens: { operator: { ...tokenOf(target), role: 'operator' } } }));
	});

	test('identity/device-auth.json', () => {
		const key = newDeviceKey();
		const text = JSON.stringify({ version: 1, deviceId: key.deviceId, tokens: { operator: { token: secretToken(), role: 'node', scopes: ['operator.read'], updatedAtMs: NOW } } }, null, 2);
		const fix = fixesFor(text, 'token-role-mismatch', { kind: 'device-auth' });
		const after = apply(fix, fix.actions[0]);
		assert.equal(after, text.replace('"node"', '"operator"'));
		assert.ok(!diagnose(after, { kind: 'device-auth' }).diagnostics.some((d) => d.code === 'token-role-mismatch'));
	});
});

describe('key-requestid-mismatch (pending.json)', () => {
	test('the key is renamed to the requestId', () => {
		const other = pendingRequest();
		const target = pendingRequest({ requestId: '0d4f5b7e-2c61-4f0e-9a7b-3f1e8c2d4a90' });
		const text = storeFile([
			[String(other.requestId), other],
			['bbbb', target],
		]);
		const fix = fixesFor(text, 'key-requestid-mismatch', { kind: 'pending' });
		assert.deepEqual(fix.diagnostic.range, rangeOf(text, '"bbbb"'));
		assert.equal(fix.actions.length, 1);
		assert.deepEqual(editsOf(fix, fix.actions[0]), [{ range: rangeOf(text, '"bbbb"'), newText: '"0d4f5b7e-2c61-4f0e-9a7b-3f1e8c2d4a90"' }]);
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'key-requestid-mismatch', untouched: [String(other.requestId)], settings: { kind: 'pending' } });
		assert.deepEqual(parsed['0d4f5b7e-2c61-4f0e-9a7b-3f1e8c2d4a90'], target);
	});

	test('no fix when a request already has that key', () => {
		const existing = pendingRequest({ requestId: 'aaaa' });
		const text = storeFile([
			['aaaa', existing],
			['bbbb', pendingRequest({ requestId: 'aaaa' })],
		]);
		assert.deepEqual(fixesFor(text, 'key-requestid-mismatch', { kind: 'pending' }).actions, []);
	});
});

describe('pending-in-paired', () => {
	function pendingIn(position: 'first' | 'middle' | 'last' | 'only', indent: Indent = 2, eol = '\n'): void {
		const [a, c] = [device(), device()];
		const req = pendingRequest();
		const reqEntry: [string, unknown] = [String(req.deviceId), req];
		const others = keyed(a, c);
		const entries = position === 'first' ? [reqEntry, ...others] : position === 'middle' ? [others[0], reqEntry, others[1]] : position === 'last' ? [...others, reqEntry] : [reqEntry];
		const text = storeFile(entries, indent, eol);
		const fix = fixesFor(text, 'pending-in-paired');
		assert.equal(fix.actions.length, 1);
		assert.equal(fix.actions[0].isPreferred, true);
		const after = apply(fix, fix.actions[0]);
		if (position === 'only') {
			assert.deepEqual(JSON.parse(after), {});
			assert.deepEqual(diagnose(after).diagnostics, []);
			return;
		}
		const kept = [String(a.deviceId), String(c.deviceId)];
		const parsed = assertFixed(text, after, { code: 'pending-in-paired', untouched: kept, indent, eol });
		assert.deepEqual(Object.keys(parsed), kept);
	}

	for (const position of ['first', 'middle', 'last', 'only'] as const) {
		test(`the request is removed (${position} record)`, () => pendingIn(position));
	}

	test('removing the only record leaves "{}", as the gateway writes an empty store', () => {
		const req = pendingRequest();
		const text = storeFile([[String(req.deviceId), req]]);
		const fix = fixesFor(text, 'pending-in-paired');
		assert.equal(apply(fix, fix.actions[0]), JSON.stringify({}, null, 2));
	});

	test('removal keeps a tab-indented CRLF file as it was', () => pendingIn('middle', '\t', '\r\n'));
});

describe('what is never fixed', () => {
	test('diagnostics from another source, duplicate keys and migrated stores get no actions', () => {
		const text = storeFile(keyed(device({ clientId: 'gateway-client', approvedScopes: ['operator.admni', 'operator.pairing', 'operator.read'] })));
		const { document, diagnostics } = diagnose(text);
		const typo = diagnostics.find((d) => d.code === 'unknown-scope');
		assert.ok(typo);
		assert.deepEqual(service.codeActions(document, 'paired', [{ ...typo, source: 'json' }]), []);
		assert.deepEqual(service.codeActions(document, 'paired', [{ ...typo, data: undefined }]), []);
		assert.deepEqual(service.codeActions(document, 'migrated', [typo]), []);

		const r = device();
		const inner = JSON.stringify(r, null, 2).replace(/\n/g, '\n  ');
		const dupText = `{\n  "${String(r.deviceId)}": ${inner},\n  "${String(r.deviceId)}": ${inner}\n}`;
		const dup = fixesFor(dupText, 'duplicate-key');
		assert.deepEqual(dup.actions, []);
	});

	test('several diagnostics in one request each get their own fixes', () => {
		const target = device({ clientId: 'gateway-client', scopes: ['operator.admin'], approvedScopes: ['operator.admni', 'operator.pairing', 'operator.read'], tokens: { operator: operatorToken(['operator.pairing'], 'node') } });
		const text = storeFile(keyed(target));
		const { document, diagnostics } = diagnose(text);
		const actions = service.codeActions(document, 'paired', diagnostics);
		const titles = actions.map((a) => a.title);
		assert.ok(titles.includes('Change to "operator.admin"'), JSON.stringify(titles));
		assert.ok(titles.includes('Set role to "operator"'), JSON.stringify(titles));
		assert.ok(titles.some((t) => /Set "scopes" to "approvedScopes"/.test(t)), JSON.stringify(titles));
		for (const action of actions) {
			for (const edit of action.edit?.changes?.[document.uri] ?? []) for (const secret of SECRETS) assert.ok(!edit.newText.includes(secret));
		}
	});
});
