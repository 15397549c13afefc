import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SETUP_PAGE_MESSAGES, SetupPageState, escapeHtml, setupPageHtml } from '../../client/src/setupCode/setupHtml';
import { qrSvg } from '../../client/src/setupCode/qrSvg';
import { reachabilityNotes } from '../../core/src/pairing/setupReachability';

const NONCE = 'n0nceAAAABBBBCCCC';
const CODE = Buffer.from(JSON.stringify({ url: 'ws://127.0.0.1:1', bootstrapToken: 'tok' })).toString('base64url');
const waiting = (extra: object = {}): SetupPageState => ({
	phase: 'waiting',
	code: {
		access: 'node',
		setupCode: CODE,
		link: `oc-pair://${CODE}`,
		command: `openclaw node run --pair "oc-pair://${CODE}"`,
		qrSvg: qrSvg(CODE).svg,
		expiresAtMs: 1_000 + 600_000,
		expiryEstimated: true,
		gatewayUrls: ['ws://127.0.0.1:1'],
		accessDowngraded: true,
		notes: reachabilityNotes(['ws://127.0.0.1:1']),
		suggestedUrl: 'wss://gw.example.com/<x>',
		...extra,
	},
});

test('strict CSP, nonce on every style and script, nothing remote', () => {
	const states: SetupPageState[] = [
		{ phase: 'choosing' },
		{ phase: 'creating', access: 'full' },
		waiting(),
		{ phase: 'paired', access: 'full', name: 'Pixel', inferred: false },
		{ phase: 'deliveryUncertain', name: 'Pixel' },
		{ phase: 'expired' },
		{ phase: 'error', message: 'boom' },
	];
	for (const state of states) {
		const html = setupPageHtml(state, NONCE, 1_000, '2026.9.6');
		assert.match(html, new RegExp(`content="default-src 'none'; img-src data:; style-src 'nonce-${NONCE}'; script-src 'nonce-${NONCE}';"`));
		assert.equal(html.match(/<script/g)?.length, 1);
		assert.equal(html.match(/<script nonce=/g)?.length, 1);
		assert.equal(html.match(/<style nonce=/g)?.length, 1);
		// The SVG namespace is an identifier, not a load; anything else with a scheme would be remote content.
		assert.deepEqual(html.replace('xmlns="http://www.w3.org/2000/svg"', '').match(/https?:\/\/|<link|<iframe|src=/gi), null, state.phase);
		for (const [, message] of html.matchAll(/data-message="([^"]+)"/g)) assert.ok(SETUP_PAGE_MESSAGES.has(message), message);
	}
});

test('the waiting page: QR inline, countdown, notes, downgrade, node command, escaped text', () => {
	const html = setupPageHtml(waiting(), NONCE, 1_000, '2026.9.6');
	assert.match(html, /<div class="qr"><svg role="img"/);
	assert.match(html, /data-expires="601000">Expires in <span id="left">10:00<\/span> \(about/);
	assert.match(html, /callout error" role="alert">127\.0\.0\.1:1 is a loopback address/);
	assert.match(html, /issued limited access/);
	assert.ok(html.includes(escapeHtml(`openclaw node run --pair "oc-pair://${CODE}"`)));
	assert.ok(html.includes('wss://gw.example.com/&lt;x&gt;'));
	assert.ok(!html.includes('data-message="copyCode"'), 'a node code is run, not pasted into an app');
	const phone = setupPageHtml(waiting({ access: 'full', command: undefined }), NONCE, 1_000, undefined);
	assert.ok(phone.includes('data-message="copyCode"'));
	assert.ok(setupPageHtml({ phase: 'error', message: '<img src=x>' }, NONCE, 0, undefined).includes('&lt;img src=x&gt;'));
});
