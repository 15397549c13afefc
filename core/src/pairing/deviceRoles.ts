// The roles a device or request names: the gateway reads both `roles` and the older single `role`.

/** Every role named, trimmed, each once; [] when none is. */
export function namedRoles(d: { role?: string | undefined; roles?: string[] | undefined }): string[] {
	return [...new Set([...(d.roles ?? []), ...(d.role ? [d.role] : [])].map((r) => r.trim()).filter(Boolean))];
}

/** The roles a request asks for: one that names none asks for operator, as the gateway reads it. */
export function requestedRoles(d: { role?: string | undefined; roles?: string[] | undefined }): string[] {
	const roles = namedRoles(d);
	return roles.length ? roles : ['operator'];
}
