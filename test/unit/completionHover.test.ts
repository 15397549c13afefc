import { strict as assert } from 'node:assert';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { getLocation } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, MarkupContent, Position, Range } from 'vscode-languageserver-types';
import { allScopes } from '../../core/src/scopes/scopeCatalog';
import { NOW, newDeviceKey, pairedDevice, pairedFile, PairedRecord } from '../support/fixtures';
import { at, complete, docOf, hover, markdown, service } from '../support/languageService';
import { rangeOf } from '../support/text';

const CATALOG = allScopes().map((s) => s.name);
/** Scopes the JSON-era gateway (≤ 2026.7.35) does not know: offered last and marked deprecated. */
const NEWER = ['operator.questions', 'operator.talk', 'operator.sessions.read', 'operator.sessions.write'];

/** Every catalog scope, each replacing exactly `range`. */
function assertScopeItems(items: CompletionItem[], range: Range): void {
	assert.deepEqual(
		items.map((i) => i.label),
		CATALOG,
	);
	for (const item of items) {
		const info = allScopes().find((s) => s.name === item.label)!;
		assert.equal(item.detail, info.summary);
		assert.deepEqual(item.textEdit, { range, newText: JSON.stringify(item.label) });
		assert.equal(item.filterText, JSON.stringify(item.label));
	}
}

function insertion(p: Position): Range {
	return { start: p, end: p };
}

const SAMPLE_TOKEN = `oc_tok_${randomBytes(30).toString('base64url')}`;

/** Two devices; the second has a unique scope in each list, a node token, and a secret token. */
function sample(): { text: string; target: PairedRecord } {
	const target = pairedDevice({
		role: 'operator',
		roles: ['operator', 'node'],
		scopes: ['operator.admin', 'operator.approvals', 'operator.pairing'],
		approvedScopes: ['operator.admin', 'operator.talk.secrets', 'operator.pairing'],
		tokens: {
			operator: { token: SAMPLE_TOKEN, role: 'operator', scopes: ['operator.admin', 'operator.write', 'operator.read'], createdAtMs: NOW },
			node: { token: `oc_tok_${randomBytes(30).toString('base64url')}`, role: 'node', scopes: ['node.exec'], createdAtMs: NOW },
		},
	});
	return { text: pairedFile(pairedDevice(), target), target };
}

