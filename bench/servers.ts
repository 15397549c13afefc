import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { LspClient, PublishDiagnosticsParams, SERVER_JS } from '../test/support/lspClient';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const JSON_SERVER_BIN = require.resolve('vscode-langservers-extracted/bin/vscode-json-language-server');
const EXTRACTED_DIR = path.resolve(path.dirname(JSON_SERVER_BIN), '..');
/** vscode-langservers-extracted's JSON server: a Babel build of VS Code's extensions/json-language-features/server. */
export const JSON_SERVER_VALIDATION_JS = path.join(EXTRACTED_DIR, 'lib/json-language-server/utils/validation.js');

/** In push mode the JSON server validates `validationDelayMs` after the last change (see JSON_SERVER_VALIDATION_JS). */
export function jsonServerPushDelayMs(): { delayMs: number; source: string } {
	const source = fs.readFileSync(JSON_SERVER_VALIDATION_JS, 'utf8');
	const match = /validationDelayMs\s*=\s*(\d+)/.exec(source);
	if (!match) throw new Error(`validationDelayMs not found in ${JSON_SERVER_VALIDATION_JS}`);
	return { delayMs: Number(match[1]), source: path.relative(REPO_ROOT, JSON_SERVER_VALIDATION_JS) };
}

export function packageVersion(name: string, from = REPO_ROOT): string {
	for (let dir = from; ; dir = path.dirname(dir)) {
		const file = path.join(dir, 'node_modules', name, 'package.json');
		if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
		if (path.dirname(dir) === dir) return 'unknown';
	}
}

/** One didChange content change: a range edit, or the whole text (no range, as clients without incremental sync send). */
export type ContentChange = { range?: Range; text: string };

export interface Published {
	/** Wall time from just before the didChange/didOpen is written to the matching diagnostics (ms). */
	latencyMs: number;
	diagnostics: Diagnostic[];
	version?: number | undefined;
}

/** One language server under test, driven the way an editor drives it. */
export interface BenchServer {
	readonly id: string;
	readonly label: string;
	start(): Promise<void>;
	/** didOpen, resolved by the first diagnostics for the document. */
	open(uri: string, text: string, version: number): Promise<Published>;
	/** didChange with these content changes, resolved by the diagnostics of that version. */
	change(uri: string, version: number, changes: ContentChange[]): Promise<Published>;
	stop(): Promise<void>;
	stderr(): string;
	/** Peak resident set size of the server process so far (Linux /proc VmHWM), MiB. */
	peakRssMiB(): number | undefined;
	/** Resident set size now (Linux /proc VmRSS), MiB. */
	rssMiB(): number | undefined;
	/** CPU time the server process has used so far, all threads (Linux /proc utime + stime), ms; 10 ms resolution. */
	cpuMs(): number | undefined;
}

/** utime + stime of a process from /proc/<pid>/stat, in ms (USER_HZ is 100 on Linux). */
export function processCpuMs(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return undefined;
	}
}

export function peakRssMiB(pid: number | undefined, field = 'VmHWM'): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Math.round(Number(match[1]) / 1024) : undefined;
	} catch {
		return undefined;
	}
}

const WAIT_MS = 180_000;

/** `work`, or a rejection as soon as the server process is gone (else a dead server looks like a silent hang). */
async function whileAlive<T>(client: LspClient, what: string, work: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const died = new Promise<never>((_, reject) => {
		timer = setInterval(() => {
			if (client.exited) reject(new Error(`server exited during ${what}; stderr: ${client.stderr.slice(-2000)}`));
		}, 100);
	});
	try {
		return await Promise.race([work, died]);
	} finally {
		clearInterval(timer);
	}
}

/** What every measured server process reports the same way: its stderr, peak RSS and CPU time (Linux /proc). */
abstract class LspProcess {
	protected client!: LspClient;

	stderr(): string {
		return this.client?.stderr ?? '';
	}

	peakRssMiB(): number | undefined {
		return peakRssMiB(this.client?.pid);
	}

