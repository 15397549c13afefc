import * as vscode from 'vscode';
import type { GatewayFleet } from '../gatewayFleet';
import type { PairedDevice } from '../../../core/src/pairing/types';
import { deviceName } from '../views/format';
import { ConnectedGateway, describeCommandError, withConnectedGateway } from './connectedGateway';

/** `role`: the token to rotate, when the caller knows it (a fix on the live pairing state); else the user picks. */
type DeviceArg = { device?: PairedDevice; role?: string } | undefined;

/** Remove / rename / rotate / revoke on paired devices, each behind a modal that names the device and the effect. */
export function registerDeviceCommands(fleet: GatewayFleet, output: vscode.LogOutputChannel): vscode.Disposable[] {
	/** The connected gateway (the one the device row belongs to) is resolved when the command runs; after the dialogs, only that same connection is acted on. */
	const run = (what: string, arg: DeviceArg, action: (gateway: ConnectedGateway, device: PairedDevice, on: string) => Promise<boolean>) => {
		const device = arg?.device;
		const member = fleet.resolve(arg);
		const gateway = member.controller;
		if (!device || !gateway.current) return undefined;
		return withConnectedGateway(
			gateway,
			async (connected: ConnectedGateway) => {
				const on = fleet.multiple ? ` on ${member.entry.name}` : '';
				if (await action(connected, device, on)) output.info(`${what}${on}: ${deviceName(device)} (${device.deviceId.slice(0, 12)}…)`);
			},
			(error) => void vscode.window.showErrorMessage(describeCommandError(error, what)),
		)();
	};
	const pickRole = async (device: PairedDevice) => {
		const roles = device.tokens.filter((t) => !t.revokedAtMs).map((t) => t.role);
		return roles.length <= 1 ? roles[0] : vscode.window.showQuickPick(roles, { title: 'Token role' });
	};
	const confirm = async (message: string, detail: string, verb: string) =>
		(await vscode.window.showWarningMessage(message, { modal: true, detail }, verb)) === verb;

	return [
		vscode.commands.registerCommand('openclawPairing.removeDevice', (arg: DeviceArg) =>
			run('remove', arg, async (connected, d, on) => {
				if (!(await confirm(`Remove ${deviceName(d)}${on}?`, 'The device loses its pairing and tokens and is disconnected; it must pair again.', 'Remove')))
					return false;
				await connected.afterDialog().remove(d.deviceId);
				return true;
			}),
		),
		vscode.commands.registerCommand('openclawPairing.renameDevice', (arg: DeviceArg) =>
			run('rename', arg, async (connected, d) => {
				if (!connected.service.supports('device.pair.rename'))
					throw Object.assign(new Error('device.pair.rename needs OpenClaw 2026.8.1 or later'), { failure: 'unsupported' });
				const label = await vscode.window.showInputBox({
					title: 'Device label',
					value: deviceName(d),
					validateInput: (v) => (v.trim().length < 1 || v.trim().length > 64 ? '1 to 64 characters' : undefined),
				});
				if (!label) return false;
				await connected.afterDialog().rename(d.deviceId, label.trim());
				return true;
			}),
		),
		vscode.commands.registerCommand('openclawPairing.rotateToken', (arg: DeviceArg) =>
			run('rotate token', arg, async (connected, d, on) => {
				const role = arg?.role ?? (await pickRole(d));
				if (
					!role ||
					!(await confirm(
						`Rotate the ${role} token of ${deviceName(d)}${on}?`,
						'The device must reconnect to receive the new token; the old one stops working.',
						'Rotate',
					))
				)
					return false;
				await connected.afterDialog().rotateToken(d.deviceId, role);
				return true;
			}),
		),
		vscode.commands.registerCommand('openclawPairing.revokeToken', (arg: DeviceArg) =>
			run('revoke token', arg, async (connected, d, on) => {
				const role = await pickRole(d);
				if (
					!role ||
					!(await confirm(
						`Revoke the ${role} token of ${deviceName(d)}${on}?`,
						'The device can no longer connect as this role until it is approved again.',
						'Revoke',
					))
				)
					return false;
				await connected.afterDialog().revokeToken(d.deviceId, role);
				return true;
			}),
		),
	];
}
