import * as vscode from 'vscode';
import { findGatewayTarget, GatewayTargetResult } from '../../core/src/openclaw/gatewayTarget';

/**
 * The shared gateway token lives only in SecretStorage (the OS keychain where there is one), never in settings; one
 * key per gateway URL (core/src/pairing/gatewayProfiles.ts resolveGateways), so a token only ever goes to its gateway.
 */
export class GatewayTokenStore implements vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChange = this.changed.event;
	private readonly subscription: vscode.Disposable;

	/** `key`: read on every use, since the primary gateway's entry can change with the settings. */
	constructor(
		private readonly secrets: vscode.SecretStorage,
		private readonly key: () => string,
	) {
		this.subscription = secrets.onDidChange((e) => {
			if (e.key === this.key()) this.changed.fire();
		});
	}

	dispose(): void {
		this.subscription.dispose();
		this.changed.dispose();
	}

	get(): Promise<string | undefined> {
		return Promise.resolve(this.secrets.get(this.key())).then((t) => (t && t.trim() ? t.trim() : undefined));
	}

	async set(token: string): Promise<void> {
		await this.secrets.store(this.key(), token.trim());
	}

	async clear(): Promise<void> {
		await this.secrets.delete(this.key());
	}
}

/**
 * The gateway and token the openclaw.json of this environment configures, found as the CLI and openclaw find them
 * (core/src/openclaw/gatewayTarget.ts), leaving out OPENCLAW_GATEWAY_URL/_TOKEN of the editor's own environment:
 * the command reads the file. Read only on request.
 */
export function readTokenFromOpenClawConfig(env: NodeJS.ProcessEnv = process.env): GatewayTargetResult {
	const { OPENCLAW_GATEWAY_URL: _url, OPENCLAW_GATEWAY_TOKEN: _token, ...fileEnv } = env;
	return findGatewayTarget({ env: fileEnv });
}
