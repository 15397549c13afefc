import * as os from 'node:os';
import type { Connection } from 'vscode-languageserver/node';
import { configuredStateDirs } from '../../core/src/openclaw/stateLayout';

/** The openclawPairing.* settings the server reads (package.json "contributes.configuration" declares them). */
export interface ServerSettings {
	stateDir: string;
	requiredScopes: string[];
}

const DEFAULTS: ServerSettings = { stateDir: '', requiredScopes: [] };

/** Settings from workspace/configuration when the client offers it, else from initializationOptions. */
export class SettingsStore {
	private current: ServerSettings = DEFAULTS;
	private canPull = false;

	constructor(private readonly connection: Connection) {}

	init(initializationOptions: unknown, canPull: boolean): void {
		this.canPull = canPull;
		this.current = sanitize(initializationOptions);
	}

	async refresh(): Promise<void> {
		if (!this.canPull) return;
		const [value] = await this.connection.workspace.getConfiguration([{ section: 'openclawPairing' }]);
		this.current = sanitize(value);
	}

	/** From a didChangeConfiguration push (clients without workspace/configuration). */
	update(pushed: unknown): void {
		const section = (pushed as { openclawPairing?: unknown } | null)?.openclawPairing;
		if (section !== undefined) this.current = sanitize(section);
	}

	get(): ServerSettings {
		return this.current;
	}

	stateDirs(): string[] {
		return configuredStateDirs(this.current.stateDir, process.env, os.homedir());
	}
}

/** Settings come from users' JSON: keep only well-typed values. */
function sanitize(raw: unknown): ServerSettings {
	const obj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	return {
		stateDir: typeof obj.stateDir === 'string' ? obj.stateDir : '',
		requiredScopes: Array.isArray(obj.requiredScopes) ? obj.requiredScopes.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [],
	};
}
