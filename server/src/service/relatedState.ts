// Facts from a state dir's other stores that some rules compare a document with, as openclaw doctor does: the paired
// records beside pending.json, this machine's identity and cached tokens beside paired.json. The CLI's check reads
// them; a document validated alone (the editor) has none, and those rules stay silent.
import type { LocalDeviceAuth } from '../../../core/src/pairing/localDeviceAuth';

export interface RelatedState {
	/** For pending requests: the paired records of the same store, to tell what each request asks for. */
	paired?: readonly Readonly<Record<string, unknown>>[];
	/** For paired records: this machine's own device and the device tokens it has cached. */
	local?: LocalDeviceAuth;
}

/** pending.json's related facts from the value of the paired.json beside it (keyed by deviceId); undefined if not a map. */
export function pairedBeside(paired: unknown): RelatedState | undefined {
	if (typeof paired !== 'object' || paired === null || Array.isArray(paired)) return undefined;
	return {
		paired: Object.entries(paired).flatMap(([deviceId, r]) =>
			typeof r === 'object' && r !== null && !Array.isArray(r) ? [{ deviceId, ...(r as Record<string, unknown>) }] : [],
		),
	};
}
