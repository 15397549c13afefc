import * as vscode from 'vscode';
import { openClawHome, openClawStateDir, resolveUserPath } from '../../core/src/openclaw/stateLayout';

/** The state dir this window works on: the openclawPairing.stateDir setting, else the one OpenClaw itself would use. */
export function localStateDir(): string {
	const setting = vscode.workspace.getConfiguration('openclawPairing').get<string>('stateDir')?.trim();
	return setting ? resolveUserPath(setting, openClawHome(process.env)) : openClawStateDir(process.env);
}
