// Which gateway URLs we connect to: ws:// sends the shared token in clear text, so it is only for loopback
// unless the user opted in. Messages never echo the URL's credentials or query (where a token could hide).
import net from 'node:net';

export type UrlCheck =
	| { ok: true; url: string; display: string; loopback: boolean }
	/** `refused`: a valid URL our policy declines (plaintext to a remote host); otherwise the URL itself is bad. */
	| { ok: false; refused: boolean; message: string };

export function checkGatewayUrl(raw: string, allowInsecureRemote: boolean): UrlCheck {
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		return { ok: false, refused: false, message: 'the gateway URL is not a valid URL (expected e.g. ws://127.0.0.1:18789)' };
	}
	if (url.protocol === 'http:' || url.protocol === 'https:') {
		return {
			ok: false,
			refused: false,
			message: `the gateway URL must use ws:// or wss://, not ${url.protocol}// (try ${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host})`,
		};
	}
	if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
		return { ok: false, refused: false, message: `the gateway URL must use ws:// or wss:// (got ${url.protocol})` };
	}
	if (url.username || url.password) {
		return { ok: false, refused: false, message: 'the gateway URL must not contain credentials; give the token separately' };
	}
	const display = displayUrl(url);
	const loopback = isLoopbackHost(url.hostname);
	if (url.protocol === 'ws:' && !loopback && !allowInsecureRemote) {
		return {
			ok: false,
			refused: true,
			message: `refusing plaintext ${display}: the gateway token would cross the network unencrypted. Use wss://, an SSH tunnel to 127.0.0.1, or explicitly allow insecure remote connections`,
		};
	}
	return { ok: true, url: url.toString(), display, loopback };
}

/** scheme://host[:port]/path — no credentials, query or fragment. */
export function displayUrl(url: URL): string {
	return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

/** localhost, *.localhost, 127.0.0.0/8, ::1 and IPv4-mapped loopback. Other names are remote (we don't resolve DNS). */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	if (net.isIPv4(host)) return host.startsWith('127.');
	if (net.isIPv6(host)) {
		if (host === '::1' || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(host)) return true;
		// WHATWG URL normalizes ::ffff:127.0.0.1 to ::ffff:7f00:1
		const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):[0-9a-f]{1,4})$/.exec(host);
		if (mapped) return mapped[1] ? mapped[1].startsWith('127.') : parseInt(mapped[2], 16) >> 8 === 0x7f;
	}
	return false;
}