	/** Resident set size now (VmRSS), MiB. */
	rssMiB(): number | undefined {
		return peakRssMiB(this.client?.pid, 'VmRSS');
	}

	cpuMs(): number | undefined {
		return processCpuMs(this.client?.pid);
	}
}

/** A server that pushes textDocument/publishDiagnostics. `versioned`: match the publish by document version. */
class PushServer extends LspProcess implements BenchServer {
	constructor(
		readonly id: string,
		readonly label: string,
		private readonly versioned: boolean,
		private readonly launch: () => LspClient,
		private readonly afterInitialize: (client: LspClient) => Promise<void> = async () => undefined,
		private readonly waitForExit = false,
	) {
		super();
	}

	async start(): Promise<void> {
		this.client = this.launch();
		await whileAlive(this.client, 'initialize', this.client.initialize());
		await this.afterInitialize(this.client);
	}

	open(uri: string, text: string, version: number): Promise<Published> {
		return this.measure(uri, version, () => this.client.open(uri, text, version));
	}

	change(uri: string, version: number, changes: ContentChange[]): Promise<Published> {
		return this.measure(uri, version, () => this.client.change(uri, version, changes));
	}

	private async measure(uri: string, version: number, send: () => Promise<void>): Promise<Published> {
		let arrived = 0;
		// The predicate runs inside the notification handler, so the clock stops when the message is read.
		const published = this.client.waitForDiagnostics(
			uri,
			(p: PublishDiagnosticsParams) => {
				if (this.versioned && p.version !== version) return false;
				arrived = performance.now();
				return true;
			},
			WAIT_MS,
		);
		const sent = performance.now();
		await send();
		const p = await whileAlive(this.client, `version ${version}`, published);
		return { latencyMs: arrived - sent, diagnostics: p.diagnostics, version: p.version };
	}

