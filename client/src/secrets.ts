import * as fs from 'node:fs';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { openClawConfigPath } from '../../core/src/openclaw/stateLayout';

const TOKEN_KEY = 'openclawPairing.gatewayToken';

/** The shared gateway token lives only in SecretStorage (the OS keychain where there is one), never in settings. */
export class GatewayTokenStore implements vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChange = this.changed.event;
	private readonly subscription: vscode.Disposable;

	constructor(private readonly secrets: vscode.SecretStorage) {
		this.subscription = secrets.onDidChange((e) => {
			if (e.key === TOKEN_KEY) this.changed.fire();
		});
	}

	dispose(): void {
		this.subscription.dispose();
		this.changed.dispose();
	}

	get(): Promise<string | undefined> {
		return Promise.resolve(this.secrets.get(TOKEN_KEY)).then((t) => (t && t.trim() ? t.trim() : undefined));
	}

	async set(token: string): Promise<void> {
		await this.secrets.store(TOKEN_KEY, token.trim());
	}

	async clear(): Promise<void> {
		await this.secrets.delete(TOKEN_KEY);
	}
}

/** The token configured in the local gateway's openclaw.json (gateway.auth.token), if any; read only on request. */
export function readTokenFromOpenClawConfig(env: NodeJS.ProcessEnv = process.env): { token: string; file: string } | undefined {
	const file = openClawConfigPath(env);
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
	// openclaw.json is JSON5-ish in the wild (comments, trailing commas): read leniently.
	const config = parse(text, [], { allowTrailingComma: true }) as { gateway?: { auth?: { token?: unknown } } } | undefined;
	const token = config?.gateway?.auth?.token;
	return typeof token === 'string' && token.trim() ? { token: token.trim(), file } : undefined;
}
