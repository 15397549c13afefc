// The contract between the language server's fixes on the live pairing state (server/src/service/gatewayFixes.ts)
// and the editor command that runs them (client/src/stateDocument/gatewayFixCommand.ts): what to ask the gateway.
export const GATEWAY_FIX_COMMAND = 'openclawPairing.fixThroughGateway';

/** `document`: the state document the fix was offered on; with several gateways it says which gateway acts. */
export type GatewayFixAction = { document?: string } & (
	| { action: 'approveUpgrade'; deviceId: string; scopes: string[] }
	| { action: 'rotateToken'; deviceId: string; role: string }
	| { action: 'removeDevice'; deviceId: string }
);

/** The command's argument as it comes back from the client; undefined unless well-formed. */
export function parseGatewayFixAction(arg: unknown): GatewayFixAction | undefined {
	if (typeof arg !== 'object' || arg === null) return undefined;
	const a = arg as Record<string, unknown>;
	if (typeof a.deviceId !== 'string' || !a.deviceId) return undefined;
	const on = typeof a.document === 'string' ? { document: a.document } : {};
	if (a.action === 'approveUpgrade' && Array.isArray(a.scopes))
		return { action: 'approveUpgrade', deviceId: a.deviceId, scopes: a.scopes.filter((s): s is string => typeof s === 'string'), ...on };
	if (a.action === 'rotateToken' && typeof a.role === 'string' && a.role) return { action: 'rotateToken', deviceId: a.deviceId, role: a.role, ...on };
	if (a.action === 'removeDevice') return { action: 'removeDevice', deviceId: a.deviceId, ...on };
	return undefined;
}
