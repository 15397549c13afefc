// What the CLI says after it asked the gateway for more scope for its own device: who can approve, in plain words.
import { deviceName } from '../../core/src/pairing/deviceName';
import type { ScopeUpgradeRequest } from '../../core/src/pairing/types';

export function scopeRequestText(why: string, request: ScopeUpgradeRequest, retry: string): string {
	const id = request.requestId ?? '<its requestId: openclaw devices list>';
	const lines = [`openclaw-pairing: ${why}.`, `  Asked the gateway to add ${request.added.join(', ')} to this CLI's device (request ${id}).`];
	if (request.approvers.length === 0) {
		lines.push(
			`  Nobody paired with this gateway holds ${request.added.join(', ')}, so no paired device can approve that request.`,
			`  On the gateway host, with its shared token (openclaw.json gateway.auth.token), approve it: openclaw-pairing approve ${id}`,
		);
	} else {
		const who = request.approvers.slice(0, 3).map((d) => deviceName(d));
		lines.push(
			`  It can be approved by: ${who.join(', ')}${request.approvers.length > 3 ? ', …' : ''}; or on the gateway host: openclaw-pairing approve ${id}`,
		);
	}
	lines.push(`  Then run again: ${retry}`);
	return lines.join('\n');
}
