import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import {
	ADMIN_SCOPE,
	allScopes,
	clientRequirement,
	compareVersions,
	expandStoredScopes,
	JSON_ERA_LAST_VERSION,
	knownIn,
	missingScopes,
	roleOfScope,
	satisfiedBy,
	scopeInfo,
	scopeSatisfied,
	suggestScope,
} from '../../core/src/scopes/scopeCatalog';

/** The JSON-store gateway line (what the rules use) and the SQLite-era releases whose implications differ. */
const V6 = '2026.6.6';
const V8 = '2026.8.1';
const V9 = '2026.9.6';

const OPERATOR_SCOPES = [
	'operator.admin',
	'operator.read',
	'operator.write',
	'operator.approvals',
	'operator.pairing',
	'operator.talk.secrets',
	'operator.questions',
	'operator.talk',
	'operator.sessions.read',
	'operator.sessions.write',
];

function granted(...scopes: string[]): ReadonlySet<string> {
	return new Set(scopes);
}

describe('scopeSatisfied on the 2026.6 line', () => {
	test('operator.admin satisfies every operator.* scope, known or not', () => {
		for (const requested of [...OPERATOR_SCOPES, 'operator.some.future.scope']) {
			assert.equal(scopeSatisfied(requested, granted(ADMIN_SCOPE), 'operator', V6), true, requested);
		}
	});

	test('operator.admin does not satisfy a scope outside the operator namespace', () => {
		assert.equal(scopeSatisfied('node.exec', granted(ADMIN_SCOPE), 'operator', V6), false);
		assert.equal(scopeSatisfied('admin', granted(ADMIN_SCOPE), 'operator', V6), false);
		assert.equal(scopeSatisfied('operatorx.read', granted(ADMIN_SCOPE), 'operator', V6), false);
	});

	test('operator.write satisfies operator.read and nothing else', () => {
		assert.equal(scopeSatisfied('operator.read', granted('operator.write'), 'operator', V6), true);
		for (const requested of OPERATOR_SCOPES.filter((s) => s !== 'operator.read' && s !== 'operator.write')) {
			assert.equal(scopeSatisfied(requested, granted('operator.write'), 'operator', V6), false, requested);
		}
	});

	test('operator.read satisfies only itself; implications never run backwards', () => {
		assert.equal(scopeSatisfied('operator.read', granted('operator.read'), 'operator', V6), true);
		assert.equal(scopeSatisfied('operator.write', granted('operator.read'), 'operator', V6), false);
		assert.equal(scopeSatisfied('operator.sessions.read', granted('operator.read'), 'operator', V6), false);
		assert.equal(scopeSatisfied('operator.admin', granted('operator.read', 'operator.write', 'operator.pairing', 'operator.approvals'), 'operator', V6), false);
	});

	test('an exact grant always satisfies, an empty grant never does', () => {
		assert.equal(scopeSatisfied('operator.pairing', granted('operator.pairing'), 'operator', V6), true);
		assert.equal(scopeSatisfied('operator.pairing', granted(), 'operator', V6), false);
	});

	test('the JSON-era last version behaves like 2026.6 for talk and sessions', () => {
		assert.equal(scopeSatisfied('operator.talk', granted('operator.write'), 'operator', JSON_ERA_LAST_VERSION), false);
		assert.equal(scopeSatisfied('operator.sessions.read', granted('operator.read'), 'operator', JSON_ERA_LAST_VERSION), false);
	});
});

