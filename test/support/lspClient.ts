import { ChildProcess, fork, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';

export interface PublishDiagnosticsParams {
	uri: string;
	version?: number;
	diagnostics: Diagnostic[];
}

export const SERVER_JS = path.resolve(__dirname, '../../../dist/server.js');

export interface LspClientOptions {
	/** `stdio` or `ipc` (node-IPC, how VS Code runs it). */
	transport: 'stdio' | 'ipc';
	/** Command line for a different server (the bench runs VS Code's JSON server through this). */
	command?: { module: string; args: string[] };
	initializationOptions?: unknown;
	/** Answer for workspace/configuration requests, per section. */
	configuration?: Record<string, unknown>;
}

/**
 * A minimal LSP client over a real child process: what VS Code does, without VS Code. Diagnostics are collected per
 * URI and version, and `waitForDiagnostics` resolves on the real publishDiagnostics notification (no sleeps).
 */
export class LspClient {
	readonly connection: MessageConnection;
	private readonly child: ChildProcess;
	private readonly waiters: { uri: string; predicate: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
	readonly latest = new Map<string, PublishDiagnosticsParams>();
	stderr = '';

	constructor(private readonly options: LspClientOptions) {
		const module = options.command?.module ?? SERVER_JS;
		const extra = options.command?.args ?? [];
		if (options.transport === 'ipc') {
			this.child = fork(module, [...extra, '--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
			this.connection = createMessageConnection(new IPCMessageReader(this.child), new IPCMessageWriter(this.child));
		} else {
			this.child = spawn(process.execPath, [module, ...extra, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
			this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
		}
		this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
		this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
			this.latest.set(p.uri, p);
			for (const w of [...this.waiters]) {
				if (w.uri === p.uri && w.predicate(p)) {
					this.waiters.splice(this.waiters.indexOf(w), 1);
					w.resolve(p);
				}
			}
		});
		this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
			params.items.map((i) => this.options.configuration?.[i.section ?? ''] ?? null),
		);
		this.connection.onRequest('client/registerCapability', () => null);
		this.connection.onNotification('window/logMessage', () => undefined);
		this.connection.listen();
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get exited(): boolean {
		return this.child.exitCode !== null || this.child.signalCode !== null;
	}

	async initialize(): Promise<unknown> {
		const result = await this.connection.sendRequest('initialize', {
			processId: process.pid,
			rootUri: null,
			capabilities: { workspace: { configuration: this.options.configuration !== undefined }, textDocument: { publishDiagnostics: { versionSupport: true } } },
			initializationOptions: this.options.initializationOptions,
		});
		await this.connection.sendNotification('initialized', {});
		return result;
	}

	open(uri: string, text: string, version = 1, languageId = 'json'): Promise<void> {
		return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
	}

	change(uri: string, version: number, changes: ({ text: string } | { range: Diagnostic['range']; text: string })[]): Promise<void> {
		return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
	}

	/** The next publishDiagnostics for `uri` that satisfies `predicate` (e.g. a version). */
	waitForDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 30_000): Promise<PublishDiagnosticsParams> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; server stderr: ${this.stderr.slice(-2000)}`)),
				timeoutMs,
			);
			this.waiters.push({ uri, predicate, resolve: (p) => (clearTimeout(timer), resolve(p)) });
		});
	}

	request<T>(method: string, params: unknown): Promise<T> {
		return this.connection.sendRequest(method, params) as Promise<T>;
	}

	async shutdown(): Promise<void> {
		try {
			await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
			await this.connection.sendNotification('exit');
		} catch {
			// The server may already be gone; killing below is enough.
		}
		this.connection.dispose();
		if (!this.exited) this.child.kill();
	}
}
