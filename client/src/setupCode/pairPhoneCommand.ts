// OpenClaw: Pair a Phone or Node… — the panel opens at once; then the access level (QuickPick), the code
// (device.pair.setupCode on a login with operator.admin: offerScopeUpgrade when our device lacks it), its QR, the
// reachability notes and countdown, and the outcome followed by SetupWatch until "Paired: <device>", which the Paired
// view then shows. The setup code is a one-time credential: it goes to the page and the clipboard, never to the log.
import * as vscode from 'vscode';
import { ConnectedGateway, describeCommandError } from '../commands/connectedGateway';
import type { LoopBreaker } from '../commands/breakLoopFlow';
import { offerScopeUpgrade } from '../commands/scopeUpgradeFlow';
import type { GatewayController } from '../gatewayController';
import { channelLogger } from '../logger';
import { isPairingActionError } from '../../../core/src/pairing/pairingActionError';
import {
	ACCESS_LABELS,
	IssuedSetupCode,
	SetupAccess,
	needsPublicUrl,
	nodePairCommand,
	setupAccessLevels,
	setupCodeParams,
	setupLink,
} from '../../../core/src/pairing/setupCode';
import { reachabilityNotes } from '../../../core/src/pairing/setupReachability';
import { SetupWatch, SetupWatchState } from '../../../core/src/pairing/setupWatch';
import { isLoopbackHost } from '../../../core/src/pairing/urlPolicy';
import { qrSvg } from './qrSvg';
import type { SetupPageMessage, SetupPageState } from './setupHtml';
import { SetupPanel } from './setupPanel';

export const PAIR_PHONE_COMMAND = 'openclawPairing.pairPhone';

/** `pickGateway`: with several gateways, asks which one the phone should pair with. */
export function registerPairPhoneCommand(
	pickGateway: () => Promise<GatewayController | undefined>,
	output: vscode.LogOutputChannel,
	breakLoop: LoopBreaker,
	mode: vscode.ExtensionMode,
): vscode.Disposable {
	let current: PairPhoneRun | undefined;
	const disposables = [
		// `access` (optional): skip the picker, e.g. from a test or a keybinding with args.
		vscode.commands.registerCommand(PAIR_PHONE_COMMAND, async (access?: unknown) => {
			const gateway = await pickGateway();
			if (!gateway) return;
			current?.dispose();
			const run = (current = new PairPhoneRun(gateway, output, breakLoop));
			await run.start(access === 'full' || access === 'limited' || access === 'node' ? access : undefined);
		}),
	];
	// The e2e tests read the run's state here (a webview's content is not readable from the extension host).
	if (mode === vscode.ExtensionMode.Test) disposables.push(vscode.commands.registerCommand('openclawPairing.test.pairPhoneState', () => current?.testState()));
	return vscode.Disposable.from(...disposables, { dispose: () => current?.dispose() });
}

class PairPhoneRun implements vscode.Disposable {
	private panel: SetupPanel | undefined;
	private connected: ConnectedGateway | undefined;
	private access: SetupAccess = 'full';
	private publicUrl: string | undefined;
	private issued: IssuedSetupCode | undefined;
	private suggestedUrl: string | undefined;
	private watch: SetupWatch | undefined;
	private shownAfterMs: number | undefined;
	private creating = false;
	private startedAt = 0;

	constructor(
		private readonly gateway: GatewayController,
		private readonly output: vscode.LogOutputChannel,
		private readonly breakLoop: LoopBreaker,
	) {}

	async start(access: SetupAccess | undefined): Promise<void> {
		const started = (this.startedAt = performance.now());
		try {
			this.connected = ConnectedGateway.resolve(this.gateway);
		} catch (error) {
			void vscode.window.showErrorMessage(describeCommandError(error, 'pair a phone or node'));
			return;
		}
		const version = this.version();
		const levels = setupAccessLevels(version);
		if (levels.length === 0) {
			try {
				setupCodeParams(version, { access: 'limited' });
			} catch (error) {
				void vscode.window.showErrorMessage(describeCommandError(error, 'create a setup code'));
			}
			return;
		}
		this.panel = new SetupPanel(
			() => this.version(),
			(message) => void this.onMessage(message),
		);
		this.panel.onDidClose(() => this.dispose());
		this.shownAfterMs = Math.round(performance.now() - started);
		this.output.info(`pair a phone or node: panel open after ${this.shownAfterMs} ms`);
		const chosen = access && levels.includes(access) ? access : levels.length === 1 ? levels[0] : await this.pick(levels);
		if (!chosen) {
			this.dispose();
			return;
		}
		this.access = chosen;
		await this.create();
	}

