// What approve/reject say for an id the gateway does not hold as pending: by the id's shape and what this command saw.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { describeNotPending, isGatewayRequestId } from '../../cli/src/notPending';

describe('request ids the gateway issues', () => {
	test("the gateway's own ids (randomUUID) have the shape; typos and other strings do not", () => {
		for (let i = 0; i < 50; i++) assert.ok(isGatewayRequestId(randomUUID()));
		assert.ok(isGatewayRequestId('0185cec4-ed01-456b-a446-544ef4384126'), 'an id from a real 2026.9.6 capture');
		for (const id of [
			'nope',
			'',
			'0185cec4-ed01-456b-a446-544ef438412',
			'0185cec4-ed01-456b-a446-544ef43841266',
			'0185cec4ed01456ba446544ef4384126',
			' 0185cec4-ed01-456b-a446-544ef4384126',
			'0185cec4-ed01-456b-a446-544ef438412g',
			'12989e73be8f0ecba685393f357aa995461d2ce96bc9ffd52d7d355a630a7177',
		]) {
			assert.equal(isGatewayRequestId(id), false, JSON.stringify(id));
		}
	});
});

describe('describeNotPending', () => {
	test('a malformed id: not an id the gateway issues, and no claim that it expired or was resolved', () => {
		const line = describeNotPending('nope', false);
		assert.equal(
			line,
			'no pending request "nope": that is not a request id the gateway issues (those are UUIDs, 8-4-4-4-12 hex digits); list the pending requests with: openclaw-pairing devices',
		);
		assert.doesNotMatch(line, /expired|elsewhere|no longer/);
		assert.equal(describeNotPending('nope', true), line, 'the shape decides before anything else');
	});

	test('a long malformed id (a pasted token?) is not printed back', () => {
		const pasted = 'Zr8kQ2v7mW1xYb4nT6pL0sD3fH9jK5cE';
		const line = describeNotPending(pasted, false);
		assert.ok(!line.includes(pasted.slice(0, 9)), line);
		assert.match(line, /^no pending request "Zr8kQ2v7…": /);
	});

	test('a well-formed id never seen: "not pending", with what may have happened to it, and how to list', () => {
		const id = randomUUID();
		assert.equal(
			describeNotPending(id, false),
			`request ${id} is not pending: it may have expired (requests live 5 minutes) or been approved or rejected elsewhere, or never existed; list the pending requests with: openclaw-pairing devices`,
		);
	});

	test('a request this command saw pending: "no longer pending", it was resolved or expired since', () => {
		const id = randomUUID();
		assert.equal(
			describeNotPending(id, true),
			`request ${id} is no longer pending: it was pending when this command connected and has since expired or been approved or rejected elsewhere`,
		);
	});
});