	async stop(): Promise<void> {
		if (this.client && this.waitForExit) {
			// Let the process exit by itself (a V8 CPU profile is written at exit; LspClient.shutdown would kill it).
			await this.client.connection.sendRequest('shutdown');
			await this.client.connection.sendNotification('exit');
			const deadline = Date.now() + 30_000;
			while (!this.client.exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
		}
		await this.client?.shutdown();
	}
}

/**
 * Our server (dist/server.js) over stdio; it publishes with the document version. `cpuProfDir`: profile it from start
 * to exit (bench/cpuProfile.ts preloaded through NODE_OPTIONS, which LspClient's spawn inherits).
 */
export function ourServer(cpuProfDir?: string): BenchServer {
	const launch = () => new LspClient({ transport: 'stdio', command: { module: SERVER_JS, args: [] } });
	if (!cpuProfDir) return new PushServer('ours', OUR_LABEL, true, launch);
	const profiled = () => {
		const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, BENCH_CPU_PROF_DIR: process.env.BENCH_CPU_PROF_DIR };
		fs.mkdirSync(cpuProfDir, { recursive: true });
		process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ''} --require ${JSON.stringify(path.join(__dirname, 'cpuProfile.js'))}`.trim();
		process.env.BENCH_CPU_PROF_DIR = cpuProfDir;
		try {
			return launch();
		} finally {
			for (const [k, v] of Object.entries(saved)) {
				if (v === undefined) delete process.env[k];
				else process.env[k] = v;
			}
		}
	};
	return new PushServer('ours', OUR_LABEL, true, profiled, undefined, true);
}

const OUR_LABEL = 'OpenClaw Pairing server (dist/server.js)';

/**
 * The settings VS Code's JSON extension pushes (workspace/didChangeConfiguration; the JSON server never asks with
 * workspace/configuration). jsonServer.js reads `json.validate.enable` (validation is OFF unless it is true) and
 * `json.schemas[]` items `{ fileMatch, url, schema }`: the schema's id is `url` (not `uri`), and an inline `schema`
 * object is registered as-is, so nothing is fetched. fileMatch "paired.json" becomes the glob "**\/paired.json".
 */
export function jsonServerSettings(schema: object, schemaUrl: string): unknown {
	return { json: { validate: { enable: true }, schemas: [{ fileMatch: ['paired.json'], url: schemaUrl, schema }] } };
}

const JSON_INIT_OPTIONS = { provideFormatter: false, handledSchemaProtocols: ['file'] };

/**
 * VS Code's JSON language server in push mode: what it does for a client that does not advertise
 * `textDocument.diagnostic`. It publishes without a version, so the first publish after the change is the answer.
 */
export function jsonServerPush(schema: object, schemaUrl: string): BenchServer {
	return new PushServer(
		'json-push',
		'VS Code JSON server, push mode',
		false,
		() => new LspClient({ transport: 'stdio', command: { module: JSON_SERVER_BIN, args: [] }, initializationOptions: JSON_INIT_OPTIONS }),
		(client) => client.connection.sendNotification('workspace/didChangeConfiguration', { settings: jsonServerSettings(schema, schemaUrl) }),
	);
}

/**
 * A server asked for diagnostics (LSP 3.17 pull): the client advertises `textDocument.diagnostic`, as
 * vscode-languageclient does, and sends textDocument/diagnostic right after didChange. No server-side delay: this is
 * the server's own parse + validation + the LSP round trip.
 */
export class PullServer extends LspProcess implements BenchServer {
	constructor(
		readonly id: string,
		readonly label: string,
		private readonly module: string,
		private readonly settings: unknown,
		private readonly initializationOptions: unknown = undefined,
	) {
		super();
	}

	async start(): Promise<void> {
		this.client = new LspClient({ transport: 'stdio', command: { module: this.module, args: [] } });
		await whileAlive(
			this.client,
			'initialize',
			this.client.connection.sendRequest('initialize', {
				processId: process.pid,
				rootUri: null,
				capabilities: {
					textDocument: {
						publishDiagnostics: {},
						diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
						// As VS Code advertises it: a code action's edit may come later, from codeAction/resolve.
						codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } },
					},
				},
				initializationOptions: this.initializationOptions,
			}),
		);
		await this.client.connection.sendNotification('initialized', {});
		if (this.settings !== undefined) await this.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: this.settings });
	}

	open(uri: string, text: string, version: number): Promise<Published> {
		return this.pull(uri, version, () => this.client.open(uri, text, version));
	}

	change(uri: string, version: number, changes: ContentChange[]): Promise<Published> {
		return this.pull(uri, version, () => this.client.change(uri, version, changes));
	}

	/** Any request (hover, completion, code action) timed the same way, for the request-latency rows. */
	async timedRequest<T>(method: string, params: unknown): Promise<{ latencyMs: number; result: T }> {
		const sent = performance.now();
		const result = await whileAlive(this.client, method, this.client.request<T>(method, params));
		return { latencyMs: performance.now() - sent, result };
	}

	private async pull(uri: string, version: number, send: () => Promise<void>): Promise<Published> {
		const sent = performance.now();
		await send();
		// Messages are handled in order, so the server has applied the change before it answers this request.
		const report = await whileAlive(
			this.client,
			`version ${version}`,
			this.client.request<{ kind: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }),
		);
		const latencyMs = performance.now() - sent;
		if (report.kind !== 'full') throw new Error(`unexpected diagnostic report kind ${report.kind}`);
		return { latencyMs, diagnostics: report.items ?? [], version };
	}

	async stop(): Promise<void> {
		await this.client?.shutdown();
	}
}

/** VS Code's JSON language server in pull mode (see PullServer). */
export function jsonServerPull(schema: object, schemaUrl: string): PullServer {
	return new PullServer('json-pull', 'VS Code JSON server, pull mode (no delay)', JSON_SERVER_BIN, jsonServerSettings(schema, schemaUrl), JSON_INIT_OPTIONS);
}

/** Our server in pull mode: what VS Code (vscode-languageclient 11) gets. */
export function ourServerPull(): PullServer {
	return new PullServer('ours-pull', 'OpenClaw Pairing server, pull mode', SERVER_JS, undefined);
}
