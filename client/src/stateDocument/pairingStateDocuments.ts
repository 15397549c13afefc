// OpenClaw: Open Pairing State — the gateway's live pairing state as two read-only documents in the retired files'
// shapes (paired.json beside pending.json), from device.pair.list, tokens masked (core/src/openclaw/pairingStateDocument.ts).
// The language server checks them like the files (same codes and ranges); they follow the gateway's pairing events.
// Any era: on 2026.8.1+ there is no file to open, on the JSON era it is what the gateway holds right now. With the
// gateway stopped, the same documents come from the state dir's state/openclaw.sqlite (read-only, no lock: sqliteState.ts)
// and follow that file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fromDevicePairList, PairingStateDocuments as RenderedState, renderPairingState } from '../../../core/src/openclaw/pairingStateDocument';
import type { PairingSnapshot } from '../../../core/src/pairing/types';
import { readSqlitePairingState } from '../../../core/src/openclaw/sqliteState';
import { sqliteStorePath } from '../../../core/src/openclaw/stateLayout';
import {
	gatewayAuthority,
	PAIRING_STATE_SCHEME,
	StateDocumentRef,
	parseStateDocumentUri,
	stateDatabaseDocumentUri,
	stateDocumentUri,
} from '../../../core/src/openclaw/stateDocumentUri';
import { describeState } from '../../../core/src/pairing/pairingService';
import type { GatewayView } from '../gatewayController';
import type { GatewayFleet } from '../gatewayFleet';
import { localStateDir } from '../stateDir';
import { ScrollKeeper } from './scrollKeeper';

