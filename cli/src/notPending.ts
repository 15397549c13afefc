// What `approve <id>` / `reject <id>` says when the gateway has no such pending request. The gateway answers the
// same for every id it does not hold, so we tell the cases apart from what we know: the id's shape (the gateway
// issues randomUUID() ids: buildPendingDevicePairingRequest in 2026.6.6, device-pairing-node.records in 2026.9.6)
// and whether this command saw the request pending when it connected. Nothing here claims a history we don't know.

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Longer malformed ids are cut: a pasted token must not be printed back. */
const SHOWN_MALFORMED = 16;

/** Whether `id` has the shape of a request id the gateway issues (a UUID). */
export function isGatewayRequestId(id: string): boolean {
	return REQUEST_ID.test(id);
}

/** One line for a request id the gateway does not hold as pending. `listed`: pending in this command's first list. */
export function describeNotPending(requestId: string, listed: boolean): string {
	if (!isGatewayRequestId(requestId)) {
		const shown = requestId.length > SHOWN_MALFORMED ? `${requestId.slice(0, 8)}…` : requestId;
		return `no pending request ${JSON.stringify(shown)}: that is not a request id the gateway issues (those are UUIDs, 8-4-4-4-12 hex digits); list the pending requests with: openclaw-pairing devices`;
	}
	if (listed)
		return `request ${requestId} is no longer pending: it was pending when this command connected and has since expired or been approved or rejected elsewhere`;
	return `request ${requestId} is not pending: it may have expired (requests live 5 minutes) or been approved or rejected elsewhere, or never existed; list the pending requests with: openclaw-pairing devices`;
}
