import * as fs from 'node:fs';
import { test } from 'node:test';
import type { RunningGateway } from '../../support/gateway';
import type { Browser } from './browser';
import { CodeServer, tempProfile } from './codeServer';
import { UI_TIMEOUT } from './workbench';

/** A UI step may wait for several things the user would see, each up to UI_TIMEOUT. */
export const STEP = { timeout: 3 * UI_TIMEOUT };

/**
 * One UI test file's run: a throw-away profile, steps that are node:test tests of one session, and a teardown that
 * keeps the profile, logs and gateway state when anything failed (or OPENCLAW_E2E_KEEP is set) and removes them otherwise.
 */
export class UiRun {
	readonly profileDir: string;
	/** True until ready(): a setup that threw keeps its logs too. */
	private failed = true;

	constructor(prefix: string) {
		this.profileDir = tempProfile(prefix);
	}

	/** The end of before(): the session is up. */
	ready(): void {
		this.failed = false;
	}

	/** A test whose failure keeps the profile for inspection. */
	step(name: string, fn: () => Promise<void>): void {
		test(name, STEP, async () => {
			try {
				await fn();
			} catch (error) {
				this.failed = true;
				throw error;
			}
		});
	}

	async teardown(parts: { browser?: Browser; server?: CodeServer; gateway?: RunningGateway; close?: (() => Promise<unknown>)[] }): Promise<void> {
		await parts.browser?.close();
		await parts.server?.stop();
		for (const close of parts.close ?? []) await close().catch(() => undefined);
		if (!this.failed && !process.env.OPENCLAW_E2E_KEEP) {
			await parts.gateway?.destroy();
			fs.rmSync(this.profileDir, { recursive: true, force: true });
			return;
		}
		await parts.gateway?.stop();
		console.log(`# code-server profile and logs kept in ${this.profileDir}${parts.gateway ? `; gateway state in ${parts.gateway.stateDir}` : ''}`);
	}
}