describe('completion in scope lists', () => {
	const { text } = sample();

	test('inside an existing string in "scopes": every catalog scope, replacing the whole literal', () => {
		const literal = rangeOf(text, '"operator.approvals"');
		const len = '"operator.approvals"'.length;
		for (const delta of [0, 1, 10, len - 1, len]) assertScopeItems(complete(text, at(text, '"operator.approvals"', delta)), literal);
	});

	test('inside a string in "approvedScopes" and in tokens.operator.scopes', () => {
		assertScopeItems(complete(text, at(text, '"operator.talk.secrets"', 3)), rangeOf(text, '"operator.talk.secrets"'));
		assertScopeItems(complete(text, at(text, '"operator.write"', 3)), rangeOf(text, '"operator.write"'));
	});

	test('between elements (after a comma, on the next line): an insertion at the cursor', () => {
		const afterComma = at(text, '"operator.approvals",', '"operator.approvals",'.length);
		assertScopeItems(complete(text, afterComma), insertion(afterComma));
		const lineStart = { line: afterComma.line + 1, character: 0 };
		assertScopeItems(complete(text, lineStart), insertion(lineStart));
	});

	test('in an empty array: an insertion at the cursor', () => {
		const t = pairedFile(pairedDevice({ clientId: 'gateway-client', scopes: [], approvedScopes: [] }));
		const p = at(t, '"approvedScopes": []', '"approvedScopes": ['.length);
		assertScopeItems(complete(t, p), insertion(p));
	});

	describe('while typing (the file does not parse yet)', () => {
		const base = pairedFile(pairedDevice(), pairedDevice({ approvedScopes: ['operator.admin', 'XXX'] }), pairedDevice());
		const slot = base.indexOf('"XXX"');
		const posIn = (t: string, offset: number) => TextDocument.create('file:///x', 'json', 1, t).positionAt(offset);

		test('an unterminated string is replaced up to the end of what was typed', () => {
			const t = base.replace('"XXX"', '"op');
			const p = posIn(t, slot + 3);
			assertScopeItems(complete(t, p), { start: posIn(t, slot), end: p });
		});

		test('a lone opening quote is replaced', () => {
			const t = base.replace('"XXX"', '"');
			assertScopeItems(complete(t, posIn(t, slot + 1)), { start: posIn(t, slot), end: posIn(t, slot + 1) });
		});

		test('an empty slot after a trailing comma: an insertion', () => {
			const t = base.replace('"XXX"', '');
			const p = posIn(t, slot);
			assertScopeItems(complete(t, p), insertion(p));
		});

		test('a bare word typed without quotes is replaced, so accepting gives valid JSON', () => {
			const t = base.replace('"XXX"', 'op');
			const p = posIn(t, slot + 2);
			const items = complete(t, p);
			assertScopeItems(items, { start: posIn(t, slot), end: p });
			const accepted = TextDocument.applyEdits(TextDocument.create('file:///x', 'json', 1, t), [items[0].textEdit as { range: Range; newText: string }]);
			assert.doesNotThrow(() => JSON.parse(accepted));
		});
	});

	test('scopes the JSON-era gateway does not know sort last and are tagged deprecated; documentation says what implies each', () => {
		const items = complete(text, at(text, '"operator.approvals"', 2));
		const sorted = [...items].sort((a, b) => String(a.sortText).localeCompare(String(b.sortText))).map((i) => i.label);
		assert.deepEqual(sorted, [...CATALOG.filter((s) => !NEWER.includes(s)), ...NEWER]);
		for (const item of items) assert.deepEqual(item.tags ?? [], NEWER.includes(item.label) ? [1] : [], item.label);
		const doc = (label: string) => (items.find((i) => i.label === label)!.documentation as MarkupContent).value;
		assert.match(doc('operator.read'), /Also granted by: `operator\.admin`, `operator\.write`\./);
		assert.match(doc('operator.read'), /Known since OpenClaw 2026\.1\.29\./);
		assert.doesNotMatch(doc('operator.admin'), /Also granted by/);
		assert.match(doc('operator.questions'), /Only OpenClaw 2026\.8\.1\+ knows it/);
	});

	test('pending.json scopes and identity/device-auth.json token scopes', () => {
		const key = newDeviceKey();
		const pending = JSON.stringify(
			{ r1: { requestId: 'r1', deviceId: key.deviceId, publicKey: key.publicKey, role: 'operator', scopes: ['operator.read'], ts: NOW } },
			null,
			2,
		);
		assertScopeItems(complete(pending, at(pending, '"operator.read"', 4), 'pending'), rangeOf(pending, '"operator.read"'));
		const auth = JSON.stringify(
			{ version: 1, deviceId: key.deviceId, tokens: { operator: { token: 't0k', role: 'operator', scopes: ['operator.pairing'], updatedAtMs: NOW } } },
			null,
			2,
		);
		assertScopeItems(complete(auth, at(auth, '"operator.pairing"', 4), 'device-auth'), rangeOf(auth, '"operator.pairing"'));
	});
});

describe('no completion outside operator scope lists', () => {
	const { text } = sample();

	test('on property keys', () => {
		for (const [needle, occurrence] of [
			['"scopes"', 3],
			['"approvedScopes"', 2],
			['"tokens"', 2],
			['"deviceId"', 2],
		] as [string, number][]) {
			for (const delta of [0, 2, needle.length - 1]) assert.deepEqual(complete(text, at(text, needle, delta, occurrence)), [], `${needle} +${delta}`);
		}
	});

	test('on other values and other arrays', () => {
		assert.deepEqual(complete(text, at(text, '"linux"', 2, 2)), [], 'platform');
		assert.deepEqual(complete(text, at(text, '"operator"', 2, 1)), [], 'role value');
		assert.deepEqual(complete(text, at(text, '"operator"', 2, 3)), [], 'tokens.operator key');
		assert.deepEqual(complete(text, at(text, '"node"', 2)), [], 'roles array');
		assert.deepEqual(complete(text, at(text, SAMPLE_TOKEN, 4)), [], 'token value');
		assert.deepEqual(complete(text, at(text, '"node.exec"', 3)), [], 'a node token takes node scopes, not the operator catalog');
	});

	test('between records, before the root and after it', () => {
		const { text: t, target } = sample();
		assert.deepEqual(complete(t, { line: 0, character: 0 }), []);
		assert.deepEqual(complete(t, at(t, `"${String(target.deviceId)}"`, 0)), [], 'on a record key');
		const end = TextDocument.create('file:///x', 'json', 1, t).positionAt(t.length);
		assert.deepEqual(complete(t, end), []);
	});

	test('in identity/device.json and in a migrated store', () => {
		const { text: t } = sample();
		assert.deepEqual(complete(t, at(t, '"operator.approvals"', 3), 'device'), []);
		assert.deepEqual(complete(t, at(t, '"operator.approvals"', 3), 'migrated'), []);
	});
});

