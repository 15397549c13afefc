// One cell of the missing-admin matrix on a REAL gateway: a fresh device of a catalog client, paired without
// operator.admin through the protocol, then the connect that client makes when it needs admin, in one connection mode.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
	DeviceIdentity,
	GatewayClientId,
	GatewayClientInfo,
	GatewayClientMode,
	GatewayConnectError,
	GatewaySession,
	connectGateway,
	generateDeviceIdentity,
} from '../../core/src/gateway';
import { ClientRequirement, ConnectMode, UpgradeOutcome, clientRequirement, operatorClientIds } from '../../core/src/scopes/scopeCatalog';
import { HandshakeOptions, clientHandshake } from './clientHandshake';
import { RunningGateway, startGateway } from './gateway';

/** A documentation address (RFC 5737): only ever a header value, nothing is sent there. */
export const REMOTE_IP = '203.0.113.7';
/** The LAN name a remote browser uses for the gateway host (the gateway's same-origin check trusts *.local). */
const REMOTE_HOST = 'openclaw-gateway.local';
/** The gateway config the matrix needs: a proxy on loopback whose X-Forwarded-For makes a client remote. */
export const TRUSTED_PROXIES = ['127.0.0.1'];
export const MODES: readonly ConnectMode[] = ['sharedToken', 'deviceToken', 'remote'];

/** The gateway under test and an admin session on it (approvals, device.pair.list). */
export interface MatrixContext {
	gw: RunningGateway;
	admin: GatewaySession;
}

export interface CellResult {
	/** The pairing without admin needed an approval (it was not silent). */
	pairingApproved: boolean;
	outcome: UpgradeOutcome | `other: ${string}`;
	/** The pending request for this device after the admin connect (the one a refusal names, if any). */
	pendingRequestId: string | undefined;
	pendingScopes: string[];
	/** The refusal's close code. */
	closeCode: number | undefined;
	/** The close reason, or "hello-ok". */
	message: string;
}

interface PairList {
	pending: { requestId: string; deviceId: string; scopes?: string[] }[];
}

export function clientInfo(id: string, mode: string, displayName: string): GatewayClientInfo {
	return { id: id as GatewayClientId, mode: mode as GatewayClientMode, version: '0.1.0-test', platform: 'linux', displayName };
}

/** Every operator client of the catalog, with its data (the matrix runs each). */
export function catalogClients(): { id: string; client: ClientRequirement }[] {
	return operatorClientIds().map((id) => {
		const client = clientRequirement(id);
		assert.ok(client, id);
		return { id, client };
	});
}

/** An admin session for the test's own checks and approvals: a fresh device, paired silently on loopback (every version's default). */
export async function connectAdmin(gw: RunningGateway): Promise<MatrixContext> {
	const admin = await connectGateway({
		url: gw.url,
		auth: { token: gw.token },
		identity: generateDeviceIdentity(),
		role: 'operator',
		scopes: ['operator.admin', 'operator.pairing', 'operator.read'],
		client: clientInfo('gateway-client', 'ui', 'loop matrix admin'),
	});
	return { gw, admin };
}

/** What a device of this client was approved for: what it asks for without operator.admin (operator.read if nothing is left). */
export function pairedScopes(client: ClientRequirement): string[] {
	const rest = client.connect.scopes.filter((s) => s !== 'operator.admin');
	return rest.length > 0 ? rest : ['operator.read'];
}

/**
 * The handshake `id` makes. A browser sends its Origin and, on 2026.8+, the buildId of the gateway that served it;
 * "remote" comes through the trusted proxy, and a remote browser opened the gateway by a LAN name the proxy passes on
 * as Host (a loopback Origin from another host is refused).
 */
function handshakeOf(ctx: MatrixContext, id: string, client: ClientRequirement, remote: boolean): Omit<HandshakeOptions, 'scopes' | 'auth' | 'identity'> {
	const host = remote ? `${REMOTE_HOST}:${ctx.gw.port}` : `127.0.0.1:${ctx.gw.port}`;
	const buildId = ctx.admin.hello.server.buildId;
	return {
		url: ctx.gw.url,
		client: clientInfo(id, client.connect.clientMode, `${id} (loop matrix)`),
		headers: {
			...(client.connect.browser ? { Origin: `http://${host}` } : {}),
			...(client.connect.browser && remote ? { Host: host } : {}),
			...(remote ? { 'X-Forwarded-For': REMOTE_IP } : {}),
		},
		buildId: client.connect.browser && typeof buildId === 'string' ? buildId : undefined,
	};
}

/**
 * Pair a fresh device of `id` with its smaller scope set (pairedScopes) and the shared token; when the gateway asks for
 * approval (remote), the admin approves. Returns the device, the token it was issued, and whether it needed approval.
 */
export async function pairWithoutAdmin(
	ctx: MatrixContext,
	id: string,
	client: ClientRequirement,
	remote: boolean,
): Promise<{ identity: DeviceIdentity; deviceToken: string; approved: boolean }> {
	const identity = generateDeviceIdentity();
	const connect = () => clientHandshake({ ...handshakeOf(ctx, id, client, remote), scopes: pairedScopes(client), auth: { token: ctx.gw.token }, identity });
	let first = await connect();
	const approved = first.error !== undefined;
	if (first.error) {
		assert.ok(first.error.pairingRequired && first.error.requestId, `pairing ${id}: ${first.error.message}`);
		await ctx.admin.request('device.pair.approve', { requestId: first.error.requestId });
		first = await connect();
	}
	assert.ok(first.hello, `${id} connects once approved: ${first.error?.message}`);
	assert.ok(!first.hello.auth.scopes.includes('operator.admin'), `${id} is paired without operator.admin`);
	const deviceToken = first.hello.auth.deviceToken;
	assert.ok(typeof deviceToken === 'string' && deviceToken.length > 0, `${id} got a device token`);
	return { identity, deviceToken, approved };
}

