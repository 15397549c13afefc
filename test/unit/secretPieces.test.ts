import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leaks, secretPieces } from '../support/secretPieces';

// The search every secrets test relies on must itself find leaks, whole or in part.
describe('secret pieces', () => {
	const pieces = secretPieces({ token: 'KnownSharedToken-9f8e7d6c5b4a39281706f5e4' });

	test('a whole, a truncated and a partly masked secret are all found; 15 characters of it are not', () => {
		assert.deepEqual(leaks([{ where: 'log', text: 'auth KnownSharedToken-9f8e7d6c5b4a39281706f5e4 ok' }], pieces), ['token in log']);
		assert.deepEqual(leaks([{ where: 'tooltip', text: 'token: …d6c5b4a39281706f5e4' }], pieces), ['token in tooltip']);
		assert.deepEqual(leaks([{ where: 'hover', text: 'KnownSharedToken-9f8e****' }], pieces), ['token in hover']);
		assert.deepEqual(leaks([{ where: 'message', text: 'KnownSharedToke' }], pieces), []);
	});

	test('a secret shorter than the window is searched whole', () => {
		assert.deepEqual(secretPieces({ short: 'abc' }), [{ secret: 'short', piece: 'abc' }]);
	});
});
