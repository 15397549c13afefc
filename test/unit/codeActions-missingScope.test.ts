import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { ParsedDocument } from '../../server/src/service/parser/jsonDocument';
import { PairedRecord } from '../support/fixtures';
import {
	apply,
	assertFixed,
	device,
	diagnose,
	editsOf,
	Fixable,
	fixesFor,
	Indent,
	keyed,
	operatorToken,
	pendingRequest,
	recordText,
	storeFile,
	tokenOf,
	withChanges,
} from '../support/languageService';

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
		assert.deepEqual(
			parsed[String(target.deviceId)],
			withChanges(target, { tokens: { operator: { ...tokenOf(target), scopes: ['operator.read', 'operator.admin'] } } }),
		);
	});

	test('a baseline that lacks admin while the token has it: the title names only the approved lists', () => {
		const target = device({ remoteIp: '203.0.113.9', scopes: ['operator.read'], approvedScopes: ['operator.read'] });
		const text = storeFile(keyed(target));
		const fix = fixesFor(text, 'missing-scope');
		assert.equal(fix.actions[0].title, 'Grant operator.admin (approvedScopes and scopes)');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'missing-scope', untouched: [] });
		assert.deepEqual(
			parsed[String(target.deviceId)],
			withChanges(target, { scopes: ['operator.read', 'operator.admin'], approvedScopes: ['operator.read', 'operator.admin'] }),
		);
	});

	test('a device without tokens gets the baseline fixed and no token invented', () => {
		const target = device({ remoteIp: '198.51.100.2', scopes: ['operator.pairing'], approvedScopes: ['operator.pairing'], tokens: {} });
		const text = storeFile(keyed(target));
		const fix = fixesFor(text, 'missing-scope');
		assert.equal(fix.actions[0].title, 'Grant operator.admin (approvedScopes and scopes)');
		const parsed = assertFixed(text, apply(fix, fix.actions[0]), { code: 'missing-scope', untouched: [], remaining: ['role-without-active-token'] });
		assert.deepEqual(
			parsed[String(target.deviceId)],
			withChanges(target, { scopes: ['operator.pairing', 'operator.admin'], approvedScopes: ['operator.pairing', 'operator.admin'] }),
		);
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
			const parsed = assertFixed(text, after, {
				code: 'missing-scope',
				untouched: [String(Object.keys(JSON.parse(text))[0])],
				remaining: ['role-without-active-token'],
			});
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
