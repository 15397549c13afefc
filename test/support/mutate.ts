// A mutation fuzzer for pairing files, seeded from files the real gateway wrote: deterministic (seeded PRNG), so a
// failure names the seed and index that reproduce it.

export type Rng = () => number;

/** mulberry32: small, fast, good enough to drive mutations reproducibly. */
export function rng(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)];

const NASTY = [
	'{',
	'}',
	'[',
	']',
	'"',
	',',
	':',
	'\\',
	'\u0000',
	'\uD800',
	'\uDFFF',
	'\u2028',
	'\uFEFF',
	'//',
	'/*',
	'null',
	'-0',
	'1e999',
	'NaN',
	'\t',
	'\r\n',
	'💥',
	'\\u12',
	'operator.admni',
];

function randomValue(r: Rng, depth = 0): unknown {
	switch (int(r, depth > 2 ? 6 : 9)) {
		case 0:
			return null;
		case 1:
			return pick(r, [0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER + 2, 1795543893382]);
		case 2:
			return pick(r, ['', 'operator.admin', 'operator.admni', 'x'.repeat(1 + int(r, 200)), '\uD800', '\u0000']);
		case 3:
			return r() < 0.5;
		case 4:
			return 'y'.repeat(int(r, 40) === 0 ? 1_000_000 : 10);
		case 5:
			return pick(r, ['operator', 'node', 'banana']);
		case 6:
			return Array.from({ length: int(r, 4) }, () => randomValue(r, depth + 1));
		case 7:
			return Object.fromEntries(Array.from({ length: int(r, 4) }, (_, i) => [pick(r, ['scopes', 'tokens', 'deviceId', `k${i}`]), randomValue(r, depth + 1)]));
		default:
			return ['operator.read', 'operator.write'];
	}
}

/** All paths of a JSON value (up to a limit), to aim structural mutations. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
	if (out.length > 500) return out;
	out.push(prefix);
	if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
	else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
	return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
	if (path.length === 0) return value;
	const [head, ...rest] = path;
	const container = root as Record<string | number, unknown>;
	container[head] = setAt(container[head], rest, value);
	return root;
}

/** One mutated document from a seed text. Kinds cover text-level damage and structure-level type confusion. */
export function mutate(seed: string, r: Rng): { kind: string; text: string } {
	// Weighted: the expensive kinds (megabyte strings, deep nesting) are rarer so 100,000 documents stay affordable.
	const kind = pick(r, [
		'truncate',
		'delete',
		'insert',
		'insert',
		'duplicate-span',
		'wrong-type',
		'wrong-type',
		'wrong-type',
		'duplicate-key',
		'deep',
		'bytes',
		'stack',
		r() < 0.1 ? 'huge-string' : 'wrong-type',
	]);
	const at = int(r, seed.length + 1);
	switch (kind) {
		case 'truncate':
			return { kind, text: seed.slice(0, at) };
		case 'delete':
			return { kind, text: seed.slice(0, at) + seed.slice(at + 1 + int(r, 40)) };
		case 'insert':
			return { kind, text: seed.slice(0, at) + pick(r, NASTY) + seed.slice(at) };
		case 'duplicate-span': {
			const len = 1 + int(r, 200);
			return { kind, text: seed.slice(0, at) + seed.slice(at, at + len) + seed.slice(at) };
		}
		case 'wrong-type':
		case 'huge-string': {
			let value: unknown;
			try {
				value = JSON.parse(seed);
			} catch {
				return { kind, text: seed };
			}
			const all = paths(value);
			const target = pick(r, all);
			const replacement = kind === 'huge-string' ? 'z'.repeat(500_000 + int(r, 1_000_000)) : randomValue(r);
			return { kind, text: JSON.stringify(setAt(value, target, replacement), null, 2) };
		}
		case 'duplicate-key': {
			const m = /\n(\s+)("[^"]+":[^\n]*)\n/.exec(seed.slice(at)) ?? /("[^"]+":[^\n]*)/.exec(seed);
			if (!m) return { kind, text: seed };
			const line = m[0].trim().replace(/,?$/, ',');
			const insertAt = seed.indexOf(m[0]) + 1;
			return { kind, text: seed.slice(0, insertAt) + line + '\n' + seed.slice(insertAt) };
		}
		case 'deep': {
			const depth = pick(r, [100, 1000, 20_000, 200_000]);
			const open = pick(r, ['[', '{"a":']);
			const close = open === '[' ? ']' : '}';
			return { kind, text: `{"x": ${open.repeat(depth)}1${close.repeat(int(r, 2) ? depth : depth - 1)}}` };
		}
		case 'bytes':
			return { kind, text: Array.from({ length: 1 + int(r, 300) }, () => String.fromCharCode(int(r, 0x10000))).join('') };
		default: {
			// Stack two mutations.
			const once = mutate(seed, r).text;
			return { kind, text: mutate(once, r).text };
		}
	}
}
