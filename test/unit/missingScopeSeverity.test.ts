// The missing-scope severity follows what real gateways were measured to answer (schemas/scopes.json clients
// "measured", kept true by test/gateway/loopMatrix-*.test.ts): every catalog client's record gets what its data says.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import {
	ClientRequirement,
	ConnectMode,
	JSON_ERA_LAST_VERSION,
	UpgradeOutcome,
	clientRequirement,
	compareVersions,
	operatorClientIds,
} from '../../core/src/scopes/scopeCatalog';
import { upgradeVerdict } from '../../server/src/service/rules/missingScopes';
import { NOW, pairedDevice, pairedFile } from '../support/fixtures';
import { messageOf, only, validate } from '../support/languageService';

const MODES: ConnectMode[] = ['sharedToken', 'deviceToken', 'remote'];
const OUTCOMES: UpgradeOutcome[] = ['upgraded', 'pairing-required', 'scope-mismatch'];
/** A distinctive piece of what the message says for each measured answer. */
const SAYS: Record<UpgradeOutcome, string> = {
	upgraded: 'grants it silently',
	'pairing-required': '"pairing required: device is asking for more scopes than currently approved" (close 1008) and leaves a scope-upgrade request pending',
	'scope-mismatch': 'device token scope mismatch',
};

function catalogClient(id: string): ClientRequirement {
	const client = clientRequirement(id);
	assert.ok(client, id);
	return client;
}

describe('the clients data', () => {
	test('knows the CLI, the TUI and the Control UI', () => {
		assert.deepEqual(operatorClientIds(), ['cli', 'openclaw-tui', 'openclaw-control-ui']);
	});

	for (const id of operatorClientIds()) {
		test(`${id}: a connect that asks for what it requires, and a known outcome for every mode of every measured version`, () => {
			const client = catalogClient(id);
			for (const s of client.requires) assert.ok(client.connect.scopes.includes(s), `${id} connects asking for ${s}`);
			assert.ok(client.localAuth === 'sharedToken' || client.localAuth === 'deviceToken');
			assert.ok(client.fails.length > 0 && !client.fails.endsWith('.'), 'fails is a clause the message ends with');
			// The gateways that read paired.json (the JSON era) must be measured, or the rule would be guessing.
			for (const v of ['2026.6.6', JSON_ERA_LAST_VERSION]) assert.ok(client.measured[v], `${id} measured on ${v}`);
			for (const [v, byMode] of Object.entries(client.measured)) {
				assert.deepEqual(Object.keys(byMode).sort(), [...MODES].sort(), `${id} ${v}: every mode`);
				for (const m of MODES) assert.ok(OUTCOMES.includes(byMode[m]), `${id} ${v} ${m}: ${byMode[m]}`);
			}
		});
	}
});

describe('a record of each client without operator.admin gets the severity its measured data says', () => {
	for (const id of operatorClientIds()) {
		for (const remote of [false, true]) {
			test(`${id}, ${remote ? 'paired from another host' : 'paired on this machine'}`, () => {
				const client = catalogClient(id);
				const mode = remote ? 'remote' : client.localAuth;
				const outcomes = Object.entries(client.measured)
					.filter(([v]) => compareVersions(v, JSON_ERA_LAST_VERSION) <= 0)
					.map(([, byMode]) => byMode[mode]);
				const error = outcomes.some((o) => o !== 'upgraded');
				const record = pairedDevice({
					clientId: id,
					clientMode: client.connect.clientMode,
					scopes: ['operator.pairing'],
					approvedScopes: ['operator.pairing'],
					tokens: { operator: { token: 't'.repeat(43), role: 'operator', scopes: ['operator.pairing'], createdAtMs: NOW } },
					...(remote ? { remoteIp: '203.0.113.7' } : {}),
				});
				const d = only(validate(pairedFile(record)), 'missing-scope');
				assert.equal(d.severity, error ? 1 : 4, messageOf(d));
				for (const o of new Set(outcomes)) assert.ok(messageOf(d).includes(SAYS[o]), `${messageOf(d)} says ${o}`);
				if (error) assert.ok(messageOf(d).endsWith(`, so ${client.fails}.`), messageOf(d));
			});
		}
	}
});

describe('upgradeVerdict', () => {
	const base = catalogClient('cli');
	const measured = (byVersion: Record<string, UpgradeOutcome>): ClientRequirement => ({
		...base,
		measured: Object.fromEntries(
			Object.entries(byVersion).map(([v, o]) => [
				v,
				{ sharedToken: o, deviceToken: 'scope-mismatch', remote: 'pairing-required' } as Record<ConnectMode, UpgradeOutcome>,
			]),
		),
	});

	test('a hint only when every gateway that reads the store grants it silently; later versions do not count', () => {
		const v = upgradeVerdict(measured({ '2026.6.6': 'upgraded', '2026.7.35': 'upgraded', '2026.9.6': 'pairing-required' }), 'sharedToken', '2026.7.35');
		assert.deepEqual(v, {
			severity: 'hint',
			text: 'On this machine with the shared gateway token, the gateway (OpenClaw 2026.6.6, 2026.7.35) grants it silently.',
		});
	});

	test('one version that refuses makes it an error naming each answer and what fails', () => {
		const v = upgradeVerdict(measured({ '2026.7.35': 'pairing-required', '2026.6.6': 'upgraded' }), 'sharedToken', '2026.7.35');
		assert.equal(v.severity, 'error');
		assert.match(
			v.text,
			/^On this machine with the shared gateway token, the gateway \(OpenClaw 2026\.6\.6\) grants it silently; the gateway \(OpenClaw 2026\.7\.35\) answers "pairing required/,
		);
		assert.ok(v.text.endsWith(`, so ${base.fails}.`));
	});

	test('the device-token and remote answers come from their own columns', () => {
		assert.match(
			upgradeVerdict(measured({ '2026.6.6': 'upgraded' }), 'deviceToken', '2026.7.35').text,
			/^With its device token, the gateway \(OpenClaw 2026\.6\.6\) refuses/,
		);
		assert.match(
			upgradeVerdict(measured({ '2026.6.6': 'upgraded' }), 'remote', '2026.7.35').text,
			/^From another host, the gateway \(OpenClaw 2026\.6\.6\) answers "pairing required/,
		);
	});

	test("a SQLite-era store is judged by the SQLite-era releases only: the JSON era's answers do not count", () => {
		const byVersion = { '2026.6.6': 'pairing-required', '2026.8.1': 'upgraded', '2026.9.6': 'upgraded' } as const;
		assert.deepEqual(upgradeVerdict(measured(byVersion), 'sharedToken', '2026.9.6'), {
			severity: 'hint',
			text: 'On this machine with the shared gateway token, the gateway (OpenClaw 2026.8.1, 2026.9.6) grants it silently.',
		});
		assert.match(upgradeVerdict(measured(byVersion), 'sharedToken', '2026.8.1').text, /\(OpenClaw 2026\.8\.1\) grants it silently\.$/);
		assert.equal(upgradeVerdict(measured(byVersion), 'sharedToken', JSON_ERA_LAST_VERSION).severity, 'error');
	});

	test('nothing measured for the store: an error that claims no gateway answer', () => {
		const v = upgradeVerdict(measured({ '2026.9.6': 'upgraded' }), 'sharedToken', '2026.7.35');
		assert.deepEqual(v, { severity: 'error', text: `A gateway that does not grant it refuses that connect, so ${base.fails}.` });
	});
});
