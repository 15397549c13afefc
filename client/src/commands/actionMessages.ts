// What a failed pairing action (PairingActionError) says in a VS Code message.
import type { PairingActionError } from '../../../core/src/pairing/types';

/** A failed action in words a person can act on; never a stack trace. */
export function describeActionError(error: unknown, what: string): string {
	const e = error as Partial<PairingActionError> | undefined;
	switch (e?.failure) {
		case 'superseded':
			return `The request was superseded: the device asked again with different roles or scopes${e.replacementRequestId ? ` (new request ${e.replacementRequestId})` : ''}. Review the new request.`;
		case 'expired':
			return 'The request is gone: it expired (requests live 5 minutes) or was resolved elsewhere. Ask the device to connect again.';
		case 'missingScope':
			return `The gateway refused to ${what}: this editor's connection lacks ${e.missingScope ?? 'a required scope'}. On the gateway host, with the shared token, the editor gets it at once.`;
		case 'needsScope':
			return `To ${what}, this editor's device needs ${(e.neededScopes ?? []).join(', ') || 'more scope'}, which the gateway has not approved for it.`;
		case 'roleCap':
			return `The gateway refused to ${what}: this goes past the operator role your login is assigned (gateway.roles). A gateway administrator can change your role (users.setRole) or that role's scopes in gateway.roles.definitions; asking again will not help.`;
		case 'denied':
			return `The gateway refused to ${what}: ${e.message ?? 'denied'}.`;
		case 'notConnected':
			return `Not connected to the gateway, so nothing was sent. ${e.message ?? ''}`.trim();
		case 'unsupported':
			return `This gateway version does not support that (${e.message ?? what}).`;
		case 'inFlight':
			return 'That action is already in progress; it is not sent twice.';
		default:
			return `Could not ${what}: ${error instanceof Error ? error.message : String(error)}`;
	}
}
