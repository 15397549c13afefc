// The contract between the language server's fixes on the live pairing state (server/src/service/gatewayFixes.ts)
// and the editor command that runs them (client/src/stateDocument/gatewayFixCommand.ts): what to ask the gateway.
export const GATEWAY_FIX_COMMAND = 'openclawPairing.fixThroughGateway';

export type GatewayFixAction =
	| { action: 'approveUpgrade'; deviceId: string; scopes: string[] }
	| { action: 'rotateToken'; deviceId: string; role: string }
	| { action: 'removeDevice'; deviceId: string };

/** The command's argument as it comes back from the client; undefined unless well-formed. */
export function parseGatewayFixAction(arg: unknown): GatewayFixAction | undefined {
	if (typeof arg !== 'object' || arg === null) return undefined;
	const a = arg as Record<string, unknown>;
	if (typeof a.deviceId !== 'string' || !a.deviceId) return undefined;
	if (a.action === 'approveUpgrade' && Array.isArray(a.scopes))
		return { action: 'approveUpgrade', deviceId: a.deviceId, scopes: a.scopes.filter((s): s is string => typeof s === 'string') };
	if (a.action === 'rotateToken' && typeof a.role === 'string' && a.role) return { action: 'rotateToken', deviceId: a.deviceId, role: a.role };
	if (a.action === 'removeDevice') return { action: 'removeDevice', deviceId: a.deviceId };
	return undefined;
}
