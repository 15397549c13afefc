// One connect handshake the way another OpenClaw client makes it, to see what the REAL gateway answers. Unlike
// core's connectGateway it can send client fields our own client never sends: the Control UI served by a 2026.8+
// gateway sends that gateway's buildId, and a Control UI without it is refused ("Control UI updated; reload").
// The pure pieces (connect params, device signature, error parsing) are core's; only the socket is here.
import crypto from 'node:crypto';
import WebSocket from 'ws';
import {
	CloseInfo,
	DeviceIdentity,
	ErrorShape,
	GatewayAuth,
	GatewayClientInfo,
	GatewayConnectError,
	GatewayRole,
	HelloOk,
	buildConnectParams,
	parseChallenge,
	parseHello,
	parseIncomingFrame,
} from '../../core/src/gateway';

export interface HandshakeOptions {
	url: string;
	headers: Record<string, string>;
	client: GatewayClientInfo;
	/** client.buildId (2026.8+ only: older gateways' closed schema refuses the field). */
	buildId?: string | undefined;
	/** Default operator. */
	role?: GatewayRole;
	scopes: readonly string[];
	auth: GatewayAuth;
	identity: DeviceIdentity;
}

export type HandshakeResult = { hello: HelloOk; error?: undefined } | { hello?: undefined; error: GatewayConnectError };

const TIMEOUT_MS = 15_000;
/** After an error response the gateway closes within milliseconds; the close reason is part of the answer. */
const CLOSE_GRACE_MS = 2_000;

/** Challenge -> signed connect -> hello-ok or the refusal (with its close code and reason). Never retries. */
export function clientHandshake(opts: HandshakeOptions): Promise<HandshakeResult> {
	return new Promise((resolve) => {
		const ws = new WebSocket(opts.url, { headers: opts.headers });
		const id = crypto.randomUUID();
		let refusal: ErrorShape | undefined;
		let settled = false;
		const finish = (result: HandshakeResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
			resolve(result);
		};
		const timer = setTimeout(() => finish({ error: new GatewayConnectError({ kind: 'timeout', message: 'no answer to connect' }) }), TIMEOUT_MS);
		ws.on('unexpected-response', (_req, res) => finish({ error: new GatewayConnectError({ kind: 'socket', message: `HTTP ${res.statusCode} at upgrade` }) }));
		ws.on('error', (err) => finish({ error: new GatewayConnectError({ kind: 'socket', message: err.message }) }));
		ws.on('close', (code, reason) => {
			const close: CloseInfo = { code, reason: reason.toString('utf8') };
			finish({ error: new GatewayConnectError(refusal ? { kind: 'rejected', error: refusal, close } : { kind: 'closed', close }) });
		});
		ws.on('message', (data) => {
			const parsed = parseIncomingFrame(String(data));
			if (!parsed.ok) return;
			const frame = parsed.frame;
			if (frame.type === 'event' && frame.event === 'connect.challenge') {
				const challenge = parseChallenge(frame.payload);
				if (!challenge) return finish({ error: new GatewayConnectError({ kind: 'protocol', message: 'challenge without nonce' }) });
				const params = buildConnectParams({
					client: opts.client,
					role: opts.role ?? 'operator',
					scopes: opts.scopes,
					auth: opts.auth,
					identity: opts.identity,
					challenge,
				});
				// Not part of the signed payload, so it can be added after signing.
				const client = opts.buildId === undefined ? params.client : { ...params.client, buildId: opts.buildId };
				ws.send(JSON.stringify({ type: 'req', id, method: 'connect', params: { ...params, client } }));
			} else if (frame.type === 'res' && frame.id === id) {
				if (frame.ok) {
					const hello = parseHello(frame.payload);
					finish(hello ? { hello } : { error: new GatewayConnectError({ kind: 'protocol', message: 'not a hello-ok' }) });
				} else {
					refusal = frame.error;
					setTimeout(() => finish({ error: new GatewayConnectError({ kind: 'rejected', error: frame.error }) }), CLOSE_GRACE_MS).unref();
				}
			}
		});
	});
}
