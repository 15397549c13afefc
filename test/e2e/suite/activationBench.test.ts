import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { OpenClawPairingApi } from '../../../client/src/extension';
import { GATEWAY_ENV } from '../support/gatewayEnv';

// For `npm run bench` (bench/activationTime.ts) only: with OPENCLAW_E2E_ACTIVATION_BENCH=one|three, one test times the
// extension's first activation in this extension host: `await extension.activate()` (loading dist/extension.js and
// running activate(), which starts the language server and the gateway features). "three": before that, the user
// setting openclawPairing.gateways lists the runner's gateway and two loopback ports nothing listens on (closed: the
// cost measured is the extension's, not a handshake's). A host activates an extension once, so each sample is a host.

const EXTENSION_ID = 'openclaw-pairing.openclaw-pairing';

function closedLoopbackPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
		});
	});
}

const condition = process.env.OPENCLAW_E2E_ACTIVATION_BENCH;
if (condition === 'one' || condition === 'three')
	describe('activation bench', () => {
		it(`activation bench: first activate() with ${condition === 'three' ? 'three gateways' : 'openclawPairing.gateways unset'}`, async () => {
			const extension = vscode.extensions.getExtension<OpenClawPairingApi>(EXTENSION_ID);
			assert.ok(extension);
			assert.equal(extension.isActive, false, 'nothing activated the extension before (run this test alone)');
			const config = vscode.workspace.getConfiguration('openclawPairing');
			if (condition === 'three') {
				const url = process.env[GATEWAY_ENV.url] ?? '';
				const [b, c] = [await closedLoopbackPort(), await closedLoopbackPort()];
				const entries = [
					{ name: 'local', url },
					{ name: 'closed-b', url: `ws://127.0.0.1:${b}` },
					{ name: 'closed-c', url: `ws://127.0.0.1:${c}` },
				];
				await config.update('gateways', entries, vscode.ConfigurationTarget.Global);
			} else assert.equal(config.inspect('gateways')?.globalValue, undefined);
			const t0 = performance.now();
			const api = await extension.activate();
			const activateMs = performance.now() - t0;
			assert.equal(api.gateways.length, condition === 'three' ? 3 : 1, api.gateways.map((g) => g.name).join(', '));
			const file = process.env.OPENCLAW_E2E_BENCH_FILE;
			if (file) fs.writeFileSync(file, JSON.stringify({ condition, activateMs, gateways: api.gateways.length, vscode: vscode.version }));
		});
	});
