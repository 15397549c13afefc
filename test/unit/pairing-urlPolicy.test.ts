import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkGatewayUrl, isLoopbackHost } from '../../core/src/pairing/urlPolicy';

describe('gateway URL policy', () => {
	test('plaintext ws:// to loopback is fine', () => {
		for (const url of [
			'ws://127.0.0.1:18789',
			'ws://localhost:18789',
			'ws://[::1]:18789/',
			'ws://127.1.2.3',
			'ws://app.localhost:1',
			'ws://[::ffff:127.0.0.1]:18789',
		]) {
			const r = checkGatewayUrl(url, false);
			assert.ok(r.ok, `${url}: ${r.ok ? '' : r.message}`);
			assert.equal(r.loopback, true, url);
		}
	});

	test('plaintext ws:// to any other host is refused unless allowed', () => {
		for (const url of [
			'ws://192.168.1.10:18789',
			'ws://gateway.example.com',
			'ws://[fe80::1]:1',
			'ws://10.0.0.1',
			'ws://127.example.com',
			'ws://[::ffff:10.0.0.1]',
		]) {
			const r = checkGatewayUrl(url, false);
			assert.equal(r.ok, false, url);
			assert.ok(!r.ok && r.refused, url);
			assert.match(!r.ok ? r.message : '', /refusing plaintext/);
			const allowed = checkGatewayUrl(url, true);
			assert.ok(allowed.ok && !allowed.loopback, url);
		}
	});

	test('wss:// is fine anywhere', () => {
		const r = checkGatewayUrl('wss://gateway.example.com:443/ws', false);
		assert.ok(r.ok);
		assert.equal(r.display, 'wss://gateway.example.com/ws');
	});

	test('bad URLs are usage errors, not policy refusals', () => {
		for (const [url, pattern] of [
			['not a url', /not a valid URL/],
			['http://127.0.0.1:18789', /ws:\/\/ or wss:\/\/, not http:.*try ws:\/\/127\.0\.0\.1:18789/],
			['https://gw.example.com', /try wss:\/\//],
			['ftp://127.0.0.1', /must use ws:\/\/ or wss:\/\//],
		] as const) {
			const r = checkGatewayUrl(url, false);
			assert.ok(!r.ok && !r.refused, url);
			assert.match(!r.ok ? r.message : '', pattern);
		}
	});

	test('credentials in the URL are refused, and no message echoes a query or credentials', () => {
		const creds = checkGatewayUrl('ws://user:s3cret@127.0.0.1:18789', false);
		assert.ok(!creds.ok);
		assert.doesNotMatch(!creds.ok ? creds.message : '', /s3cret/);
		const remote = checkGatewayUrl('ws://gw.example.com/?token=s3cret', false);
		assert.ok(!remote.ok);
		assert.doesNotMatch(!remote.ok ? remote.message : '', /s3cret/);
		const ok = checkGatewayUrl('ws://127.0.0.1:18789/?token=s3cret#x', false);
		assert.ok(ok.ok);
		assert.equal(ok.display, 'ws://127.0.0.1:18789');
	});

	test('isLoopbackHost', () => {
		assert.equal(isLoopbackHost('LOCALHOST'), true);
		assert.equal(isLoopbackHost('[::1]'), true);
		assert.equal(isLoopbackHost('0:0:0:0:0:0:0:1'), true);
		assert.equal(isLoopbackHost('::ffff:7f00:1'), true);
		assert.equal(isLoopbackHost('::ffff:a00:1'), false);
		assert.equal(isLoopbackHost('128.0.0.1'), false);
		assert.equal(isLoopbackHost('localhost.example.com'), false);
	});
});
