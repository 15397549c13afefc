import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { OpenClawPairingApi } from '../../../client/src/extension';

// For `npm run bench` (bench/activationTime.ts) only: with OPENCLAW_E2E_ACTIVATION_BENCH=<number of gateways>, one test
// reads how long the extension's activation took in this extension host, from VS Code's own performance marks
// (code/extHost/{will,did}LoadExtensionCode/<id> and {will,did}ActivateExtension/<id>: the extension host sets them
// around loading dist/extension.js and around activate() until its promise resolved). Marks, not a timer around
// extension.activate(): something in the workbench may activate the extension before the test runs (it sometimes
// does), and a settings write from the test would itself activate it (onLanguage:json). The gateways setting is
// therefore written by the runner before code-server starts ($OPENCLAW_E2E_MACHINE_SETTINGS).

const EXTENSION_ID = 'openclaw-pairing.openclaw-pairing';

type Marks = { getMarks(): { name: string; startTime: number }[] };

/** The duration between two of the extension host's marks for our extension (its Node polyfill: Date.now(), 1 ms). */
function between(from: string, to: string): number {
	const store = (globalThis as { MonacoPerformanceMarks?: Marks }).MonacoPerformanceMarks;
	assert.ok(store, "the extension host's performance marks (globalThis.MonacoPerformanceMarks)");
	const at = (name: string) => {
		const marks = store.getMarks().filter((m) => m.name === `code/extHost/${name}/${EXTENSION_ID}`);
		assert.equal(marks.length, 1, `one mark ${name} (found ${marks.length})`);
		return marks[0].startTime;
	};
	return at(to) - at(from);
}

const expected = Number(process.env.OPENCLAW_E2E_ACTIVATION_BENCH ?? 0);
if (expected > 0)
	describe('activation bench', () => {
		it(`activation bench: activation with ${expected} gateway(s) configured`, async () => {
			const extension = vscode.extensions.getExtension<OpenClawPairingApi>(EXTENSION_ID);
			assert.ok(extension);
			const api = await extension.activate();
			assert.equal(api.gateways.length, expected, api.gateways.map((g) => `${g.name} ${g.url}`).join(', '));
			const sample = {
				gateways: api.gateways.length,
				loadCodeMs: between('willLoadExtensionCode', 'didLoadExtensionCode'),
				activateMs: between('willActivateExtension', 'didActivateExtension'),
				// The part the gateways add: the extension's own timer around starting the gateway features.
				gatewayFeaturesMs: api.gatewayFeaturesMs?.(),
				vscode: vscode.version,
			};
			const file = process.env.OPENCLAW_E2E_BENCH_FILE;
			if (file) fs.writeFileSync(file, JSON.stringify(sample));
		});
	});
