// One fact, two places: VS Code shows the settings' defaults from package.json, the code falls back to core's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import manifest from '../../package.json';
import { DEFAULT_GATEWAY_URL, DEFAULT_SCOPES } from '../../core/src/pairing/defaults';

const settings = manifest.contributes.configuration.properties;

test("package.json's gateway defaults are core's", () => {
	assert.equal(settings['openclawPairing.gateway.url'].default, DEFAULT_GATEWAY_URL);
	assert.deepEqual(settings['openclawPairing.gateway.scopes'].default, [...DEFAULT_SCOPES]);
});
