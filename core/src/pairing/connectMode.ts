// How we log in to a gateway. Measured on real gateways (2026.6.6, 7.35, 8.1 and 9.6 with autoApproveLocal:false): a
// connect WITHOUT a device identity, as client gateway-client / mode backend, with the shared token on direct loopback
// keeps the scopes it asks for (operator.admin too) and needs no pairing. `cli`/`cli` (the 9.x openclaw CLI's way)
// keeps them only from 7.35 on and gets [] on 6.6; gateway-client/ui gets [] everywhere. Anywhere else (a remote
// host, or a loopback socket behind a proxy, as in Docker) the gateway strips the scopes of a device-less connect:
// there we are a least-privilege device that an operator approves.
import type { GatewayClientInfo } from '../gateway';
import { scopesLacking } from './approvalScopes';

/** `sharedToken`: device-less with the shared token (loopback); `device`: our own paired device identity. */
export type ConnectVia = 'sharedToken' | 'device';

/** The one client id/mode pair that every measured version lets keep its scopes without a device. */
export const SHARED_TOKEN_CLIENT: Pick<GatewayClientInfo, 'id' | 'mode'> = { id: 'gateway-client', mode: 'backend' };

/** Whether to try the device-less login first (we hold a shared token): a loopback URL, and the user did not ask for a device. */
export function trySharedTokenFirst(input: { loopback: boolean; preferDevice: boolean; refusedBefore: boolean }): boolean {
	return input.loopback && !input.preferDevice && !input.refusedBefore;
}

/**
 * Whether a device-less hello kept what we asked for. The gateway does not refuse a device-less connect it does not
 * trust: it answers hello-ok with the scopes cleared, so this is the only signal.
 */
export function keptScopes(requested: readonly string[], granted: readonly string[], version: string | undefined): boolean {
	return scopesLacking(requested, granted, version).length === 0;
}

/** The scopes to ask for: ours plus what an action needs, without duplicates, in a stable order. */
export function withExtraScopes(base: readonly string[], extra: readonly string[]): string[] {
	return [...new Set([...base, ...extra])];
}
