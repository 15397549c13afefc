// A device's or request's name for people: the operator's label, then what it calls itself, then its client or id.
export function deviceName(d: { displayName?: string; operatorLabel?: string; clientId?: string; deviceId?: string; nodeId?: string }): string {
	return d.operatorLabel || d.displayName || d.clientId || (d.deviceId ?? d.nodeId ?? '').slice(0, 12) || 'unnamed device';
}
