// The fixes the doctor hands out, one builder each. Commands are ours (openclaw-pairing …, the extension's
// openclawPairing.* commands) or openclaw's own as its CLI spells them (devices rotate, nodes approve, doctor --fix),
// and every one was run against a real gateway by test/gateway/doctor.test.ts unless its comment says otherwise.
import { deviceName } from '../pairing/deviceName';
import type { PairedDevice } from '../pairing/types';
import { pairingFileRelativePath } from '../openclaw/stateLayout';
import type { Fix } from './diagnosis';

/** `where: 'gatewayHost'`: our connection cannot approve it, but our CLI can on the gateway host with its shared token. */
export function approveFix(requestId: string, cli: string, where: 'here' | 'gatewayHost' = 'here'): Fix {
	return {
		title: where === 'here' ? `Approve request ${requestId}` : `Approve request ${requestId} on the gateway host, with its shared token`,
		cliCommand: `${cli} approve ${requestId}`,
		vscodeCommand: { command: 'openclawPairing.approve', args: [requestId] },
	};
}

export function approveNodeFix(requestId: string): Fix {
	return {
		title: `Approve node request ${requestId}`,
		cliCommand: `openclaw nodes approve ${requestId}`,
		vscodeCommand: { command: 'openclawPairing.approveNode', args: [requestId] },
	};
}

/**
 * The JSON era's way out when nobody can approve: with the gateway stopped, give one operator device the scopes in
 * paired.json everywhere the gateway checks them (the language server's missing-scope quick fix makes this edit).
 * Our CLI has no `check --fix`, so the edit is named exactly; the extension runs it as one guided flow
 * (client/src/commands/breakLoopFlow.ts).
 */
export function breakLoopFix(o: {
	device: { deviceId: string; name: string };
	requestId: string;
	scopes: readonly string[];
	stateDir: string | undefined;
	cli: string;
	ownRequest: boolean;
}): Fix {
	const file = o.stateDir ? `${o.stateDir}/${pairingFileRelativePath('paired')}` : `<state dir>/${pairingFileRelativePath('paired')}`;
	const scopes = o.scopes.map((s) => `"${s}"`).join(', ');
	const then = o.ownRequest ? `; it then connects with ${o.scopes.join(', ')}` : `; then approve: openclaw devices approve ${o.requestId}`;
	return {
		title: `Break the loop: with the gateway stopped, give ${o.device.name} ${o.scopes.join(', ')} in paired.json`,
		cliCommand:
			`stop the gateway; in ${file} add ${scopes} to "${o.device.deviceId}".scopes, .approvedScopes and .tokens.operator.scopes; ` +
			`check it: ${o.cli} check ${file}; start the gateway${then}`,
		vscodeCommand: { command: 'openclawPairing.breakLoop', args: [{ deviceId: o.device.deviceId, requestId: o.requestId, scopes: [...o.scopes] }] },
	};
}

/** Rotating also lifts a revoke (measured on 2026.9.6); the new token reaches the device on its next shared-token login. */
export function rotateFix(device: PairedDevice, role: string): Fix {
	return {
		title: `Rotate the ${role} token of ${deviceName(device)}, then reconnect it with the shared gateway token`,
		cliCommand: `openclaw devices rotate --device ${device.deviceId} --role ${role}`,
		vscodeCommand: { command: 'openclawPairing.rotateToken', args: [{ device }] },
	};
}

/** Measured: after a rotate, a login with the shared token gets the current device token; no approval needed. */
export function reconnectWithSharedTokenFix(name: string, asking?: readonly string[]): Fix {
	const what = asking?.length
		? ` asking for ${asking.join(', ')}: the gateway files a scope-upgrade request to approve`
		: ': the gateway hands it its current device token';
	return {
		title: `Connect ${name} once with the shared gateway token${what}`,
		cliCommand: `on the device: drop its cached device token and connect with the shared gateway token (OPENCLAW_GATEWAY_TOKEN)`,
	};
}

export function setTokenFix(): Fix {
	return {
		title: "Use this gateway's shared token (gateway.auth.token in the gateway host's openclaw.json)",
		cliCommand: "export OPENCLAW_GATEWAY_TOKEN=<gateway.auth.token from the gateway host's openclaw.json>, then connect again",
		vscodeCommand: { command: 'openclawPairing.setToken', args: [] },
	};
}

/** gateway.roles: the shared token logs in as the gateway owner, whom no role caps (2026.9.6 shouldUseGatewayOwnerProfile). */
export function ownerLoginFix(): Fix {
	return {
		title: "Log in with the gateway's shared token (the owner), or through the trusted proxy or Tailscale as a named user",
		cliCommand:
			"export OPENCLAW_GATEWAY_TOKEN=<gateway.auth.token from the gateway host's openclaw.json>, then connect again (a device token alone is refused while gateway.roles is set)",
		vscodeCommand: { command: 'openclawPairing.setToken', args: [] },
	};
}

/** Only an administrator can lift a role's ceiling; nothing the device does helps. */
export function changeRoleFix(): Fix {
	return {
		title: 'Ask a gateway administrator to change your operator role or its scopes',
		cliCommand: 'an administrator assigns another role (users.setRole) or widens gateway.roles.definitions.<role>.scopes in openclaw.json',
	};
}

export function otherGatewayFix(cli: string): Fix {
	return {
		title: 'Look on the gateway the device connects to',
		cliCommand: `${cli} doctor --url <the gateway URL the device uses> "<the line it shows>"`,
		vscodeCommand: { command: 'workbench.action.openSettings', args: ['openclawPairing.gateway.url'] },
	};
}

/** openclaw's own words (9.6 device-auth-store.ts): "stop the Gateway and run `openclaw doctor --fix`". */
export function legacyImportFix(): Fix {
	return { title: 'Stop the gateway, then let openclaw import the legacy identity files', cliCommand: 'stop the gateway, then run: openclaw doctor --fix' };
}

export function clockFix(): Fix {
	return { title: "Set the device's clock right (the gateway allows 2 minutes of skew)", cliCommand: "sync the device's clock (NTP), then reconnect" };
}

export function originFix(): Fix {
	return {
		title: 'Open the Control UI from the gateway host, or allow its origin in gateway.controlUi.allowedOrigins',
		cliCommand: "add the browser origin to gateway.controlUi.allowedOrigins in the gateway's openclaw.json, then restart the gateway",
	};
}

export function secureContextFix(): Fix {
	return {
		title: 'Open the Control UI over HTTPS or on localhost, so the browser can keep a device identity',
		cliCommand: 'open the Control UI at https://… or http://localhost:<port>',
	};
}

export function waitFix(): Fix {
	return { title: 'Wait for the lockout to end, then retry with the right token', cliCommand: 'wait, then connect again with the right shared token' };
}

export function newIdentityFix(): Fix {
	return {
		title: "Give the client a consistent identity: its deviceId must be sha256 of its public key, signed with that key's private half",
		cliCommand: "move the client's identity file aside so it makes a new one, then approve its new pairing request",
	};
}

export function askForScopeFix(scope: string, cli: string): Fix {
	return {
		title: `Log in with ${scope}: on the gateway host our CLI gets it with the shared token; a device must be approved for it first`,
		cliCommand: `${cli} devices   (on the gateway host, with its shared token)`,
	};
}

export function showDevicesFix(cli: string): Fix {
	return { title: 'Nothing to approve: reconnect the device', cliCommand: `${cli} devices` };
}
