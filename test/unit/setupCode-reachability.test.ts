import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyHost, reachabilityNotes } from '../../core/src/pairing/setupReachability';

const kinds = (url: string) => reachabilityNotes([url]).map((n) => `${n.kind}:${n.severity}`);

test('hosts a phone may not reach', () => {
	for (const host of ['127.0.0.1', '127.5.6.7', 'localhost', '::1']) assert.equal(classifyHost(host), 'loopback', host);
	for (const host of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.5', '169.254.10.10', 'fe80::1', 'fd12::1', 'nas.local'])
		assert.equal(classifyHost(host), 'lan', host);
	for (const host of ['100.64.0.1', '100.127.255.255', 'gw.tail1234.ts.net', 'fd7a:115c:a1e0::1']) assert.equal(classifyHost(host), 'tailnet', host);
	for (const host of ['172.32.0.1', '100.128.0.1', '8.8.8.8', 'gateway.example.com', '2001:db8::1']) assert.equal(classifyHost(host), 'other', host);
	assert.equal(classifyHost('10.0.2.2'), 'emulator');
});

test('notes per URL: loopback is an error, LAN and plaintext warnings, tailnet info', () => {
	assert.deepEqual(kinds('ws://127.0.0.1:18789'), ['loopback:error']);
	assert.deepEqual(kinds('wss://[::1]:18789'), ['loopback:error']);
	assert.deepEqual(kinds('ws://192.168.1.5:18789'), ['lan:warning', 'plaintext:warning']);
	assert.deepEqual(kinds('wss://192.168.1.5:18789'), ['lan:warning']);
	assert.deepEqual(kinds('wss://gw.tail1234.ts.net'), ['tailnet:info']);
	assert.deepEqual(kinds('ws://100.100.1.1:18789'), ['tailnet:info', 'plaintext:warning']);
	assert.deepEqual(kinds('ws://10.0.2.2:18789'), ['emulator:info', 'plaintext:warning']);
	assert.deepEqual(kinds('wss://gateway.example.com'), []);
	assert.deepEqual(kinds('not a url'), ['invalid:error']);
	assert.equal(reachabilityNotes(['ws://127.0.0.1:1', 'wss://gw.example.com']).length, 1);
});
