// On the live pairing state's documents (2026.8.1+ has no file to edit) a fix never edits text: it asks the gateway,
// through the editor's own commands and their modal confirmation. Which gateway action answers which finding, from
// the diagnostic's code and data alone (as the quick fixes are).
import { Code, DiagnosticData } from './diagnosticCodes';
import type { FixableDiagnostic } from './codeActions';
import type { GatewayFixAction } from '../../../core/src/pairing/gatewayFixAction';

export interface GatewayFix {
	title: string;
	action: GatewayFixAction;
}

export function gatewayFixesFor(diagnostic: FixableDiagnostic): GatewayFix[] {
	const data = diagnostic.data as DiagnosticData | undefined;
	const deviceId = data?.recordKey;
	if (!data || !Array.isArray(data.path) || !deviceId) return [];
	const tokenRole = data.path[1] === 'tokens' && typeof data.path[2] === 'string' ? data.path[2] : undefined;
	switch (String(diagnostic.code)) {
		case Code.MissingScope: {
			const scopes = data.missing ?? [];
			if (!scopes.length) return [];
			return [{ title: `Approve its pending request for ${scopes.join(', ')} (through the gateway)`, action: { action: 'approveUpgrade', deviceId, scopes } }];
		}
		case Code.TokenScopeBeyondApproved:
		case Code.TokenRoleMismatch:
			return tokenRole ? [rotate(deviceId, tokenRole)] : [];
		case Code.RoleWithoutActiveToken:
			return data.role ? [rotate(deviceId, data.role)] : [];
		case Code.KeyDeviceIdMismatch:
		case Code.DeviceIdPublicKeyMismatch:
			return [{ title: 'Remove this device through the gateway (it pairs again with a consistent identity)', action: { action: 'removeDevice', deviceId } }];
		default:
			return [];
	}
}

/** Rotating issues a token with the approved scopes, and lifts a revoke (measured on 2026.9.6). */
function rotate(deviceId: string, role: string): GatewayFix {
	return { title: `Rotate its ${role} token through the gateway (the new one holds what is approved)`, action: { action: 'rotateToken', deviceId, role } };
}