describe('hover on scopes', () => {
	const { text } = sample();

	test('operator.read: its summary, and the scopes that also grant it', () => {
		const h = hover(text, at(text, '"operator.read"', 5));
		assert.deepEqual(h?.range, rangeOf(text, '"operator.read"'));
		const md = markdown(h);
		assert.match(md, /^\*\*`operator\.read`\*\*: Status, lists, logs and session reads\./);
		assert.match(md, /Also granted by `operator\.admin`, `operator\.write`\./);
		assert.match(md, /Since OpenClaw 2026\.1\.29\./);
	});

	test('operator.admin: marked admin, granted only by itself', () => {
		const md = markdown(hover(text, at(text, '"operator.admin"', 3, 3)));
		assert.match(md, /^\*\*`operator\.admin`\*\* ⚠ admin: Everything/);
		assert.match(md, /Granted only by itself\./);
	});

	test('operator.pairing in approvedScopes is granted by admin only', () => {
		const md = markdown(hover(text, at(text, '"operator.pairing"', 3, 2)));
		assert.match(md, /Also granted by `operator\.admin`\./);
	});

	test('a typo suggests the scope it meant; nonsense suggests nothing', () => {
		const t = pairedFile(pairedDevice({ approvedScopes: ['operator.admni', 'banana'] }));
		const typo = hover(t, at(t, '"operator.admni"', 4));
		assert.deepEqual(typo?.range, rangeOf(t, '"operator.admni"'));
		assert.equal(markdown(typo), '**`operator.admni`** is not an OpenClaw scope. Did you mean `operator.admin`?');
		assert.equal(markdown(hover(t, at(t, '"banana"', 2))), '**`banana`** is not an OpenClaw scope.');
	});

	test('a node token’s scope is described as the node role’s', () => {
		assert.equal(markdown(hover(text, at(text, '"node.exec"', 2))), '**`node.exec`**: a scope of the `node` role.');
	});
});

