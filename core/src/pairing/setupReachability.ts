// Can a phone reach the URL a setup code advertises? (openclaw #133849: the QR named an address the phone could not
// use, and the app sat there doing nothing.) Judged on the URL text alone — no DNS, no probing:
//   - loopback (127.0.0.0/8, ::1, localhost): the phone's own loopback, never this gateway → error;
//   - 10.0.2.2: the Android emulator's name for its host: only an emulator on the gateway's machine → info;
//   - RFC 1918, link-local (169.254/16, fe80::/10), IPv6 ULA (fc00::/7) and mDNS .local names: the same network only
//     (the phone's Wi-Fi, not cellular) → warning;
//   - 100.64.0.0/10 (CGNAT, where Tailscale puts tailnet addresses) and *.ts.net: the phone needs Tailscale → info;
//   - ws:// to anything but loopback: the code and the session after it travel unencrypted, and 8.1+ issues limited
//     access instead of full there → warning.
// Public addresses and other DNS names get no remark: most of them work and we cannot tell from here.
import net from 'node:net';
import { isLoopbackHost } from './urlPolicy';

export type ReachabilityKind = 'loopback' | 'emulator' | 'lan' | 'tailnet' | 'plaintext' | 'invalid';

export interface ReachabilityNote {
	kind: ReachabilityKind;
	severity: 'error' | 'warning' | 'info';
	/** The URL concerned (a gateway URL: no secret). */
	url: string;
	message: string;
}

export function reachabilityNotes(urls: readonly string[]): ReachabilityNote[] {
	return urls.flatMap((url) => notesFor(url));
}

function notesFor(url: string): ReachabilityNote[] {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return [{ kind: 'invalid', severity: 'error', url, message: `${url} is not a URL the app can open` }];
	}
	const host = parsed.hostname
		.replace(/^\[|\]$/g, '')
		.replace(/\.$/, '')
		.toLowerCase();
	const notes: ReachabilityNote[] = [];
	const where = classifyHost(host);
	if (where === 'loopback')
		notes.push({
			kind: 'loopback',
			severity: 'error',
			url,
			message: `${parsed.host} is a loopback address: on a phone it means the phone itself, so the app cannot reach this gateway. Bind the gateway to the LAN (gateway.bind=lan), use Tailscale Serve, or create the code with a URL the phone can reach.`,
		});
	else if (where === 'emulator')
		notes.push({
			kind: 'emulator',
			severity: 'info',
			url,
			message: `${parsed.host} is the Android emulator's name for its host: only an emulator on the gateway's machine reaches it.`,
		});
	else if (where === 'lan')
		notes.push({
			kind: 'lan',
			severity: 'warning',
			url,
			message: `${parsed.host} is a local-network address: only a phone on the same network (its Wi-Fi, not cellular data) reaches it.`,
		});
	else if (where === 'tailnet')
		notes.push({
			kind: 'tailnet',
			severity: 'info',
			url,
			message: `${parsed.host} is a Tailscale address: the phone needs Tailscale, signed in to the same tailnet.`,
		});
	if (parsed.protocol === 'ws:' && where !== 'loopback')
		notes.push({
			kind: 'plaintext',
			severity: 'warning',
			url,
			message: `${parsed.protocol}//${parsed.host} is plaintext: the setup code and the phone's session cross the network unencrypted (from 2026.8.1 the gateway then issues limited access, not full). Prefer wss:// or Tailscale Serve.`,
		});
	return notes;
}

type HostClass = 'loopback' | 'emulator' | 'lan' | 'tailnet' | 'other';

export function classifyHost(host: string): HostClass {
	if (isLoopbackHost(host)) return 'loopback';
	if (host === '10.0.2.2') return 'emulator';
	if (host.endsWith('.local')) return 'lan';
	if (host.endsWith('.ts.net')) return 'tailnet';
	if (net.isIPv4(host)) {
		const [a, b] = host.split('.').map(Number);
		if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return 'lan';
		if (a === 100 && b >= 64 && b <= 127) return 'tailnet';
		return 'other';
	}
	if (net.isIPv6(host)) {
		// Tailscale's IPv6 range fd7a:115c:a1e0::/48 is ULA too; the more useful remark for it is Tailscale's.
		if (host.startsWith('fd7a:115c:a1e0:')) return 'tailnet';
		const first = parseInt(host.split(':')[0] || '0', 16);
		if ((first & 0xffc0) === 0xfe80 || (first & 0xfe00) === 0xfc00) return 'lan';
	}
	return 'other';
}
