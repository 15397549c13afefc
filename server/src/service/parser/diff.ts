/** Length of the common prefix, by binary search over native substring comparisons (megabytes in a few ms). */
export function commonPrefix(a: string, b: string): number {
	let lo = 0;
	let hi = Math.min(a.length, b.length);
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** Length of the common suffix that does not overlap the common prefix. */
export function commonSuffix(a: string, b: string, prefix: number): number {
	let lo = 0;
	let hi = Math.min(a.length, b.length) - prefix;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}
