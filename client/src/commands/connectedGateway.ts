// No vscode import: what a command holds on to across a modal dialog, unit-tested without an editor.
import { PairingActionError } from '../../../core/src/pairing/pairingActionError';
import type { PairingService } from '../../../core/src/pairing/types';
import { describeActionError } from './actionMessages';

/** Where the current service comes from (the gateway controller); it is replaced on every token or settings change. */
export interface GatewaySource {
	readonly current: PairingService | undefined;
}

export const GATEWAY_CHANGED_MESSAGE = 'The gateway connection changed while the dialog was open, so nothing was sent; try again.';

/** Not connected when the command started (the failure describeActionError words as "Not connected…"). */
export class NotConnectedError extends PairingActionError {
	constructor() {
		super('notConnected', 'connect first');
	}
}

/** The service the command started with was replaced, or lost its connection, while the user was being asked. */
export class GatewayChangedError extends Error {
	readonly failure = 'gatewayChanged';
	constructor() {
		super(GATEWAY_CHANGED_MESSAGE);
	}
}

/**
 * The gateway service a command started with, known to be connected then. Before acting after anything the user
 * answers (a modal, an input box, a quick pick), the command calls `afterDialog()`: it returns the same service if it
 * is still the current one and still connected, and throws GatewayChangedError otherwise, so an approval confirmed
 * for one connection is never sent on another.
 */
export class ConnectedGateway {
	private constructor(
		private readonly source: GatewaySource,
		/** The service as it was when the command started; use it before any dialog. */
		readonly service: PairingService,
	) {}

	/** The current service if it is connected; NotConnectedError otherwise. */
	static resolve(source: GatewaySource): ConnectedGateway {
		const service = source.current;
		if (!service || service.state.kind !== 'connected') throw new NotConnectedError();
		return new ConnectedGateway(source, service);
	}

	/** Still the same service, and still connected. */
	get isCurrent(): boolean {
		return this.source.current === this.service && this.service.state.kind === 'connected';
	}

	/** The service to act on after a dialog: the one the user was asked about, or GatewayChangedError. */
	afterDialog(): PairingService {
		if (!this.isCurrent) throw new GatewayChangedError();
		return this.service;
	}
}

/**
 * A command body that gets the connected gateway resolved at invocation (never the controller's `current!` read after
 * an await). Errors, the not-connected and changed-while-asked ones included, go to onError.
 */
export function withConnectedGateway<A extends unknown[]>(
	source: GatewaySource,
	run: (gateway: ConnectedGateway, ...args: A) => Promise<void>,
	onError: (error: unknown) => void | Promise<void>,
): (...args: A) => Promise<void> {
	return async (...args: A) => {
		try {
			await run(ConnectedGateway.resolve(source), ...args);
		} catch (error) {
			await onError(error);
		}
	};
}

/** What a failed command shows: the changed-while-asked message as it is, every other failure in describeActionError's words. */
export function describeCommandError(error: unknown, what: string): string {
	return error instanceof GatewayChangedError ? error.message : describeActionError(error, what);
}
