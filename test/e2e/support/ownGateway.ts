import * as vscode from 'vscode';

const TOKEN_KEY = 'openclawPairing.gatewayToken';

/**
 * A suite that starts its own gateway points the extension at it (user settings, then the token as Set Gateway Token
 * stores it) and puts the runner's back afterwards, so the suites after it find the extension as they expect.
 */
export class PointedAtOwnGateway {
	private readonly saved = new Map<string, unknown>();
	private tokenBefore: string | undefined;

	constructor(private readonly secrets: vscode.SecretStorage) {}

	/** `settings`: openclawPairing.* keys, set in this order. */
	async apply(settings: Record<string, unknown>, token: string): Promise<void> {
		const config = vscode.workspace.getConfiguration('openclawPairing');
		this.tokenBefore = await this.secrets.get(TOKEN_KEY);
		for (const key of Object.keys(settings)) this.saved.set(key, config.inspect(key)?.globalValue);
		for (const [key, value] of Object.entries(settings)) await config.update(key, value, vscode.ConfigurationTarget.Global);
		await this.secrets.store(TOKEN_KEY, token);
	}

	async restore(): Promise<void> {
		const config = vscode.workspace.getConfiguration('openclawPairing');
		for (const [key, value] of this.saved) await config.update(key, value, vscode.ConfigurationTarget.Global);
		if (this.tokenBefore === undefined) await this.secrets.delete(TOKEN_KEY);
		else await this.secrets.store(TOKEN_KEY, this.tokenBefore);
	}
}