/** The connect `id` makes when it needs admin (its connect.scopes) in `mode`, and what the gateway answered. */
export async function measureCell(ctx: MatrixContext, id: string, client: ClientRequirement, mode: ConnectMode): Promise<CellResult> {
	const remote = mode === 'remote';
	const { identity, deviceToken, approved } = await pairWithoutAdmin(ctx, id, client, remote);
	const auth = mode === 'deviceToken' ? { deviceToken } : { token: ctx.gw.token };
	const answer = await clientHandshake({ ...handshakeOf(ctx, id, client, remote), scopes: client.connect.scopes, auth, identity });
	const list = await ctx.admin.request<PairList>('device.pair.list', {});
	const pending = list.pending.filter((p) => p.deviceId === identity.deviceId);
	assert.ok(pending.length <= 1, 'at most one pending request per device');
	const common = { pairingApproved: approved, pendingRequestId: pending[0]?.requestId, pendingScopes: pending[0]?.scopes ?? [] };
	if (answer.hello) {
		const scopes = answer.hello.auth.scopes;
		const outcome = scopes.includes('operator.admin') ? 'upgraded' : (`other: connected with ${scopes.join(',') || 'no scopes'}` as const);
		return { ...common, outcome, closeCode: undefined, message: 'hello-ok' };
	}
	const error = answer.error;
	if (error.requestId !== undefined) assert.equal(pending[0]?.requestId, error.requestId, 'the refusal names the pending request');
	return { ...common, outcome: outcomeOf(error), closeCode: error.close?.code, message: error.close?.reason ?? error.message };
}

function outcomeOf(error: GatewayConnectError): CellResult['outcome'] {
	if (error.pairingRequired && error.reason === 'scope-upgrade') return 'pairing-required';
	if (error.detailCode === 'AUTH_SCOPE_MISMATCH') return 'scope-mismatch';
	return `other: ${`${error.detailCode ?? error.code ?? error.kind} ${error.message}`.trim()}`;
}

/** Whether openclaw@version is installed, without installing it (2026.7.35 and 2026.8.1 are optional extras). */
export function gatewayInstalled(version: string): boolean {
	let dir = __dirname;
	while (!fs.existsSync(path.join(dir, 'scripts', 'install-gateway.mjs'))) {
		if (path.dirname(dir) === dir) return false;
		dir = path.dirname(dir);
	}
	const run = spawnSync(process.execPath, [path.join(dir, 'scripts', 'install-gateway.mjs'), '--print-paths', '--version', version], { encoding: 'utf8' });
	if (run.status !== 0) return false;
	const paths = JSON.parse(run.stdout) as { node: { installed: boolean }; openclaw: Record<string, { installed: boolean } | undefined> };
	return paths.node.installed && paths.openclaw[version]?.installed === true;
}

/**
 * The matrix on one gateway of `version` (started once, with the trusted proxy): for every catalog client and mode, a
 * fresh device and the answer the data says (clients.<id>.measured[version][mode]). `more` adds tests on the same gateway.
 */
export function describeMatrix(version: string, opts: { optional?: boolean; more?: (ctx: () => MatrixContext) => void } = {}): void {
	const skip =
		opts.optional && !gatewayInstalled(version) ? `openclaw@${version} is not installed (node scripts/install-gateway.mjs --version ${version})` : false;
	describe(`missing operator.admin on a real openclaw ${version}`, { skip }, () => {
		let gw: RunningGateway | undefined;
		let ctx: MatrixContext | undefined;
		const context = (): MatrixContext => {
			assert.ok(ctx, 'the gateway started');
			return ctx;
		};
		before(
			async () => {
				gw = await startGateway({ version, trustedProxies: TRUSTED_PROXIES });
				ctx = await connectAdmin(gw);
			},
			{ timeout: 180_000 },
		);
		after(async () => {
			await ctx?.admin.close();
			await gw?.destroy();
		});

		for (const { id, client } of catalogClients()) {
			for (const mode of MODES) {
				const expected = client.measured[version]?.[mode];
				it(`${id}, ${mode}: ${expected ?? '(not in schemas/scopes.json)'}`, async () => {
					assert.ok(expected, `schemas/scopes.json clients.${id}.measured["${version}"].${mode} is missing`);
					const cell = await measureCell(context(), id, client, mode);
					const seen = JSON.stringify(cell);
					assert.equal(cell.outcome, expected, seen);
					// Loopback pairs silently on every version's default config; a remote device waits for an approval.
					assert.equal(cell.pairingApproved, mode === 'remote', seen);
					if (expected === 'pairing-required') {
						assert.equal(cell.closeCode, 1008, seen);
						assert.match(cell.message, /^pairing required: device is asking for more scopes than currently approved/);
						assert.ok(cell.pendingRequestId, `a scope-upgrade request is left pending: ${seen}`);
						assert.ok(cell.pendingScopes.includes('operator.admin'), seen);
					} else {
						if (expected === 'scope-mismatch') assert.equal(cell.closeCode, 1008, seen);
						assert.equal(cell.pendingRequestId, undefined, `nothing pending: ${seen}`);
					}
				});
			}
		}
		opts.more?.(context);
	});
}