	testState(): Record<string, unknown> {
		const state = this.panel?.state;
		return {
			phase: state?.phase ?? 'closed',
			visible: this.panel?.visible ?? false,
			shownAfterMs: this.shownAfterMs,
			// From the command to the webview's first 'ready' (the page drawn in the workbench), and what it drew last.
			readyAfterMs: this.panel?.readyAt === undefined ? undefined : this.panel.readyAt - this.startedAt,
			readyAtMs: this.panel?.readyAt,
			drawnPhase: this.panel?.drawnPhase,
			access: this.issued?.access,
			setupId: this.issued?.setupId,
			// Test mode only: the e2e redeems the code as a phone would.
			setupCode: this.issued?.setupCode,
			notes: state?.phase === 'waiting' ? state.code.notes.map((n) => n.kind) : [],
			hasQr: state?.phase === 'waiting' && state.code.qrSvg.startsWith('<svg'),
			// The QR the page shows, for the e2e to decode.
			...(state?.phase === 'waiting' ? { qrSvg: state.code.qrSvg } : {}),
			...(state?.phase === 'paired' ? { pairedName: state.name } : {}),
			...(state?.phase === 'error' ? { error: state.message } : {}),
		};
	}

	dispose(): void {
		this.watch?.dispose();
		this.watch = undefined;
		const panel = this.panel;
		this.panel = undefined;
		panel?.dispose();
	}

	private version(): string | undefined {
		const state = this.connected?.service.state;
		return state?.kind === 'connected' ? state.serverVersion : undefined;
	}

	private async pick(levels: SetupAccess[]): Promise<SetupAccess | undefined> {
		const items = levels.map((access) => ({ label: ACCESS_LABELS[access].label, detail: ACCESS_LABELS[access].detail, access }));
		const picked = await vscode.window.showQuickPick(items, {
			title: 'Pair a Phone or Node',
			placeHolder: 'What may the new device do?',
			ignoreFocusOut: true,
		});
		return picked?.access;
	}

	private show(state: SetupPageState): void {
		this.panel?.show(state);
	}

	private async create(): Promise<void> {
		if (!this.panel || !this.connected || this.creating) return;
		this.creating = true;
		this.watch?.dispose();
		this.watch = undefined;
		this.issued = undefined;
		this.show({ phase: 'creating', access: this.access });
		let retry: (() => Promise<void>) | undefined;
		try {
			const service = this.connected.afterDialog();
			const issued = await service.createSetupCode({ access: this.access, ...(this.publicUrl ? { publicUrl: this.publicUrl } : {}) });
			if (!this.panel) return; // closed while the gateway answered
			this.issued = issued;
			this.suggestedUrl = this.editorUrlToOffer(issued);
			const notes = reachabilityNotes(issued.gatewayUrls);
			const at = new Date(issued.expiresAtMs).toLocaleTimeString();
			this.output.info(
				`setup code created: ${issued.access} access for ${issued.gatewayUrls.join(', ')} (from ${issued.urlSource}${issued.setupId ? `, setup ${issued.setupId}` : ''}), expires ${at}${notes.length ? `; ${notes.map((n) => n.kind).join(', ')}` : ''}`,
			);
			this.show({
				phase: 'waiting',
				code: {
					access: issued.access,
					setupCode: issued.setupCode,
					link: setupLink(issued.setupCode),
					...(issued.access === 'node' ? { command: nodePairCommand(issued.setupCode) } : {}),
					qrSvg: qrSvg(issued.setupCode).svg,
					expiresAtMs: issued.expiresAtMs,
					expiryEstimated: issued.expiryEstimated,
					gatewayUrls: issued.gatewayUrls,
					accessDowngraded: issued.accessDowngraded,
					notes,
					...(this.suggestedUrl ? { suggestedUrl: this.suggestedUrl } : {}),
				},
			});
			const watch = (this.watch = new SetupWatch(service, issued, { log: channelLogger(this.output, () => false) }));
			watch.onDidChange((state) => void this.finished(state));
		} catch (error) {
			retry = await this.failed(error);
		} finally {
			this.creating = false;
		}
		if (retry) await retry();
	}

