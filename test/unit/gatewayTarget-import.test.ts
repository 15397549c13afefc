// "Read Gateway Token from openclaw.json": the modal's question, and when it also offers the file's URL.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GatewayTarget } from '../../core/src/openclaw/gatewayTarget';
import { planTokenImport, USE_TOKEN, USE_TOKEN_AND_URL, USE_TOKEN_ONLY } from '../../client/src/tokenImportPlan';

const FILE = '/home/u/.openclaw/openclaw.json';

function target(port: number, source: 'config' | 'env' | 'profile' | 'default' = 'config'): GatewayTarget {
	return {
		url: `ws://127.0.0.1:${port}`,
		urlSource: 'local',
		port: { value: port, source },
		token: 'SECRET-TOKEN-VALUE',
		tokenSource: 'config',
		tokenFile: FILE,
		configPath: FILE,
		summary: '',
		discovered: true,
	};
}

describe('token import modal', () => {
	test('the setting unset and the file on another port: the URL is offered in the same modal, naming file and port', () => {
		const plan = planTokenImport(target(18800), undefined);
		assert.equal(plan.message, `Use the gateway token and URL from ${FILE}?`);
		assert.deepEqual(plan.buttons, [USE_TOKEN_AND_URL, USE_TOKEN_ONLY]);
		assert.equal(plan.offeredUrl, 'ws://127.0.0.1:18800');
		assert.match(plan.detail, /copied into VS Code SecretStorage/);
		assert.match(plan.detail, new RegExp(`${FILE} configures the gateway at ws://127\\.0\\.0\\.1:18800 \\(port 18800 from gateway\\.port\\)`));
		assert.match(
			plan.detail,
			/sets openclawPairing\.gateway\.url to ws:\/\/127\.0\.0\.1:18800 in your user settings \(now ws:\/\/127\.0\.0\.1:18789, the default\)/,
		);
		assert.doesNotMatch(plan.message + plan.detail, /SECRET-TOKEN-VALUE/);
	});

	test('the setting explicitly at the default counts as unset', () => {
		assert.equal(planTokenImport(target(18800), 'ws://127.0.0.1:18789/').offeredUrl, 'ws://127.0.0.1:18800');
	});

	test('a URL the user chose is never replaced; the same port needs no offer', () => {
		for (const [port, userUrl] of [
			[18800, 'ws://127.0.0.1:19000'],
			[18789, undefined],
			[18800, 'ws://127.0.0.1:18800'],
		] as const) {
			const plan = planTokenImport(target(port, port === 18789 ? 'default' : 'config'), userUrl);
			assert.equal(plan.message, `Use the gateway token from ${FILE}?`);
			assert.deepEqual(plan.buttons, [USE_TOKEN]);
			assert.equal(plan.offeredUrl, undefined);
			assert.match(plan.detail, new RegExp(`configures the gateway at ws://127\\.0\\.0\\.1:${port}`));
		}
	});
});
