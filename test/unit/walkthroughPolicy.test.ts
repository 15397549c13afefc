import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shouldOpenWalkthrough } from '../../client/src/walkthroughPolicy';

describe('first-pairing walkthrough on install', () => {
	const fresh = { shownBefore: false, testMode: false, openOnInstall: undefined };

	test('opens on the first activation after install, then never again', () => {
		assert.equal(shouldOpenWalkthrough(fresh), true);
		assert.equal(shouldOpenWalkthrough({ ...fresh, shownBefore: true }), false);
		assert.equal(shouldOpenWalkthrough({ ...fresh, shownBefore: true, openOnInstall: true }), false);
	});

	test("respects the user's own workbench.welcomePage.walkthroughs.openOnInstall = false", () => {
		assert.equal(shouldOpenWalkthrough({ ...fresh, openOnInstall: false }), false);
		assert.equal(shouldOpenWalkthrough({ ...fresh, openOnInstall: true }), true);
	});

	test('in ExtensionMode.Test only when the test asks for it by setting openOnInstall to true', () => {
		assert.equal(shouldOpenWalkthrough({ ...fresh, testMode: true }), false);
		assert.equal(shouldOpenWalkthrough({ ...fresh, testMode: true, openOnInstall: true }), true);
	});
});
