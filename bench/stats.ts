/** Summary statistics of latency samples (ms). p95 is nearest-rank, so with n < 20 it is the maximum. */
export interface Summary {
	n: number;
	medianMs: number;
	p95Ms: number;
	minMs: number;
	maxMs: number;
	meanMs: number;
}

export function summarize(samples: readonly number[]): Summary {
	if (samples.length === 0) throw new Error('no samples');
	const sorted = [...samples].sort((a, b) => a - b);
	const n = sorted.length;
	const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	return {
		n,
		medianMs: round(median),
		p95Ms: round(sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]),
		minMs: round(sorted[0]),
		maxMs: round(sorted[n - 1]),
		meanMs: round(sorted.reduce((a, b) => a + b, 0) / n),
	};
}

export function round(ms: number, digits = 2): number {
	const f = 10 ** digits;
	return Math.round(ms * f) / f;
}

export function formatMs(ms: number): string {
	if (ms >= 1000) return ms.toFixed(0);
	if (ms >= 100) return ms.toFixed(1);
	return ms.toFixed(2);
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
	return `${bytes} B`;
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(header: string[], rows: string[][], align: ('l' | 'r')[] = []): string {
	const sep = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
	return [header, sep, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** One row per labelled path: n, median, p95, min and max (ms), as the extension-host benches report them. */
export function summaryTable(first: string, rows: readonly { label: string; summary: Summary }[]): string {
	return markdownTable(
		[first, 'n', 'median ms', 'p95 ms', 'min ms', 'max ms'],
		rows.map(({ label, summary: s }) => [label, String(s.n), formatMs(s.medianMs), formatMs(s.p95Ms), formatMs(s.minMs), formatMs(s.maxMs)]),
		['l', 'r', 'r', 'r', 'r', 'r'],
	);
}
