import * as vscode from 'vscode';
import { readGateways } from './config';
import { GatewayController, GatewayView } from './gatewayController';
import { GatewayTokenStore } from './secrets';
import type { ResolvedGateway } from '../../core/src/pairing/gatewayProfiles';

/** What the views read: every gateway's live state, no means to act. */
export interface FleetView {
	readonly members: readonly { readonly entry: ResolvedGateway; readonly controller: GatewayView }[];
	readonly multiple: boolean;
	readonly onDidChange: vscode.Event<void>;
}

/** One configured gateway: its entry, its controller and its token. */
export interface GatewayMember {
	readonly controller: GatewayController;
	readonly tokens: GatewayTokenStore;
	readonly entry: ResolvedGateway;
}

/**
 * Every gateway of `openclawPairing.gateways` (or the one of `gateway.url`), each with its own controller and its own
 * token. The primary (the first) is one controller for the extension's lifetime, so what only knows one gateway (the
 * local files' CodeLens, the pairing-state documents, the doctor, the loop breaker) keeps working across settings
 * changes; the others come and go with the list. Commands act on the gateway their argument belongs to (resolve()).
 */
export class GatewayFleet implements vscode.Disposable, FleetView {
	readonly primary: GatewayMember;
	private others: GatewayMember[] = [];
	private entries: ResolvedGateway[];
	private problemsShown = '';
	private readonly changed = new vscode.EventEmitter<void>();
	/** Any member's state or snapshot changed, or the members did. */
	readonly onDidChange = this.changed.event;
	private readonly membersChanged = new vscode.EventEmitter<void>();
	readonly onDidChangeMembers = this.membersChanged.event;
	private readonly subscriptions = new Map<GatewayController, vscode.Disposable[]>();
	private active = false;

	constructor(
		private readonly context: vscode.ExtensionContext,
		private readonly output: vscode.LogOutputChannel,
	) {
		this.entries = this.read();
		this.primary = this.create(() => this.entries[0]);
	}

	get members(): readonly GatewayMember[] {
		return [this.primary, ...this.others];
	}

	get multiple(): boolean {
		return this.others.length > 0;
	}

	byName(name: string): GatewayMember | undefined {
		return this.members.find((m) => m.entry.name === name);
	}

	/**
	 * The gateway a command's argument belongs to: a tree element or fix naming it (`gateway`), else the one listing the
	 * request (ids are UUIDs, unique across gateways) or the device, else the primary.
	 */
	resolve(arg: unknown): GatewayMember {
		if (!this.multiple || typeof arg !== 'object' || arg === null) return typeof arg === 'string' ? this.holding(arg) : this.primary;
		const named = (arg as { gateway?: unknown }).gateway;
		if (typeof named === 'string') return this.byName(named) ?? this.primary;
		const requestId = (arg as { request?: { requestId?: unknown } }).request?.requestId;
		if (typeof requestId === 'string') return this.holding(requestId);
		const deviceId = (arg as { device?: { deviceId?: unknown } }).device?.deviceId;
		if (typeof deviceId === 'string') return this.members.find((m) => m.controller.snapshot?.paired.some((d) => d.deviceId === deviceId)) ?? this.primary;
		return this.primary;
	}

	/** With several gateways, ask which one (the palette's commands); with one, it. Undefined: dismissed. */
	async pick(title: string): Promise<GatewayMember | undefined> {
		if (!this.multiple) return this.primary;
		const picked = await vscode.window.showQuickPick(
			this.members.map((m) => ({ label: m.entry.name, description: `${m.entry.url} · ${m.controller.state.kind}`, member: m })),
			{ title, placeHolder: 'Which gateway?' },
		);
		return picked?.member;
	}

	/** Read the settings again: the primary restarts on its (maybe new) entry, the others are rebuilt. */
	async restart(): Promise<void> {
		this.entries = this.read();
		const keep = new Map(this.others.map((m) => [identity(m.entry), m]));
		const next: GatewayMember[] = [];
		for (const entry of this.entries.slice(1)) {
			const same = keep.get(identity(entry));
			keep.delete(identity(entry));
			next.push(same ?? this.create(() => entry));
		}
		const gone = [...keep.values()];
		const added = next.filter((m) => !this.others.includes(m));
		this.others = next;
		for (const m of gone) await this.dispose1(m);
		if (gone.length || added.length) this.membersChanged.fire();
		await Promise.all([this.primary, ...added].map((m) => m.controller.restart()));
		this.changed.fire();
	}

	/** Reconnect every gateway (the Reconnect command), without re-reading who they are. */
	reconnectAll(): Promise<void> {
		return Promise.all(this.members.map((m) => m.controller.restart())).then(() => undefined);
	}

	setActive(active: boolean): void {
		this.active = active;
		for (const m of this.members) m.controller.setActive(active);
	}

	async dispose(): Promise<void> {
		for (const m of [...this.others].reverse()) await this.dispose1(m);
		await this.dispose1(this.primary);
		this.changed.dispose();
		this.membersChanged.dispose();
	}

	private create(entry: () => ResolvedGateway): GatewayMember {
		const tokens = new GatewayTokenStore(this.context.secrets, () => entry().tokenKey);
		const controller = new GatewayController(this.context, tokens, this.output, entry);
		controller.setActive(this.active);
		const member = {
			controller,
			tokens,
			get entry() {
				return entry();
			},
		};
		this.subscriptions.set(controller, [
			controller.onDidChangeState(() => this.changed.fire()),
			controller.onDidChangeSnapshot(() => this.changed.fire()),
			tokens.onDidChange(() => void controller.restart()),
		]);
		return member;
	}

	private async dispose1(m: GatewayMember): Promise<void> {
		for (const s of this.subscriptions.get(m.controller) ?? []) s.dispose();
		this.subscriptions.delete(m.controller);
		await m.controller.dispose();
		m.tokens.dispose();
	}

	private holding(requestId: string): GatewayMember {
		return (
			this.members.find((m) => [...(m.controller.snapshot?.pending ?? []), ...(m.controller.snapshot?.nodes ?? [])].some((r) => r.requestId === requestId)) ??
			this.primary
		);
	}

	private read(): ResolvedGateway[] {
		const { gateways, problems } = readGateways();
		const shown = problems.join('\n');
		if (shown && shown !== this.problemsShown) {
			for (const p of problems) this.output.warn(`settings: ${p}`);
			void vscode.window.showWarningMessage(
				`OpenClaw: ${problems.length} gateway entr${problems.length === 1 ? 'y was' : 'ies were'} left out: ${problems[0]}`,
			);
		}
		this.problemsShown = shown;
		return gateways; // never empty: with no valid entry, the one of gateway.url
	}
}

/** A member is kept across a settings change only if it is still the same gateway with the same token key. */
function identity(e: ResolvedGateway): string {
	return JSON.stringify([e.name, e.url, e.tlsFingerprint ?? '', e.tokenKey]);
}

/** One gateway's view as a fleet of one (the extension's own tests build the trees on the API's read-only view). */
export function fleetOf(view: GatewayView, entry: ResolvedGateway = { name: 'gateway', url: '', tokenKey: '', implicit: true }): FleetView {
	return {
		members: [{ entry, controller: view }],
		multiple: false,
		onDidChange: (listener, thisArgs, disposables) => {
			const subs = [view.onDidChangeState(() => listener.call(thisArgs)), view.onDidChangeSnapshot(() => listener.call(thisArgs))];
			const all = vscode.Disposable.from(...subs);
			disposables?.push(all);
			return all;
		},
	};
}
