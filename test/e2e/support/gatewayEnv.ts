/**
 * Environment variables through which scripts/e2e.mjs's runner (runExtensionTests.ts) tells the extension-host tests
 * about the real gateway it started for them. Environment given to code-server reaches its extension host.
 */
export const GATEWAY_ENV = {
	url: 'OPENCLAW_E2E_GATEWAY_URL',
	/** SECRET: the shared token; tests compare against it and search logs for it, never print it. */
	token: 'OPENCLAW_E2E_GATEWAY_TOKEN',
	version: 'OPENCLAW_E2E_GATEWAY_VERSION_RUNNING',
	/** A device paired before the editor started. */
	pairedDeviceId: 'OPENCLAW_E2E_PAIRED_DEVICE_ID',
	pairedDeviceName: 'OPENCLAW_E2E_PAIRED_DEVICE_NAME',
	/** The gateway's state dir: its devices/paired.json holds the device tokens it issued (secrets the UI must not show). */
	stateDir: 'OPENCLAW_E2E_GATEWAY_STATE_DIR',
	/** <user-data-dir>/logs: code-server writes the output channels' log files under it. */
	logsDir: 'OPENCLAW_E2E_LOGS_DIR',
} as const;
