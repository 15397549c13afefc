// wss:// with a pinned certificate fingerprint (OpenClaw's gateway.remote.tlsFingerprint), against the FAKE gateway
// behind a TLS-terminating proxy with a self-signed certificate made by openssl: the matching pin connects (self-
// signed is fine then), a wrong pin and an unpinned self-signed certificate are refused with a typed "tls" error
// before our connect frame (and its token) is ever sent.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GatewayConnectError, connectGateway, generateDeviceIdentity, normalizeTlsFingerprint } from '../../core/src/gateway';
import { createPairingService } from '../../core/src/pairing/pairingService';
import { FakeGateway, startFakeGateway } from '../support/fakeGateway';
import { FaultProxy, startFaultProxy } from '../support/faultProxy';
import { capturingLogger, waitForState } from '../support/pairingHarness';

const TOKEN = 'tls-test-shared-token-never-logged';

describe('wss:// with a pinned TLS fingerprint (fake gateway, self-signed certificate)', () => {
	let tmp: string;
	let fake: FakeGateway;
	let proxy: FaultProxy;
	let pin: string; // AB:CD:… as Node and openssl print it
	const identity = generateDeviceIdentity();

	const connect = (url: string, tlsFingerprint?: string) =>
		connectGateway({
			url,
			auth: { token: TOKEN },
			identity,
			role: 'operator',
			scopes: ['operator.read'],
			connectTimeoutMs: 5_000,
			client: { id: 'gateway-client', mode: 'ui', version: '0.1.0-test', platform: 'linux' },
			...(tlsFingerprint === undefined ? {} : { tlsFingerprint }),
		});
	const refusal = (p: Promise<unknown>) =>
		p.then(
			() => assert.fail('must be refused'),
			(e: unknown) => {
				assert.ok(e instanceof GatewayConnectError, String(e));
				return e;
			},
		);

	before(async () => {
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pairing-tls-'));
		const key = path.join(tmp, 'key.pem');
		const cert = path.join(tmp, 'cert.pem');
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'ec',
				'-pkeyopt',
				'ec_paramgen_curve:prime256v1',
				'-nodes',
				'-keyout',
				key,
				'-out',
				cert,
				'-days',
				'2',
				'-subj',
				'/CN=localhost',
				'-addext',
				'subjectAltName=IP:127.0.0.1,DNS:localhost',
			],
			{ stdio: 'ignore' },
		);
		pin = new crypto.X509Certificate(fs.readFileSync(cert)).fingerprint256;
		// Cross-check with openssl's own fingerprint of the DER.
		const openssl = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
		assert.equal(openssl.trim().split('=')[1], pin);
		fake = await startFakeGateway();
		proxy = await startFaultProxy({
			upstreamPort: Number(new URL(fake.url).port),
			tls: { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') },
		});
	});

	after(async () => {
		await proxy?.close();
		await fake?.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	test('fingerprint forms: colon hex, plain hex, sha256: prefix, any case; anything else is not a pin', () => {
		const hex = pin.replace(/:/g, '').toLowerCase();
		for (const form of [pin, pin.toLowerCase(), hex, hex.toUpperCase(), `sha256:${pin}`, `  ${hex}  `]) assert.equal(normalizeTlsFingerprint(form), hex, form);
		for (const bad of ['', 'abc', hex.slice(2), `${hex}00`, pin.replace(/:/g, '-'), `sha1:${hex}`]) assert.equal(normalizeTlsFingerprint(bad), '', bad);
	});

	test('the matching pin connects to the self-signed wss:// gateway (every form of the pin)', async () => {
		for (const form of [pin, pin.replace(/:/g, '').toLowerCase(), `sha256:${pin.toLowerCase()}`]) {
			const session = await connect(proxy.url, form);
			assert.equal(session.hello.type, 'hello-ok');
			assert.deepEqual(await session.request('device.pair.list', {}), { pending: [], paired: [] });
			await session.close();
		}
	});

	test('a wrong pin is refused (kind tls, pin-mismatch, the presented fingerprint) before the connect frame is sent', async () => {
		const hellos = fake.helloCount;
		const wrong = crypto.createHash('sha256').update('another certificate').digest('hex');
		const error = await refusal(connect(proxy.url, wrong));
		assert.equal(error.kind, 'tls');
		assert.equal(error.tlsCode, 'pin-mismatch');
		assert.equal(error.certFingerprint, pin);
		assert.match(error.message, /does not match the pinned fingerprint/);
		assert.equal(fake.helloCount, hellos, 'the gateway never saw our connect (nor the token in it)');
	});

	test('no pin: normal CA validation refuses the self-signed certificate (kind tls, the OpenSSL code)', async () => {
		const hellos = fake.helloCount;
		const error = await refusal(connect(proxy.url));
		assert.equal(error.kind, 'tls');
		assert.equal(error.tlsCode, 'DEPTH_ZERO_SELF_SIGNED_CERT');
		assert.match(error.message, /certificate was refused/);
		assert.equal(fake.helloCount, hellos);
	});

	test('a pin on ws:// or a malformed pin is refused before connecting', async () => {
		const onPlain = await refusal(connect(fake.url, pin));
		assert.equal(onPlain.tlsCode, 'pin-needs-wss');
		const malformed = await refusal(connect(proxy.url, 'not-a-fingerprint'));
		assert.equal(malformed.tlsCode, 'pin-invalid');
	});

	test('the PairingService: pinned wss connects and lists; a wrong pin leaves it disconnected with a clear message; a pin on ws:// is refused', async () => {
		fake.pending = [
			{ requestId: 'req-tls', deviceId: 'b'.repeat(64), publicKey: 'pk', role: 'operator', roles: ['operator'], scopes: ['operator.read'], ts: Date.now() },
		];
		const log = capturingLogger();
		log.forbidden.push(TOKEN, identity.privateKeyPem);
		const make = (url: string, tlsFingerprint: string) =>
			createPairingService({
				url,
				token: async () => TOKEN,
				identityStore: { loadOrCreate: async () => identity },
				log,
				trace: true,
				tlsFingerprint,
				backoff: { initialMs: 50, maxMs: 200, jitter: 0 },
			});

		const good = make(proxy.url, pin);
		good.start();
		await waitForState(good, (s) => s.kind === 'connected', 10_000);
		assert.deepEqual(
			good.snapshot?.pending.map((p) => p.requestId),
			['req-tls'],
		);
		await good.stop();

		const wrong = make(proxy.url, 'ab'.repeat(32));
		wrong.start();
		const down = await waitForState(wrong, (s) => s.kind === 'disconnected', 10_000);
		assert.match(down.kind === 'disconnected' ? down.message : '', /does not match the pinned fingerprint/);
		assert.equal(down.kind === 'disconnected' && down.unreachable, undefined, 'not "unreachable": a certificate problem');
		await wrong.stop();

		const plain = make(fake.url, pin);
		plain.start();
		assert.deepEqual(plain.state, { kind: 'refused', message: 'a TLS fingerprint needs a wss:// gateway URL' });
		await plain.stop();
		log.assertClean();
		fake.pending = [];
	});
});