describe('scopeSatisfied on later lines', () => {
	test('2026.8 adds write → talk only', () => {
		assert.equal(scopeSatisfied('operator.talk', granted('operator.write'), 'operator', V8), true);
		assert.equal(scopeSatisfied('operator.sessions.read', granted('operator.write'), 'operator', V8), false);
		assert.equal(scopeSatisfied('operator.talk.secrets', granted('operator.write'), 'operator', V8), false);
	});

	test('2026.9 adds write → talk and sessions.*, read → sessions.read, sessions.write → sessions.read', () => {
		for (const requested of ['operator.read', 'operator.talk', 'operator.sessions.read', 'operator.sessions.write']) {
			assert.equal(scopeSatisfied(requested, granted('operator.write'), 'operator', V9), true, requested);
		}
		assert.equal(scopeSatisfied('operator.sessions.read', granted('operator.read'), 'operator', V9), true);
		assert.equal(scopeSatisfied('operator.sessions.write', granted('operator.read'), 'operator', V9), false);
		assert.equal(scopeSatisfied('operator.sessions.read', granted('operator.sessions.write'), 'operator', V9), true);
		assert.equal(scopeSatisfied('operator.approvals', granted('operator.write'), 'operator', V9), false);
		assert.equal(scopeSatisfied('operator.talk.secrets', granted('operator.write'), 'operator', V9), false);
	});
});

describe('scopeSatisfied for non-operator roles', () => {
	test('a node role needs the exact, role-prefixed scope', () => {
		assert.equal(scopeSatisfied('node.exec', granted('node.exec'), 'node', V6), true);
		assert.equal(scopeSatisfied('node.exec', granted('node.camera'), 'node', V6), false);
		assert.equal(scopeSatisfied('exec', granted('exec'), 'node', V6), false, 'an unprefixed scope never satisfies');
		assert.equal(scopeSatisfied('operator.read', granted('operator.read'), 'node', V6), false, 'another role’s scope never satisfies');
	});

	test('operator implications do not apply to a node role', () => {
		assert.equal(scopeSatisfied('node.exec', granted(ADMIN_SCOPE), 'node', V9), false);
		assert.equal(scopeSatisfied('node.read', granted('node.write'), 'node', V9), false);
	});
});

test('missingScopes lists what a grant does not cover, in request order, trimming stored whitespace', () => {
	assert.deepEqual(missingScopes(['operator.admin', 'operator.read', 'operator.pairing'], ['operator.write'], 'operator', V6), [
		'operator.admin',
		'operator.pairing',
	]);
	assert.deepEqual(missingScopes(['operator.read'], [' operator.read '], 'operator', V6), []);
	assert.deepEqual(missingScopes(['operator.talk'], ['operator.write'], 'operator', V6), ['operator.talk']);
	assert.deepEqual(missingScopes(['operator.talk'], ['operator.write'], 'operator', V8), []);
	assert.deepEqual(missingScopes([], ['operator.admin'], 'operator', V6), []);
});

describe('expandStoredScopes (normalizeDeviceAuthScopes)', () => {
	test('admin brings read and write along, sorted', () => {
		assert.deepEqual(expandStoredScopes(['operator.admin']), ['operator.admin', 'operator.read', 'operator.write']);
	});

	test('write brings read along', () => {
		assert.deepEqual(expandStoredScopes(['operator.write', 'operator.pairing']), ['operator.pairing', 'operator.read', 'operator.write']);
	});

	test('read alone brings nothing; duplicates, blanks and surrounding whitespace go', () => {
		assert.deepEqual(expandStoredScopes(['operator.read']), ['operator.read']);
		assert.deepEqual(expandStoredScopes([' operator.pairing', 'operator.read ', '', '   ', 'operator.read', 'operator.pairing']), [
			'operator.pairing',
			'operator.read',
		]);
		assert.deepEqual(expandStoredScopes([]), []);
	});

	test('the input list is not modified', () => {
		const input = ['operator.write', 'operator.admin'];
		expandStoredScopes(input);
		assert.deepEqual(input, ['operator.write', 'operator.admin']);
	});
});

