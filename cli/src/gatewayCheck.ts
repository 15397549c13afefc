// `check --gateway`: the live state of a running gateway (device.pair.list, one connection made as the devices command
// makes it) rendered as paired.json / pending.json and checked like the files; records named <url>#device/<id>.
import { fromDevicePairList } from '../../core/src/openclaw/pairingStateDocument';
import type { ValidationSettings } from '../../server/src/service/ruleContext';
import { parseDevicesArgs } from './devicesArgs';
import { connectToRead } from './readConnection';
import type { FileReport } from './report';
import { recordReports } from './stateCheck';

export type GatewayCheck = { ok: true; source: string; reports: FileReport[]; notes: string[] } | { ok: false; problem: string };

/** Connect once, list, check. A UsageError for bad connection options propagates (exit 2, with usage). */
export async function checkGatewayState(connectionArgs: string[], settings: ValidationSettings, env: NodeJS.ProcessEnv): Promise<GatewayCheck> {
	const connection = await connectToRead(parseDevicesArgs('devices', connectionArgs, env), env);
	const notes = connection.discovered ? [connection.discovered] : [];
	if (!connection.ok) return { ok: false, problem: connection.problem };
	const { service, state, display } = connection;
	try {
		const snapshot = service.snapshot ?? (await service.refresh());
		// Its storage era's rules: the live list of a 2026.8.1+ gateway is a SQLite store.
		const judged = state.serverVersion ? { ...settings, storeVersion: state.serverVersion } : settings;
		return { ok: true, source: display, reports: recordReports(fromDevicePairList(snapshot), display, judged), notes };
	} catch (error) {
		return { ok: false, problem: `${display}: ${error instanceof Error ? error.message : String(error)}` };
	} finally {
		await service.stop();
	}
}
