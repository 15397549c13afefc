// A pasted JSON error: a whole `res` frame, a log record holding one, the `error` object or just its `details`.
// Only bounded work: one parse of the text (or of up to MAX_JSON_LINES lines that look like JSON), then a
// breadth-first look at no more than MAX_NODES objects for the first one shaped like a gateway error.

const MAX_JSON_LINES = 50;
const MAX_NODES = 200;
const MAX_DEPTH = 5;

/** The fields of a gateway error the doctor reads (frames.ts ErrorShape, connect-error-details.ts details). */
export interface ErrorJson {
	/** Top-level `error.code` (NOT_PAIRED, INVALID_REQUEST, FORBIDDEN…). */
	code?: string;
	message?: string;
	/** `details.code` (PAIRING_REQUIRED, AUTH_TOKEN_MISMATCH, MISSING_SCOPE…). */
	detailCode?: string;
	details: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Parse the JSON object(s) in `text` and return the first gateway error shape found, if any. */
export function findErrorJson(text: string): ErrorJson | undefined {
	for (const candidate of jsonCandidates(text)) {
		const found = errorShapeIn(candidate);
		if (found) return found;
	}
	return undefined;
}

function* jsonCandidates(text: string): Generator<unknown> {
	const whole = parseBetweenBraces(text);
	if (whole !== undefined) {
		yield whole;
		return;
	}
	let seen = 0;
	for (const line of text.split('\n')) {
		if (!line.includes('{')) continue;
		if (++seen > MAX_JSON_LINES) return;
		const parsed = parseBetweenBraces(line);
		if (parsed !== undefined) yield parsed;
	}
}

function parseBetweenBraces(text: string): unknown {
	const start = text.indexOf('{');
	const end = text.lastIndexOf('}');
	if (start < 0 || end <= start) return undefined;
	try {
		return JSON.parse(text.slice(start, end + 1)) as unknown;
	} catch {
		return undefined;
	}
}

/** The error shape: an object with `details.code`, or with a `code` and a `message`, or a bare details object. */
function errorShapeIn(root: unknown): ErrorJson | undefined {
	const queue: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
	let visited = 0;
	while (queue.length > 0 && visited < MAX_NODES) {
		const { value, depth } = queue.shift() as { value: unknown; depth: number };
		if (!isObj(value)) continue;
		visited++;
		const shape = asErrorShape(value);
		if (shape) return shape;
		if (depth >= MAX_DEPTH) continue;
		// `error` first: a frame's error is what matters, not its other fields.
		const keys = Object.keys(value).sort((a, b) => Number(b === 'error') - Number(a === 'error'));
		for (const key of keys) if (isObj(value[key])) queue.push({ value: value[key], depth: depth + 1 });
	}
	return undefined;
}

function asErrorShape(value: Obj): ErrorJson | undefined {
	const details = isObj(value.details) ? value.details : undefined;
	const code = str(value.code);
	const message = str(value.message);
	if (details && str(details.code)) {
		return { ...(code ? { code } : {}), ...(message ? { message } : {}), detailCode: str(details.code) as string, details };
	}
	if (code && message) return { code, message, details: details ?? {} };
	// A bare details object ({"code":"PAIRING_REQUIRED","reason":…,"requestId":…}).
	if (code && /^[A-Z][A-Z_]{2,60}$/.test(code) && (value.reason !== undefined || value.requestId !== undefined || value.recommendedNextStep !== undefined)) {
		return { detailCode: code, details: value };
	}
	return undefined;
}

export function detailString(details: Obj, key: string): string | undefined {
	return str(details[key]);
}

export function detailBoolean(details: Obj, key: string): boolean | undefined {
	const v = details[key];
	return typeof v === 'boolean' ? v : undefined;
}

export function detailList(details: Obj, key: string): string[] | undefined {
	const v = details[key];
	if (!Array.isArray(v)) return undefined;
	return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}