	/** Shows the failure; returns what to run next when the user chose a way on (a scope upgrade, a public URL). */
	private async failed(error: unknown): Promise<(() => Promise<void>) | undefined> {
		const service = this.connected?.service;
		if (isPairingActionError(error) && error.failure === 'needsScope' && service) {
			this.show({
				phase: 'error',
				message: `Creating a setup code needs ${(error.neededScopes ?? []).join(', ')}, which this editor's device is not approved for.`,
			});
			// Run after create() let go: the upgrade flow calls create() again once the gateway approved.
			return () =>
				offerScopeUpgrade(service, error, 'create a setup code', () => this.create(), this.output, this.breakLoop).catch((e: unknown) => {
					void vscode.window.showErrorMessage(describeCommandError(e, `ask for ${(error.neededScopes ?? []).join(', ')}`));
				});
		}
		if (needsPublicUrl(error) && !this.publicUrl) {
			this.show({ phase: 'error', message: 'The gateway listens on loopback only, so it has no address a phone could use.' });
			const url = await this.askPublicUrl();
			if (url) {
				this.publicUrl = url;
				return () => this.create();
			}
			this.show({
				phase: 'error',
				message:
					'The gateway listens on loopback only. Bind it to the LAN (gateway.bind=lan), use Tailscale Serve, or set plugins.entries.device-pair.config.publicUrl, then try again.',
			});
			return undefined;
		}
		const message = describeCommandError(error, 'create a setup code');
		this.output.warn(`pair a phone or node: ${message}`);
		this.show({ phase: 'error', message });
		return undefined;
	}

	private async askPublicUrl(): Promise<string | undefined> {
		const configured = this.gateway.gateway.url;
		const value = await vscode.window.showInputBox({
			title: 'The URL the phone should use',
			prompt:
				'The gateway listens on loopback only. Give the ws:// or wss:// URL that reaches it from the phone (a Tailscale Serve or reverse-proxy address), or cancel and bind the gateway to the LAN.',
			value: safeHost(configured) && !isLoopbackHost(safeHost(configured) ?? '') ? configured : '',
			ignoreFocusOut: true,
			validateInput: (text) => (/^wss?:\/\/[^\s/]+/i.test(text.trim()) ? undefined : 'A ws:// or wss:// URL, e.g. wss://gateway.example.ts.net'),
		});
		return value?.trim() || undefined;
	}

	/** The editor's own gateway URL, when it is not loopback and the code advertises something else. */
	private editorUrlToOffer(issued: IssuedSetupCode): string | undefined {
		const url = this.gateway.gateway.url.replace(/\/+$/, '');
		const host = safeHost(url);
		if (!host || isLoopbackHost(host) || issued.gatewayUrls.some((u) => u.replace(/\/+$/, '') === url)) return undefined;
		return url;
	}

	private async finished(state: SetupWatchState): Promise<void> {
		switch (state.phase) {
			case 'paired':
				this.output.info(
					`setup code used: ${state.name} (${state.deviceId.slice(0, 12)}) is paired with ${state.access} access${state.inferred ? ' (seen in the paired list)' : ''}`,
				);
				this.show({ phase: 'paired', access: state.access, name: state.name, inferred: state.inferred });
				await this.connected?.service.refresh().catch(() => undefined);
				await vscode.commands.executeCommand('openclawPairing.paired.focus').then(undefined, () => undefined);
				this.panel?.reveal();
				return;
			case 'deliveryUncertain':
				this.output.warn(`setup code used by ${state.name}, but the gateway could not confirm the device got its credentials`);
				this.show({ phase: 'deliveryUncertain', name: state.name });
				return;
			case 'expired':
				this.output.info('setup code expired unused');
				this.show({ phase: 'expired' });
				return;
		}
	}

	private async onMessage(message: SetupPageMessage): Promise<void> {
		const issued = this.issued;
		const copy = async (text: string, what: string) => {
			await vscode.env.clipboard.writeText(text);
			void vscode.window.showInformationMessage(`${what} copied. It works once, until it expires; share it only with the device you pair.`);
		};
		switch (message) {
			case 'copyCode':
				if (issued) await copy(issued.setupCode, 'Setup code');
				return;
			case 'copyLink':
				if (issued) await copy(setupLink(issued.setupCode), 'Setup link');
				return;
			case 'copyCommand':
				if (issued) await copy(nodePairCommand(issued.setupCode), 'Node host command');
				return;
			case 'usePublicUrl':
				if (this.suggestedUrl) this.publicUrl = this.suggestedUrl;
				return this.create();
			case 'newCode':
				return this.create();
			case 'showPaired':
				await vscode.commands.executeCommand('openclawPairing.paired.focus');
				return;
			case 'close':
				this.dispose();
				return;
		}
	}
}

function safeHost(url: string): string | undefined {
	try {
		return new URL(url).hostname;
	} catch {
		return undefined;
	}
}
