import type { Finding } from './diagnosticCodes';
import type { ValidationSettings } from './ruleContext';

/** A record's finding with its offset relative to the record's key or value, so it holds wherever the record moves. */
export interface CachedFinding {
	finding: Finding;
	anchor: 'key' | 'value';
	relative: number;
}

/** The clock readings (ms) for which a record's findings hold: timestamp checks compare with `now`. */
export interface ClockWindow {
	from: number;
	until: number;
}

export const ALWAYS: ClockWindow = { from: -Infinity, until: Infinity };

interface Slot {
	findings: CachedFinding[];
	window: ClockWindow;
	/** The validation that last used this slot (for pruning). */
	used: number;
}

/**
 * Per-record findings of one keyed store (paired.json), keyed by what the record SAYS (its key and a hash of its value
 * text, ParsedDocument.contentKey), not by object identity: any parse, incremental or full, of a record with the same
 * text finds its findings again, e.g. after a syntax error is fixed or a paste or a full-text resync. A finding
 * depends on the record's text, the settings (requiredScopes: a change clears the cache) and, for the timestamp
 * rule, the clock (each slot holds only within its ClockWindow). Findings about the file as a whole are never here.
 */
export class RecordFindingsCache {
	private slots = new Map<string, Slot>();
	private signature = '';
	private generation = 0;
	/** Lookups that found findings / that sent the record to the rules (for tests and the bench). */
	readonly stats = { hits: 0, misses: 0 };

	/** Start one validation: clear on a settings change. */
	begin(settings: ValidationSettings): void {
		const signature = JSON.stringify([settings.requiredScopes, settings.storeVersion]);
		if (signature !== this.signature) {
			this.slots = new Map();
			this.signature = signature;
		}
		this.generation++;
	}

	get(contentKey: string, now: number): CachedFinding[] | undefined {
		const slot = this.slots.get(contentKey);
		if (!slot || now < slot.window.from || now >= slot.window.until) {
			this.stats.misses++;
			return undefined;
		}
		this.stats.hits++;
		slot.used = this.generation;
		return slot.findings;
	}

	set(contentKey: string, findings: CachedFinding[], window: ClockWindow): void {
		this.slots.set(contentKey, { findings, window, used: this.generation });
	}

	/**
	 * End one validation of a file with `records` records: drop what neither this validation nor the one before used,
	 * once the cache holds twice what the file needs (records that an undo may bring back stay one more round).
	 */
	end(records: number): void {
		if (this.slots.size <= 2 * records + 64) return;
		for (const [key, slot] of this.slots) if (slot.used < this.generation - 1) this.slots.delete(key);
	}

	get size(): number {
		return this.slots.size;
	}
}