export class PairingStateDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.changed.event;
	/** What each open document was last given: disconnected, it keeps that; an unchanged list fires no change (no flicker). */
	private readonly served = new Map<string, string>();
	private readonly subscriptions: vscode.Disposable[];
	private readonly watched = new Map<string, vscode.Disposable>();
	private readonly rendered = new WeakMap<PairingSnapshot, RenderedState>();
	private readonly scroll = new ScrollKeeper();

	/** With several gateways, each has its own pair of documents (named by its host and port). */
	constructor(
		private readonly fleet: GatewayFleet,
		private readonly output: vscode.LogOutputChannel,
	) {
		this.subscriptions = [
			// A snapshot, and a state change: after a reconnect the first list arrives before the state says connected.
			fleet.onDidChange(() => this.refresh()),
			vscode.workspace.onDidCloseTextDocument((doc) => this.served.delete(doc.uri.toString())),
		];
	}

	async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
		const ref = parseStateDocumentUri(uri.toString());
		const text = (ref?.database ? await this.readDatabase(ref) : this.render(uri)) ?? this.served.get(uri.toString()) ?? '{}\n';
		this.served.set(uri.toString(), text);
		return text;
	}

	/** Open the paired devices, and the pending requests beside them: live, else from the state dir's database. */
	async open(): Promise<void> {
		const member = await this.fleet.pick('Open the pairing state of which gateway?');
		if (!member) return;
		const state = member.controller.state;
		let uri: (kind: 'paired' | 'pending') => vscode.Uri;
		if (state.kind === 'connected' && member.controller.snapshot) {
			const url = member.entry.url;
			uri = (kind) => vscode.Uri.parse(stateDocumentUri(url, kind, state.serverVersion));
		} else {
			// Only this machine's state dir can be read when the gateway is stopped: the primary's, the local one.
			const database = sqliteStorePath(localStateDir());
			if (!fs.existsSync(database)) {
				void vscode.window.showWarningMessage(
					`The pairing state comes from the gateway (${describeState(state)}) or, with it stopped, from ${database}, which does not exist (OpenClaw 2026.7.35 and older keep devices/paired.json: open that).`,
				);
				return;
			}
			this.watch(database);
			uri = (kind) => vscode.Uri.parse(stateDatabaseDocumentUri(database, kind));
		}
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri('paired')), { preview: false });
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri('pending')), {
			viewColumn: vscode.ViewColumn.Beside,
			preview: false,
			preserveFocus: true,
		});
	}

	dispose(): void {
		for (const s of [...this.subscriptions, ...this.watched.values(), this.scroll]) s.dispose();
		this.changed.dispose();
	}

	/** The database's records, or undefined (with the reason shown once) when it cannot be read. */
	private async readDatabase(ref: StateDocumentRef): Promise<string | undefined> {
		const database = ref.database ?? '';
		const read = await readSqlitePairingState(database).catch((error: unknown) => ({ ok: false as const, problem: `could not be read: ${String(error)}` }));
		if (!read.ok) {
			this.output.warn(`pairing state: ${database} ${read.problem}`);
			void vscode.window.showWarningMessage(`${database} ${read.problem}`);
			return undefined;
		}
		this.output.info(
			`pairing state: read ${read.records.paired.length} paired and ${read.records.pending.length} pending from ${database}${read.notes.length ? ` (${read.notes.join('; ')})` : ''}`,
		);
		return renderPairingState(read.records)[ref.kind];
	}

	/** The database changes on disk (the gateway started, or another tool): its open documents follow. */
	private watch(database: string): void {
		if (this.watched.has(database)) return;
		const watcher = vscode.workspace.createFileSystemWatcher(
			new vscode.RelativePattern(vscode.Uri.file(path.dirname(database)), `${path.basename(database)}*`),
		);
		const changed = () => {
			for (const { doc, ref } of openStateDocuments()) if (ref.database === database) this.fireChanged(doc.uri);
		};
		this.watched.set(database, vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)));
	}

	private render(uri: vscode.Uri): string | undefined {
		const parsed = parseStateDocumentUri(uri.toString());
		const gateway = parsed && this.gatewayOf(parsed);
		const snapshot = gateway?.state.kind === 'connected' ? gateway.snapshot : undefined;
		if (!parsed || !snapshot) return undefined;
		// One rendering per snapshot serves both documents, the change check and VS Code's re-read.
		let texts = this.rendered.get(snapshot);
		if (!texts) this.rendered.set(snapshot, (texts = renderPairingState(fromDevicePairList(snapshot))));
		return texts[parsed.kind];
	}

	/** The gateway a live document is of: the one at its host and port (the primary when there is one gateway). */
	private gatewayOf(ref: StateDocumentRef): GatewayView | undefined {
		return documentGateway(this.fleet, ref.authority);
	}

	/** A change event for each open live document whose text the new snapshot changes; VS Code keeps its scroll position. */
	private refresh(): void {
		for (const { doc, ref } of openStateDocuments()) {
			if (ref.database) continue;
			const text = this.render(doc.uri);
			if (text !== undefined && text !== this.served.get(doc.uri.toString())) this.fireChanged(doc.uri);
		}
	}

	/** VS Code re-reads the document; the screen stays on the record it showed (ScrollKeeper). */
	private fireChanged(uri: vscode.Uri): void {
		this.scroll.remember(uri);
		this.changed.fire(uri);
	}
}

function* openStateDocuments(): Generator<{ doc: vscode.TextDocument; ref: StateDocumentRef }> {
	for (const doc of vscode.workspace.textDocuments) {
		const ref = doc.uri.scheme === PAIRING_STATE_SCHEME ? parseStateDocumentUri(doc.uri.toString()) : undefined;
		if (ref) yield { doc, ref };
	}
}

/**
 * The gateway whose documents are at `authority` (host:port). A document of a gateway no longer configured (the list
 * or the URL changed) belongs to none: it keeps its last text rather than showing another gateway's devices.
 */
export function documentGateway(fleet: GatewayFleet, authority: string | undefined): GatewayView | undefined {
	if (authority === undefined) return fleet.primary.controller;
	return fleet.members.find((m) => safeAuthority(m.entry.url) === authority)?.controller;
}

function safeAuthority(url: string): string | undefined {
	try {
		return gatewayAuthority(url);
	} catch {
		return undefined;
	}
}

export function registerPairingStateDocuments(fleet: GatewayFleet, output: vscode.LogOutputChannel): vscode.Disposable {
	const documents = new PairingStateDocuments(fleet, output);
	return vscode.Disposable.from(
		documents,
		vscode.workspace.registerTextDocumentContentProvider(PAIRING_STATE_SCHEME, documents),
		vscode.commands.registerCommand('openclawPairing.openPairingState', () => documents.open()),
	);
}
