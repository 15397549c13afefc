// A FAKE gateway (a `ws` server on loopback) for the faults a real OpenClaw gateway can't be made to produce on
// demand: malformed JSON frames, oversized frames, a connection dropped while a request is outstanding, events that
// never arrive. It speaks just enough of the protocol (challenge -> connect -> hello-ok, req/res, events) and does
// not verify signatures. Everything else is tested against the real gateway (test/support/gateway.ts).
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface FakeRequest {
	method: string;
	params: unknown;
	/** Which connection (1-based, in accept order) sent it. */
	connection: number;
}

export interface FakeReply {
	ok(payload: unknown): void;
	error(code: string, message: string, details?: unknown): void;
	/** Never answer. */
	hold(): void;
}

export type FakeHandler = (params: unknown, reply: FakeReply, request: FakeRequest) => void;

export interface FakeGateway {
	readonly url: string;
	/** Connections that completed the handshake. */
	readonly helloCount: number;
	/** Every request after the handshake, in arrival order (tests may clear it). */
	readonly requests: FakeRequest[];
	/** What the default device.pair.list handler answers. */
	pending: Record<string, unknown>[];
	paired: Record<string, unknown>[];
	handle(method: string, handler: FakeHandler): void;
	/** Send raw text (or bytes, as a binary frame) to every open connection. */
	sendRaw(data: string | Buffer): void;
	sendEvent(event: string, payload: unknown): void;
	/** Kill every connection without a close handshake (like a crash or a cut cable). */
	dropAll(): void;
	waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
	close(): Promise<void>;
}

const METHODS = [
	'device.pair.list',
	'device.pair.approve',
	'device.pair.reject',
	'device.pair.remove',
	'device.token.rotate',
	'device.token.revoke',
	'node.pair.list',
];
const EVENTS = ['connect.challenge', 'tick', 'device.pair.requested', 'device.pair.resolved', 'node.pair.requested', 'node.pair.resolved'];

export async function startFakeGateway(): Promise<FakeGateway> {
	const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
	await new Promise<void>((resolve, reject) => {
		server.once('listening', resolve);
		server.once('error', reject);
	});
	const port = (server.address() as AddressInfo).port;
	const handlers = new Map<string, FakeHandler>();
	const requests: FakeRequest[] = [];
	const open = new Set<WebSocket>();
	let accepted = 0;
	let helloCount = 0;
	let seq = 0;

	const fake: FakeGateway = {
		url: `ws://127.0.0.1:${port}`,
		get helloCount() {
			return helloCount;
		},
		requests,
		pending: [],
		paired: [],
		handle: (method, handler) => void handlers.set(method, handler),
		sendRaw: (data) => {
			for (const ws of open) ws.send(data, { binary: Buffer.isBuffer(data) });
		},
		sendEvent: (event, payload) => {
			const text = JSON.stringify({ type: 'event', event, payload, seq: ++seq });
			for (const ws of open) ws.send(text);
		},
		dropAll: () => {
			for (const ws of open) ws.terminate();
		},
		waitFor: async (predicate, timeoutMs = 10_000) => {
			const deadline = Date.now() + timeoutMs;
			while (!predicate()) {
				if (Date.now() > deadline) throw new Error(`fake gateway: condition not met within ${timeoutMs} ms`);
				await new Promise((r) => setTimeout(r, 10));
			}
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const ws of open) ws.terminate();
				server.close(() => resolve());
			}),
	};

	handlers.set('device.pair.list', (_params, reply) => reply.ok({ pending: fake.pending, paired: fake.paired }));
	handlers.set('node.pair.list', (_params, reply) => reply.ok({ pending: [], paired: [] }));

	server.on('connection', (ws) => {
		const connection = ++accepted;
		let helloDone = false;
		ws.send(JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: crypto.randomUUID(), ts: Date.now() } }));
		ws.on('message', (data) => {
			let frame: { type?: string; id?: string; method?: string; params?: unknown };
			try {
				frame = JSON.parse(String(data)) as typeof frame;
			} catch {
				return;
			}
			if (frame.type !== 'req' || typeof frame.id !== 'string' || typeof frame.method !== 'string') return;
			const id = frame.id;
			const respond = (body: Record<string, unknown>) => {
				if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'res', id, ...body }));
			};
			if (!helloDone) {
				if (frame.method !== 'connect') return;
				const params = (frame.params ?? {}) as { scopes?: string[] };
				helloDone = true;
				helloCount++;
				open.add(ws);
				respond({
					ok: true,
					payload: {
						type: 'hello-ok',
						protocol: 4,
						server: { version: 'fake', connId: crypto.randomUUID() },
						features: { methods: METHODS, events: EVENTS },
						snapshot: {},
						auth: { role: 'operator', scopes: params.scopes ?? [] },
						policy: { tickIntervalMs: 30_000, maxPayload: 26_214_400 },
					},
				});
				return;
			}
			const request: FakeRequest = { method: frame.method, params: frame.params, connection };
			requests.push(request);
			const handler = handlers.get(frame.method);
			const reply: FakeReply = {
				ok: (payload) => respond({ ok: true, payload }),
				error: (code, message, details) => respond({ ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } }),
				hold: () => {},
			};
			if (handler) handler(frame.params, reply, request);
			else reply.error('INVALID_REQUEST', `unknown method: ${frame.method}`);
		});
		ws.on('close', () => open.delete(ws));
		ws.on('error', () => open.delete(ws));
	});
	return fake;
}
