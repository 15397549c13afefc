import type { GatewayTarget } from '../../core/src/openclaw/gatewayTarget';
import { DEFAULT_GATEWAY_URL } from '../../core/src/pairing/defaults';

// What "Read Gateway Token from openclaw.json" asks (pure, so it is unit-tested without VS Code): the token is
// always the point; the URL is offered too, in the same modal, only when the user never chose one (the
// openclawPairing.gateway.url user setting is unset or the default) and the file's gateway is elsewhere.
// Nothing happens without a button press.

export const USE_TOKEN = 'Use Token';
export const USE_TOKEN_AND_URL = 'Use Token and URL';
export const USE_TOKEN_ONLY = 'Use Token Only';

export interface TokenImportPlan {
	message: string;
	detail: string;
	buttons: string[];
	/** Set by USE_TOKEN_AND_URL only. */
	offeredUrl?: string;
}

/** `userUrl`: the setting's user (global) value, undefined when unset. */
export function planTokenImport(found: GatewayTarget, userUrl: string | undefined): TokenImportPlan {
	const file = found.tokenFile ?? found.configPath;
	const current = userUrl?.trim() || DEFAULT_GATEWAY_URL;
	const chosenByUser = userUrl !== undefined && !sameUrl(current, DEFAULT_GATEWAY_URL);
	const offer = !chosenByUser && !sameUrl(current, found.url);
	const detail = [
		`It is copied into VS Code SecretStorage; the file is not changed.`,
		`${found.configPath} configures the gateway at ${found.url} (${whereFrom(found)}).`,
	];
	if (!offer) return { message: `Use the gateway token from ${file}?`, detail: detail.join('\n'), buttons: [USE_TOKEN] };
	detail.push(`"${USE_TOKEN_AND_URL}" also sets openclawPairing.gateway.url to ${found.url} in your user settings (now ${current}, the default).`);
	return {
		message: `Use the gateway token and URL from ${file}?`,
		detail: detail.join('\n'),
		buttons: [USE_TOKEN_AND_URL, USE_TOKEN_ONLY],
		offeredUrl: found.url,
	};
}

function whereFrom(found: GatewayTarget): string {
	if (found.urlSource === 'config-remote') return 'gateway.remote.url';
	if (!found.port) return 'URL from the environment';
	const port = found.port.value;
	switch (found.port.source) {
		case 'config':
			return `port ${port} from gateway.port`;
		case 'env':
			return `port ${port} from $OPENCLAW_GATEWAY_PORT`;
		case 'profile':
			return `port ${port}, the profile's own`;
		case 'default':
			return `port ${port}, the default: the file sets no gateway.port`;
	}
}

function sameUrl(a: string, b: string): boolean {
	try {
		return new URL(a).href === new URL(b).href;
	} catch {
		return a === b;
	}
}