describe('hover on secrets and roles', () => {
	test('a token value is called secret and never shown, at any offset in it', () => {
		const { text } = sample();
		const literal = rangeOf(text, `"${SAMPLE_TOKEN}"`);
		for (let delta = 0; delta <= SAMPLE_TOKEN.length + 2; delta += 7) {
			const h = hover(text, at(text, `"${SAMPLE_TOKEN}"`, delta));
			const md = markdown(h);
			assert.match(md, /\*\*Secret\*\* \(`token`\)/);
			assert.ok(!md.includes(SAMPLE_TOKEN) && !md.includes(SAMPLE_TOKEN.slice(7, 20)));
			assert.deepEqual(h?.range, literal);
		}
	});

	test('no hover anywhere in a record ever contains a token', () => {
		const { text, target } = sample();
		const tokens = Object.values(target.tokens as Record<string, { token: string }>).map((t) => t.token);
		const doc = docOf(text, 'paired');
		for (let offset = 0; offset < text.length; offset++) {
			const h = service.hover(doc, 'paired', doc.positionAt(offset));
			if (!h) continue;
			const md = (h.contents as MarkupContent).value;
			for (const token of tokens) assert.ok(!md.includes(token), `offset ${offset}`);
		}
	});

	test('identity/device.json: privateKeyPem (and the legacy privateKey) are secret and never shown', () => {
		const { publicKey, privateKey } = generateKeyPairSync('ed25519');
		const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
		const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
		const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
		const deviceId = createHash('sha256').update(raw).digest('hex');
		const text = JSON.stringify({ version: 1, deviceId, publicKeyPem, privateKeyPem, createdAtMs: NOW }, null, 2);
		assert.deepEqual(service.validate(docOf(text, 'device'), 'device'), [], 'a valid identity file');
		const encoded = JSON.stringify(privateKeyPem);
		const body = privateKeyPem.split('\n')[1];
		const h = hover(text, at(text, encoded, 40), 'device');
		const md = markdown(h);
		assert.match(md, /\*\*Secret\*\* \(`privateKeyPem`\)/);
		assert.ok(!md.includes(body) && !md.includes(body.slice(0, 16)));
		assert.deepEqual(h?.range, rangeOf(text, encoded));

		const legacy = JSON.stringify({ deviceId, publicKey: raw.toString('base64url'), privateKey: 'c2VjcmV0LXByaXZhdGUta2V5LWJ5dGVz' }, null, 2);
		const md2 = markdown(hover(legacy, at(legacy, '"c2VjcmV0', 5), 'device'));
		assert.match(md2, /\*\*Secret\*\* \(`privateKey`\)/);
		assert.ok(!md2.includes('c2VjcmV0'));
	});

	test('identity/device-auth.json: the cached token is secret', () => {
		const key = newDeviceKey();
		const secret = `oc_tok_${randomBytes(30).toString('base64url')}`;
		const text = JSON.stringify(
			{ version: 1, deviceId: key.deviceId, tokens: { operator: { token: secret, role: 'operator', scopes: ['operator.read'], updatedAtMs: NOW } } },
			null,
			2,
		);
		const md = markdown(hover(text, at(text, secret, 10), 'device-auth'));
		assert.match(md, /Secret/);
		assert.ok(!md.includes(secret));
	});

	test('a role value is described; keys and plain values have no hover', () => {
		const { text } = sample();
		assert.match(markdown(hover(text, at(text, '"operator"', 3, 1))), /^\*\*Role `operator`\*\*\n\nA person's client/);
		assert.match(markdown(hover(text, at(text, '"node"', 2, 3))), /^\*\*Role `node`\*\*\n\nA capability host/);
		assert.equal(hover(text, at(text, '"node"', 2, 2)), null, 'the tokens.node key');
		assert.equal(hover(text, at(text, '"token"', 2, 3)), null, 'a key');
		assert.equal(hover(text, at(text, '"linux"', 2, 2)), null, 'platform');
		assert.equal(hover(text, { line: 0, character: 0 }), null);
	});
});

describe('a large store (2,000 devices)', () => {
	function fakeKey(): { publicKey: string; deviceId: string } {
		const raw = randomBytes(32);
		return { publicKey: raw.toString('base64url'), deviceId: createHash('sha256').update(raw).digest('hex') };
	}

	const records = Array.from({ length: 2000 }, (_, i) =>
		pairedDevice(
			i === 1997
				? {
						approvedScopes: ['operator.admin', 'operator.approvals', 'operator.pairing'],
						scopes: ['operator.admin', 'operator.approvals', 'operator.pairing'],
						tokens: { operator: { token: SAMPLE_TOKEN, role: 'operator', scopes: ['operator.admin'], createdAtMs: NOW } },
					}
				: {},
			fakeKey(),
		),
	);
	const text = pairedFile(...records);
	const doc = docOf(text, 'paired');

	test('completion and hover at a record near the end are exact', () => {
		const literal = rangeOf(text, '"operator.approvals"', 2);
		assertScopeItems(service.completion(doc, 'paired', at(text, '"operator.approvals"', 5, 2)), literal);
		const h = service.hover(doc, 'paired', at(text, '"operator.approvals"', 5));
		assert.deepEqual(h?.range, rangeOf(text, '"operator.approvals"'));
		assert.match(markdown(h), /Exec and plugin approval APIs/);
		const secret = service.hover(doc, 'paired', at(text, SAMPLE_TOKEN, 3));
		assert.deepEqual(secret?.range, rangeOf(text, `"${SAMPLE_TOKEN}"`));
		assert.ok(!markdown(secret).includes(SAMPLE_TOKEN));
		const key = service.completion(doc, 'paired', at(text, '"approvedScopes"', 3, 1998));
		assert.deepEqual(key, []);
	});

	test('they look at the one record, not the whole file', () => {
		const offset = text.indexOf('"operator.approvals"') + 5;
		const p = doc.positionAt(offset);
		service.hover(doc, 'paired', p); // parse once (cached per version)
		const reps = 20;
		let start = performance.now();
		for (let i = 0; i < reps; i++) getLocation(text, offset);
		const wholeFile = (performance.now() - start) / reps;
		start = performance.now();
		for (let i = 0; i < reps; i++) {
			service.hover(doc, 'paired', p);
			service.completion(doc, 'paired', p);
		}
		const perRecord = (performance.now() - start) / reps;
		assert.ok(perRecord * 5 < wholeFile, `hover+completion ${perRecord.toFixed(2)} ms vs a whole-file location ${wholeFile.toFixed(2)} ms`);
	});
});
