// A TCP proxy on loopback between our client and a gateway (real or fake) that understands just enough of
// WebSocket framing (RFC 6455 §5.2) to fault one connection at a chosen frame: reset it, close it with any code,
// cut a frame in half, stop forwarding, delay or split frames into separate TCP writes. It also records every
// request our client sends (unmasked), so a test can count `device.pair.approve` frames on the wire.
// Optionally it terminates TLS itself (a self-signed `wss://` in front of a plain `ws://` gateway).
import net from 'node:net';
import tls from 'node:tls';

export type Fault =
	/** TCP RST to both sides at once (a crashed host, a cut cable). */
	| { kind: 'drop' }
	/** A WS close frame to our client as if the gateway closed, then FIN; the gateway's side is cut. 1006: FIN only
	 * (1006 never travels in a close frame). */
	| { kind: 'close'; code: number; reason?: string }
	/** The next gateway frame (or the answer the fault was armed on) cut in half, then FIN both ways. */
	| { kind: 'truncate' }
	/** Stop forwarding in both directions; the sockets stay open (a black-holed route). */
	| { kind: 'stall' }
	/** Forward every later frame, both directions, this long after it arrived (order kept). */
	| { kind: 'delay'; ms: number }
	/** Write every later gateway frame in pieces of `bytes`, each its own TCP write `gapMs` apart. */
	| { kind: 'split'; bytes: number; gapMs?: number };

/** A `req` frame our client sent, as seen on the wire. */
export interface SeenRequest {
	connection: number;
	id: string;
	method: string;
	params: unknown;
	/** Whether the proxy passed it on to the gateway (false: swallowed by a fault armed on it). */
	forwarded: boolean;
}

export interface ProxyConnection {
	readonly id: number;
	readonly closed: boolean;
	fault(fault: Fault): void;
	/** End delay and split: frames flow normally again. */
	heal(): void;
}

export interface FaultProxy {
	/** ws:// (or wss:// with `tls`) URL of the proxy. */
	readonly url: string;
	readonly port: number;
	readonly connections: readonly ProxyConnection[];
	readonly requests: readonly SeenRequest[];
	/** Requests of `method` (optionally with params.requestId === requestId) our client put on the wire. */
	count(method: string, requestId?: string): number;
	/**
	 * Fault the connection that carries the next `method` request: at the request itself (`'request'`: it is
	 * swallowed, the gateway never sees it) or at the gateway's answer to it (`'answer'`: the request took effect,
	 * its answer meets the fault). Resolves with the connection once it fired.
	 */
	armOnRequest(method: string, fault: Fault, at: 'request' | 'answer'): Promise<ProxyConnection>;
	/** Drop (RST) every open connection. */
	dropAll(): void;
	close(): Promise<void>;
}

export interface FaultProxyOptions {
	/** Where to forward: the gateway's loopback port. */
	upstreamPort: number;
	upstreamHost?: string;
	/** Terminate TLS with this key/cert (PEM) on the listening side. */
	tls?: { key: string; cert: string };
}

interface Armed {
	method: string;
	fault: Fault;
	at: 'request' | 'answer';
	fired: (conn: ProxyConnection) => void;
}

interface Frame {
	opcode: number;
	/** The whole frame as it came (header + payload). */
	bytes: Buffer;
	/** Unmasked payload. */
	payload: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
	const connections: Connection[] = [];
	const requests: SeenRequest[] = [];
	const armed: Armed[] = [];
	const host = options.upstreamHost ?? '127.0.0.1';

	const onClient = (client: net.Socket) => {
		const conn = new Connection(connections.length + 1, client, net.connect({ host, port: options.upstreamPort }), requests, armed);
		connections.push(conn);
	};
	const server = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, onClient) : net.createServer(onClient);
	// A TLS handshake our client aborts (pin mismatch) is expected noise, not a test failure.
	server.on('tlsClientError', () => {});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as net.AddressInfo).port;

	return {
		url: `${options.tls ? 'wss' : 'ws'}://127.0.0.1:${port}`,
		port,
		connections,
		requests,
		count: (method, requestId) =>
			requests.filter((r) => r.method === method && (requestId === undefined || (r.params as { requestId?: unknown } | undefined)?.requestId === requestId))
				.length,
		armOnRequest: (method, fault, at) => new Promise((fired) => armed.push({ method, fault, at, fired })),
		dropAll: () => {
			for (const c of connections) c.fault({ kind: 'drop' });
		},
		close: () =>
			new Promise((resolve) => {
				for (const c of connections) c.fault({ kind: 'drop' });
				server.close(() => resolve());
			}),
	};
}

