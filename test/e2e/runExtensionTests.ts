import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { connectGateway, generateDeviceIdentity } from '../../core/src/gateway';
import { RunningGateway, startGateway } from '../support/gateway';
import { E2E_MACHINE_SETTINGS, E2E_SETTINGS, tempProfile } from './support/codeServer';
import { GATEWAY_ENV } from './support/gatewayEnv';
import { repoRoot } from './support/paths';

/** The JSON-store gateway starts in ~7 s (2026.9.6 takes ~40 s); the flows here need nothing 2026.9 adds. */
const GATEWAY_VERSION = process.env.OPENCLAW_E2E_GATEWAY_VERSION || '2026.6.6';
const PAIRED_DEVICE_NAME = 'e2e-phone';

/**
 * A real gateway for test/e2e/suite/gateway.test.ts, started before code-server, with one device already paired
 * (a loopback device without an Origin header is paired silently on 2026.6). Its URL, token and that device reach the
 * extension host through the environment (code-server passes its environment on); the URL also goes into the user
 * settings, where the extension reads it.
 */
async function gatewayForTests(): Promise<{ gw: RunningGateway; env: Record<string, string> }> {
	const t0 = Date.now();
	const gw = await startGateway({ version: GATEWAY_VERSION });
	const phone = generateDeviceIdentity();
	const session = await connectGateway({
		url: gw.url,
		auth: { token: gw.token },
		identity: phone,
		role: 'operator',
		scopes: ['operator.read'],
		client: { id: 'gateway-client', mode: 'ui', version: '0.1.0-e2e', platform: 'linux', displayName: PAIRED_DEVICE_NAME },
	});
	await session.close();
	console.log(`[e2e] openclaw ${gw.version} gateway on ${gw.url}, ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (state ${gw.stateDir})`);
	return {
		gw,
		env: {
			[GATEWAY_ENV.url]: gw.url,
			[GATEWAY_ENV.token]: gw.token,
			[GATEWAY_ENV.version]: gw.version,
			[GATEWAY_ENV.pairedDeviceId]: phone.deviceId,
			[GATEWAY_ENV.pairedDeviceName]: PAIRED_DEVICE_NAME,
			[GATEWAY_ENV.stateDir]: gw.stateDir,
			// Where "OpenClaw: Read Gateway Token from openclaw.json" looks: the gateway's own config file.
			OPENCLAW_CONFIG_PATH: path.join(gw.stateDir, 'openclaw.json'),
		},
	};
}

/**
 * Extension-host tests (test/e2e/suite) through @vscode/test-electron, the usual front end of VS Code extension tests.
 * Here it launches test/e2e/code-shim.sh, which runs them in code-server; on a machine with a desktop VS Code, set
 * OPENCLAW_E2E_VSCODE=desktop (test-electron downloads one) or VSCODE_EXECUTABLE_PATH=<path to code> and the same
 * suite runs there unchanged.
 *
 *   node out/test/e2e/runExtensionTests.js        (after tsc -p . and node scripts/build.mjs)
 *
 * Writes {passed, failed} to $OPENCLAW_E2E_RESULTS when that is set; exits non-zero when a test failed.
 */
async function main(): Promise<number> {
	const profile = tempProfile('openclaw-e2e-run-');
	const folder = path.join(profile, 'workspace');
	const userDataDir = path.join(profile, 'user-data');
	const extensionsDir = path.join(profile, 'extensions');
	fs.mkdirSync(folder, { recursive: true });
	fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
	let gateway: { gw: RunningGateway; env: Record<string, string> } | undefined;
	try {
		gateway = await gatewayForTests();
	} catch (error) {
		console.error(`[e2e] the gateway for the extension-host tests did not start: ${error instanceof Error ? error.message : String(error)}`);
		return 1;
	}
	// Desktop VS Code reads the same settings files; the shim's code-server gets them through --user-data-dir. The gateway
	// URL is a "machine" setting: a desktop window reads it from User/settings.json, a code-server (remote) window only
	// from Machine/settings.json (see E2E_MACHINE_SETTINGS).
	const url = { 'openclawPairing.gateway.url': gateway.gw.url };
	const settings = { ...E2E_SETTINGS, ...url, 'openclawPairing.trace.gateway': true };
	fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
	fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
	// $OPENCLAW_E2E_MACHINE_SETTINGS (JSON): more machine settings in place before anything activates the extension (bench/activationTime.ts).
	const extra = JSON.parse(process.env.OPENCLAW_E2E_MACHINE_SETTINGS || '{}') as Record<string, unknown>;
	fs.writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), `${JSON.stringify({ ...E2E_MACHINE_SETTINGS, ...url, ...extra }, null, 2)}\n`);

	const vscodeExecutablePath =
		process.env.VSCODE_EXECUTABLE_PATH || (process.env.OPENCLAW_E2E_VSCODE === 'desktop' ? undefined : path.join(repoRoot, 'test', 'e2e', 'code-shim.sh'));
	console.log(`[e2e] extension-host tests via ${vscodeExecutablePath ?? 'a downloaded VS Code'}; profile ${profile}`);
	let ok = false;
	try {
		await runTests({
			...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
			extensionDevelopmentPath: repoRoot,
			extensionTestsPath: path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js'),
			launchArgs: [folder, `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`],
			extensionTestsEnv: { ...gateway.env, [GATEWAY_ENV.logsDir]: path.join(userDataDir, 'logs') },
		});
		ok = true;
		if (!process.env.OPENCLAW_E2E_KEEP) fs.rmSync(profile, { recursive: true, force: true });
		return 0;
	} catch (error) {
		console.error(
			`[e2e] extension-host tests failed: ${error instanceof Error ? error.message : String(error)}; profile kept in ${profile}, gateway log ${gateway.gw.logFile}`,
		);
		return 1;
	} finally {
		// A failed run keeps the gateway's state dir and log for inspection.
		if (ok && !process.env.OPENCLAW_E2E_KEEP) await gateway.gw.destroy();
		else await gateway.gw.stop();
	}
}

main().then((code) => process.exit(code));
