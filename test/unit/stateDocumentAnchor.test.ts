// The scroll anchor of a pairing-state document: the same record stays on screen when the text above it changes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderPairedDocument } from '../../core/src/openclaw/pairingStateDocument';
import { anchorAt, lineOfAnchor } from '../../core/src/openclaw/stateDocumentAnchor';

const record = (id: string, extra: Record<string, unknown> = {}) => ({
	deviceId: id,
	publicKey: `k-${id}`,
	role: 'operator',
	createdAtMs: 1,
	approvedAtMs: Number(id.slice(1)),
	...extra,
});

describe('pairing-state document scroll anchor', () => {
	test('a record grown above the screen: the top line moves down with the record it showed', () => {
		const devices = Array.from({ length: 6 }, (_, i) => record(`d${i + 1}`));
		const before = renderPairedDocument(devices).split('\n');
		const top = before.findIndex((l) => l.includes('"d4": {')) + 2;
		const anchor = anchorAt(before, top);
		assert.deepEqual(anchor, { key: 'd4', below: 2 });
		const grown = [{ ...devices[0], displayName: 'renamed', platform: 'linux', clientId: 'cli' }, ...devices.slice(1)];
		const after = renderPairedDocument(grown).split('\n');
		const line = lineOfAnchor(after, anchor);
		assert.ok(line !== undefined && line > top, 'the same place is further down now');
		assert.equal(after[line], before[top]);
	});

	test('above the first record, a record gone, a record shrunk, escaped keys', () => {
		const lines = renderPairedDocument([record('d1'), record('d2')]).split('\n');
		assert.deepEqual(anchorAt(lines, 0), { key: undefined, below: 0 });
		assert.equal(lineOfAnchor(lines, { key: undefined, below: 0 }), 0);
		assert.equal(lineOfAnchor(lines, { key: 'gone', below: 3 }), undefined, 'nothing to follow: leave the screen alone');
		const shrunk = lineOfAnchor(renderPairedDocument([record('d1')]).split('\n'), { key: 'd1', below: 500 });
		assert.ok(shrunk !== undefined && renderPairedDocument([record('d1')]).split('\n')[shrunk] !== '}', 'kept inside the record');
		const odd = 'a"b\\c';
		const escaped = renderPairedDocument([record('d1'), { ...record('d2'), deviceId: odd }]).split('\n');
		const at = anchorAt(escaped, escaped.length - 3);
		assert.equal(at.key, odd);
		assert.equal(lineOfAnchor(escaped, at), escaped.length - 3);
	});
});