class Connection implements ProxyConnection {
	closed = false;
	private stalled = false;
	private delayMs = 0;
	private split: { bytes: number; gapMs: number } | undefined;
	/** Request ids whose answer is to meet a fault. */
	private readonly watch = new Map<string, Armed>();
	private readonly down: Pipe;

	constructor(
		readonly id: number,
		private readonly client: net.Socket,
		private readonly upstream: net.Socket,
		private readonly requests: SeenRequest[],
		private readonly armed: Armed[],
	) {
		new Pipe(client, upstream, true, (frame) => this.onClientFrame(frame), this);
		this.down = new Pipe(upstream, client, false, (frame) => this.onGatewayFrame(frame), this);
		// Either side gone: the other goes too (unless stalled: then nothing moves, as on a dead route).
		const end = (other: net.Socket) => () => {
			if (this.stalled) return;
			this.closed = true;
			other.end();
		};
		upstream.on('end', end(client));
		client.on('end', () => {
			this.closed = true;
			upstream.destroy();
		});
		for (const s of [client, upstream]) {
			s.on('error', () => this.fault({ kind: 'drop' }));
			s.on('close', () => {
				this.closed = true;
				// The gateway's side gone: FIN our client after what is already queued (never while stalled).
				if (s === client) upstream.destroy();
				else if (!this.stalled) client.end();
			});
		}
	}

	get isStalled(): boolean {
		return this.stalled;
	}

	get frameDelay(): number {
		return this.delayMs;
	}

	get splitting(): { bytes: number; gapMs: number } | undefined {
		return this.split;
	}

	fault(fault: Fault): void {
		switch (fault.kind) {
			case 'drop':
				this.closed = true;
				reset(this.client);
				reset(this.upstream);
				return;
			case 'close':
				this.closed = true;
				this.stalled = true; // nothing else passes
				this.upstream.destroy();
				if (fault.code !== 1006) this.client.write(closeFrame(fault.code, fault.reason ?? ''));
				this.client.end();
				return;
			case 'truncate':
				this.down.truncateNext = true;
				return;
			case 'stall':
				this.stalled = true;
				return;
			case 'delay':
				this.delayMs = fault.ms;
				return;
			case 'split':
				this.split = { bytes: Math.max(1, fault.bytes), gapMs: fault.gapMs ?? 2 };
				return;
		}
	}

	heal(): void {
		this.delayMs = 0;
		this.split = undefined;
	}

	/** false: swallow the frame. */
	private onClientFrame(frame: Frame): boolean {
		const req = frame.opcode === 1 ? parseJson(frame.payload) : undefined;
		if (!req || req.type !== 'req' || typeof req.method !== 'string' || typeof req.id !== 'string') return true;
		const index = this.armed.findIndex((a) => a.method === req.method);
		const trap = index >= 0 ? this.armed.splice(index, 1)[0] : undefined;
		const swallow = trap?.at === 'request';
		this.requests.push({ connection: this.id, id: req.id, method: req.method, params: req.params, forwarded: !swallow });
		if (!trap) return true;
		if (trap.at === 'answer') {
			this.watch.set(req.id, trap);
			return true;
		}
		this.fault(trap.fault);
		trap.fired(this);
		return false;
	}

	/** false: swallow the frame (the fault took its place). */
	private onGatewayFrame(frame: Frame): boolean {
		if (this.watch.size === 0 || frame.opcode !== 1) return true;
		const res = parseJson(frame.payload);
		const trap = res && res.type === 'res' && typeof res.id === 'string' ? this.watch.get(res.id) : undefined;
		if (!trap) return true;
		this.watch.delete(res?.id as string);
		this.fault(trap.fault);
		trap.fired(this);
		// delay/split/truncate shape this very frame; drop/close/stall replace it.
		return trap.fault.kind === 'delay' || trap.fault.kind === 'split' || trap.fault.kind === 'truncate';
	}
}

/** One direction: raw HTTP upgrade bytes first, then WS frames, written in order by one pump. */
class Pipe {
	truncateNext = false;
	private http = true;
	private pending = Buffer.alloc(0);
	private readonly queue: { bytes: Buffer; at: number }[] = [];
	private pumping = false;
	private fragments: Buffer[] = [];
	private fragmentOpcode = 0;