describe('suggestScope', () => {
	test('typos map to the scope they meant', () => {
		assert.equal(suggestScope('operator.admni'), 'operator.admin');
		assert.equal(suggestScope('operator.red'), 'operator.read');
		assert.equal(suggestScope('operator.rread'), 'operator.read');
		assert.equal(suggestScope('operator.wirte'), 'operator.write');
		assert.equal(suggestScope('operator.paring'), 'operator.pairing');
		assert.equal(suggestScope('Operator.Admin'), 'operator.admin');
		assert.equal(suggestScope('operator.aprovals'), 'operator.approvals');
	});

	test('nothing close enough gives no suggestion', () => {
		assert.equal(suggestScope('banana'), undefined);
		assert.equal(suggestScope(''), undefined);
		assert.equal(suggestScope('admin'), undefined);
		assert.equal(suggestScope('node.exec'), undefined);
	});
});

describe('compareVersions (calendar versions)', () => {
	test('numeric, not lexical, comparison', () => {
		assert.ok(compareVersions('2026.6.6', '2026.10.1') < 0);
		assert.ok(compareVersions('2026.10.1', '2026.6.6') > 0);
		assert.ok(compareVersions('2026.9.1', '2026.8.35') > 0);
		assert.ok(compareVersions('2026.7.35', '2026.8.1') < 0);
		assert.ok(compareVersions('2025.12.31', '2026.1.1') < 0);
	});

	test('equal versions, and missing components count as zero', () => {
		assert.equal(compareVersions('2026.6.6', '2026.6.6'), 0);
		assert.equal(compareVersions('2026.7', '2026.7.0'), 0);
		assert.ok(compareVersions('2026.7', '2026.7.1') < 0);
	});
});

describe('catalog lookups', () => {
	test('knownIn follows each scope’s since version', () => {
		assert.equal(knownIn('operator.admin', V6), true);
		assert.equal(knownIn('operator.questions', JSON_ERA_LAST_VERSION), false);
		assert.equal(knownIn('operator.questions', V8), true);
		assert.equal(knownIn('operator.sessions.read', V8), false);
		assert.equal(knownIn('operator.sessions.read', V9), true);
		assert.equal(knownIn('operator.nope', V9), false);
	});

	test('satisfiedBy names what implies a scope (for hovers)', () => {
		assert.deepEqual(satisfiedBy('operator.read', JSON_ERA_LAST_VERSION), ['operator.admin', 'operator.write']);
		assert.deepEqual(satisfiedBy('operator.pairing', JSON_ERA_LAST_VERSION), ['operator.admin']);
		assert.deepEqual(satisfiedBy('operator.admin', JSON_ERA_LAST_VERSION), []);
		assert.deepEqual(satisfiedBy('operator.talk', V8), ['operator.admin', 'operator.write']);
		assert.deepEqual(satisfiedBy('operator.sessions.read', V9), ['operator.admin', 'operator.write', 'operator.read', 'operator.sessions.write']);
	});

	test('roleOfScope is the part before the first dot', () => {
		assert.equal(roleOfScope('operator.talk.secrets'), 'operator');
		assert.equal(roleOfScope('node.exec'), 'node');
		assert.equal(roleOfScope('banana'), undefined);
		assert.equal(roleOfScope('.read'), undefined);
	});

	test('every catalog scope is an operator scope with a summary, and names are unique', () => {
		const names = allScopes().map((s) => s.name);
		assert.deepEqual(names, OPERATOR_SCOPES);
		for (const s of allScopes()) {
			assert.ok(s.summary.length > 0 && s.detail.length > 0, s.name);
			assert.equal(scopeInfo(s.name), s);
		}
		assert.equal(scopeInfo('toString'), undefined);
		assert.equal(scopeInfo(ADMIN_SCOPE)?.admin, true);
	});

	test('clientRequirement knows the CLI, TUI and Control UI, and nothing from Object.prototype', () => {
		assert.deepEqual(clientRequirement('cli')?.requires, ['operator.admin']);
		assert.equal(clientRequirement('cli')?.localAuth, 'sharedToken');
		assert.equal(clientRequirement('openclaw-control-ui')?.connect.browser, true);
		assert.equal(clientRequirement('gateway-client'), undefined);
		assert.equal(clientRequirement('toString'), undefined);
		assert.equal(clientRequirement('__proto__'), undefined);
		assert.equal(clientRequirement(undefined), undefined);
	});
});