	constructor(
		private readonly from: net.Socket,
		private readonly to: net.Socket,
		private readonly masked: boolean,
		private readonly inspect: (frame: Frame) => boolean,
		private readonly conn: Connection,
	) {
		from.on('data', (chunk: Buffer) => this.onData(chunk));
	}

	private onData(chunk: Buffer): void {
		if (this.conn.isStalled) return; // a black hole: bytes vanish
		this.pending = Buffer.concat([this.pending, chunk]);
		if (this.http) {
			const end = this.pending.indexOf(HEADER_END);
			if (end < 0) return;
			this.enqueue(this.pending.subarray(0, end + HEADER_END.length));
			this.pending = this.pending.subarray(end + HEADER_END.length);
			this.http = false;
		}
		for (;;) {
			const frame = readFrame(this.pending);
			if (!frame) return;
			this.pending = this.pending.subarray(frame.bytes.length);
			if (this.inspect(this.assemble(frame))) this.enqueue(frame.bytes);
		}
	}

	/** Continuation frames (opcode 0) are inspected as one message with the first frame's opcode. */
	private assemble(frame: Frame): Frame {
		const fin = (frame.bytes[0] & 0x80) !== 0;
		if (frame.opcode >= 8) return frame; // control frames interleave
		if (frame.opcode !== 0 && fin) return frame;
		if (frame.opcode !== 0) this.fragmentOpcode = frame.opcode;
		this.fragments.push(frame.payload);
		if (!fin) return { ...frame, opcode: -1 };
		const payload = Buffer.concat(this.fragments);
		this.fragments = [];
		return { opcode: this.fragmentOpcode, bytes: frame.bytes, payload };
	}

	private enqueue(bytes: Buffer): void {
		this.queue.push({ bytes: Buffer.from(bytes), at: Date.now() });
		if (!this.pumping) void this.pump();
	}

	private async pump(): Promise<void> {
		this.pumping = true;
		try {
			while (this.queue.length > 0 && !this.to.destroyed && !this.to.writableEnded) {
				if (this.conn.isStalled) {
					this.queue.length = 0;
					return;
				}
				const { bytes, at } = this.queue.shift() as { bytes: Buffer; at: number };
				const wait = at + this.conn.frameDelay - Date.now();
				if (wait > 0) await sleep(wait);
				if (this.truncateNext && !this.http && !this.masked) {
					this.truncateNext = false;
					this.to.end(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))));
					this.from.destroy();
					this.queue.length = 0;
					return;
				}
				const split = this.masked ? undefined : this.conn.splitting;
				if (!split) {
					this.to.write(bytes);
					continue;
				}
				for (let from = 0; from < bytes.length; from += split.bytes) {
					if (this.to.destroyed) return;
					this.to.write(bytes.subarray(from, from + split.bytes));
					await sleep(split.gapMs); // separate TCP segments, not coalesced by Nagle or one write
				}
			}
		} finally {
			this.pumping = false;
		}
	}
}

/** One complete frame at the start of `buf`, or undefined when more bytes are needed. */
function readFrame(buf: Buffer): Frame | undefined {
	if (buf.length < 2) return undefined;
	const opcode = buf[0] & 0x0f;
	const masked = (buf[1] & 0x80) !== 0;
	let length = buf[1] & 0x7f;
	let offset = 2;
	if (length === 126) {
		if (buf.length < 4) return undefined;
		length = buf.readUInt16BE(2);
		offset = 4;
	} else if (length === 127) {
		if (buf.length < 10) return undefined;
		length = Number(buf.readBigUInt64BE(2));
		offset = 10;
	}
	const maskAt = offset;
	if (masked) offset += 4;
	if (buf.length < offset + length) return undefined;
	const payload = Buffer.from(buf.subarray(offset, offset + length));
	if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= buf[maskAt + (i % 4)];
	return { opcode, bytes: buf.subarray(0, offset + length), payload };
}

/** An unmasked (server-to-client) close frame. */
function closeFrame(code: number, reason: string): Buffer {
	const text = Buffer.from(reason, 'utf8').subarray(0, 123);
	const body = Buffer.alloc(2 + text.length);
	body.writeUInt16BE(code, 0);
	text.copy(body, 2);
	return Buffer.concat([Buffer.from([0x88, body.length]), body]);
}

function parseJson(payload: Buffer): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(payload.toString('utf8'));
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function reset(socket: net.Socket): void {
	if (socket.destroyed) return;
	try {
		socket.resetAndDestroy();
	} catch {
		socket.destroy(); // TLS sockets and not-yet-connected ones can't send an RST
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}
