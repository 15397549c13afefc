// "Why is this device not connecting?": a recognised line (or a picked request / device), the live lists and the
// state dir's files in; the reason and the one fix out. Pure: the CLI and the extension fetch, this decides.
import { deviceName } from '../pairing/deviceName';
import type { PairedDevice } from '../pairing/types';
import { missingScopes, roleOfScope } from '../scopes/scopeCatalog';
import type { Diagnosis, DoctorContext, DoctorSubject, LiveView } from './diagnosis';
import {
	approveFix,
	askForScopeFix,
	changeRoleFix,
	clockFix,
	legacyImportFix,
	newIdentityFix,
	originFix,
	otherGatewayFix,
	ownerLoginFix,
	reconnectWithSharedTokenFix,
	secureContextFix,
	setTokenFix,
	showDevicesFix,
	waitFix,
} from './fixes';
import type { RecognisedLine } from './recognise';
import { activeRoles, cliOf, diagnoseNodeRequest, diagnoseRequest, findPending, list, revokedRoles } from './requestDiagnosis';
import { diagnoseTokenProblem, tokenProblemWithoutDevice } from './tokenDiagnosis';

type Live = DoctorContext & { live: LiveView };
type Ids = { requestId?: string | undefined; prefix?: string | undefined; deviceId?: string | undefined };

const hasLive = (ctx: DoctorContext): ctx is Live => ctx.live !== undefined;

/** Line kinds whose diagnosis needs no live lists (the token, the clock, the origin, legacy files); the rest do. */
const LINE_ONLY = new Set<RecognisedLine['kind']>([
	'shared-token-mismatch',
	'shared-token-missing',
	'rate-limited',
	'signature-invalid',
	'signature-expired',
	'device-id-mismatch',
	'origin-not-allowed',
	'device-identity-required',
	'legacy-identity',
	'legacy-device-auth',
	'verified-user-required',
	'role-cap',
]);

/** Whether diagnosing this line (or a picked request / device: no line) needs the gateway's lists. */
export function needsLiveLists(line: RecognisedLine | undefined): boolean {
	return !line || !LINE_ONLY.has(line.kind);
}

/** Usually one diagnosis; several when a line names no request and several are pending. Empty: nothing wrong found. */
export function diagnose(subject: DoctorSubject, ctx: DoctorContext): Diagnosis[] {
	const line = subject.line;
	const ids: Ids = {
		requestId: subject.requestId ?? line?.requestId,
		prefix: subject.requestId ? undefined : line?.requestIdPrefix,
		deviceId: subject.deviceId ?? line?.deviceId,
	};
	if (!line) return hasLive(ctx) ? diagnoseTarget(ids, ctx) : [];
	switch (line.kind) {
		case 'pairing-required':
			return hasLive(ctx) ? diagnosePairing(line, ids, ctx) : [pairingFromLine(line, ids, ctx)];
		case 'device-token-mismatch':
		case 'device-token-rejected':
		case 'client-invalidated': {
			const known = ids.deviceId && hasLive(ctx) ? diagnoseTokenProblem(ids.deviceId, line.invalidation, ctx) : undefined;
			if (known) return [known];
			return [ids.deviceId && hasLive(ctx) ? wrongGateway(`device ${ids.deviceId.slice(0, 12)}…`, ctx) : tokenProblemWithoutDevice(line.invalidation, ctx)];
		}
		case 'token-scope-mismatch':
			return [tokenScopeMismatch(ids, ctx)];
		case 'missing-scope':
			return [missingScope(line, ctx)];
		case 'shared-token-mismatch':
		case 'shared-token-missing':
			return [wrongSharedToken(line, ctx)];
		case 'legacy-identity':
		case 'legacy-device-auth':
			return [legacyIdentity(ctx, line.legacyPath)];
		case 'signature-invalid':
		case 'device-id-mismatch':
			return [ctx.state?.legacyIdentityFiles.length ? legacyIdentity(ctx) : badProof(ctx)];
		case 'signature-expired':
			return [
				plain('clock-skew', "The device's clock is off by more than the 2 minutes the gateway allows, so its signature counts as expired.", clockFix(), ctx),
			];
		case 'origin-not-allowed':
			return [
				plain(
					'origin-not-allowed',
					'The gateway refused the browser origin the client connected from (not the gateway host, not in gateway.controlUi.allowedOrigins).',
					originFix(),
					ctx,
				),
			];
		case 'device-identity-required':
			return [
				plain(
					'identity-required',
					'The client connected without a device identity, which the gateway requires for it (a browser outside a secure context cannot keep one).',
					secureContextFix(),
					ctx,
				),
			];
		case 'verified-user-required':
			return [
				plain(
					'verified-user-required',
					'The gateway has named operator roles (gateway.roles), and a role needs a verified user: a device token alone names nobody, so the login is refused and no pairing request is filed. Waiting will not help.',
					ownerLoginFix(),
					ctx,
				),
			];
		case 'role-cap':
			return [
				plain(
					'role-cap',
					'The scopes go past the operator role your login is assigned (gateway.roles): the gateway refuses to ask for or grant them, whoever approves.',
					changeRoleFix(),
					ctx,
				),
			];
		case 'rate-limited':
			return [plain('rate-limited', 'Too many failed logins from that address: the gateway locks it out for a while.', waitFix(), ctx)];
	}
}

/** Every pending request and every device stuck on a revoked token, plus what the state dir says. */
export function diagnoseAll(ctx: DoctorContext): Diagnosis[] {
	const out: Diagnosis[] = [];
	if (ctx.state?.legacyIdentityFiles.length) out.push(legacyIdentity(ctx));
	if (!hasLive(ctx)) return out;
	const pending = [...ctx.live.snapshot.pending].sort((a, b) => b.ts - a.ts);
	for (const request of pending) out.push(diagnoseRequest(request, ctx));
	for (const node of ctx.live.snapshot.nodes) out.push(diagnoseNodeRequest(node, ctx));
	for (const device of ctx.live.snapshot.paired) {
		if (isRevoked(device) && !pending.some((p) => p.deviceId === device.deviceId)) {
			const d = diagnoseTokenProblem(device.deviceId, undefined, ctx);
			if (d) out.push(d);
		}
	}
	return out;
}

function isRevoked(device: PairedDevice): boolean {
	return revokedRoles(device).length > 0;
}

function diagnoseTarget(ids: Ids, ctx: Live): Diagnosis[] {
	const found = findPending(ctx.live, ids);
	if (found.request) return [diagnoseRequest(found.request, ctx)];
	if (found.node) return [diagnoseNodeRequest(found.node, ctx)];
	if (ids.deviceId) {
		const device = ctx.live.snapshot.paired.find((d) => d.deviceId === ids.deviceId);
		if (!device) return [wrongGateway(`device ${ids.deviceId.slice(0, 12)}…`, ctx)];
		const problem = isRevoked(device) ? diagnoseTokenProblem(device.deviceId, undefined, ctx) : undefined;
		return problem ? [problem] : [];
	}
	return ids.requestId ? [wrongGateway(`request ${ids.requestId}`, ctx)] : [];
}

function diagnosePairing(line: RecognisedLine, ids: Ids, ctx: Live): Diagnosis[] {
	const found = findPending(ctx.live, ids);
	if (found.request) return [diagnoseRequest(found.request, ctx)];
	if (found.node) return [diagnoseNodeRequest(found.node, ctx)];
	if (!ids.requestId && !ids.prefix && !ids.deviceId) {
		// "Disconnected (1008): pairing required": whichever is waiting here.
		const pending = ctx.live.snapshot.pending;
		if (pending.length === 0) return [wrongGateway('pending request', ctx)];
		return [...pending].sort((a, b) => b.ts - a.ts).map((p) => diagnoseRequest(p, ctx));
	}
	const paired = ids.deviceId ? ctx.live.snapshot.paired.find((d) => d.deviceId === ids.deviceId) : undefined;
	if (paired && covers(paired, line, ctx.live.serverVersion)) {
		return [
			{
				reason: 'already-approved',
				summary: `${deviceName(paired)} is already paired with what it asked for; the request was decided.`,
				details: [`Approved now: role ${list(activeRoles(paired))}; scopes ${list(paired.scopes)}.`],
				fix: showDevicesFix(cliOf(ctx)),
				deviceId: paired.deviceId,
				live: true,
			},
		];
	}
	return [
		wrongGateway(ids.requestId ? `request ${ids.requestId}` : ids.prefix ? `request ${ids.prefix}…` : `device ${(ids.deviceId ?? '').slice(0, 12)}…`, ctx),
	];
}

function covers(device: PairedDevice, line: RecognisedLine, version: string | undefined): boolean {
	const role = line.requestedRole ?? 'operator';
	const scopes = line.requestedScopes ?? [];
	const missing = scopes.filter((s) => missingScopes([s], device.scopes ?? [], roleOfScope(s) ?? 'operator', version ?? '9999.12.31').length > 0);
	return activeRoles(device).includes(role) && missing.length === 0;
}

/** Without the live lists: what the line itself says (a close reason names the request, a JSON error the scopes too). */
function pairingFromLine(line: RecognisedLine, ids: Ids, ctx: DoctorContext): Diagnosis {
	const reason =
		line.pairingReason === 'role-upgrade'
			? 'role-upgrade-pending'
			: line.pairingReason === 'scope-upgrade'
				? 'scope-upgrade-pending'
				: line.pairingReason === 'metadata-upgrade'
					? 'metadata-upgrade-pending'
					: 'not-paired';
	const details: string[] = [];
	if (line.requestedRole || line.requestedScopes) details.push(`Requested: role ${line.requestedRole ?? 'operator'}; scopes ${list(line.requestedScopes)}.`);
	if (line.approvedRoles || line.approvedScopes) details.push(`Approved now: role ${list(line.approvedRoles)}; scopes ${list(line.approvedScopes)}.`);
	if (ctx.notLive) details.push(`Not checked against a gateway: ${ctx.notLive}.`);
	const id = ids.requestId;
	const fix = id ? approveFix(id, cliOf(ctx)) : { title: 'Find the request and approve it', cliCommand: `${cliOf(ctx)} devices` };
	const what = reason === 'not-paired' ? 'is not approved yet' : `asks for a ${reason.replace('-pending', '').replace('-', ' ')}`;
	return { reason, summary: `The device ${what}: its request waits for approval.`, details, fix, ...(id ? { requestId: id } : {}), live: false };
}

function wrongGateway(what: string, ctx: Live): Diagnosis {
	const { pending, paired } = ctx.live.snapshot;
	return {
		reason: 'wrong-gateway',
		summary: `There is no ${what} on the gateway${ctx.live.url ? ` at ${ctx.live.url}` : ''}: the device talks to another gateway, or its request expired.`,
		details: [
			`This gateway has ${pending.length} pending request${pending.length === 1 ? '' : 's'} and ${paired.length} paired device${paired.length === 1 ? '' : 's'}.`,
			"A pending request expires 5 minutes after the device's last try; a device that keeps retrying makes a new one.",
		],
		fix: otherGatewayFix(cliOf(ctx)),
		live: true,
	};
}

function tokenScopeMismatch(ids: Ids, ctx: DoctorContext): Diagnosis {
	const first = 'It logged in with its device token asking for more scopes than that token carries; the gateway refuses that and files no request.';
	if (ids.deviceId && hasLive(ctx)) {
		const { request } = findPending(ctx.live, { deviceId: ids.deviceId });
		if (request) {
			const d = diagnoseRequest(request, ctx);
			return { ...d, details: [first, ...d.details] };
		}
		const device = ctx.live.snapshot.paired.find((d) => d.deviceId === ids.deviceId);
		if (!device) return wrongGateway(`device ${ids.deviceId.slice(0, 12)}…`, ctx);
		return {
			reason: 'token-scope-mismatch',
			summary: `${deviceName(device)} asked for scopes beyond its approval with its device token: no upgrade request exists yet.`,
			details: [first, `Approved now: scopes ${list(device.scopes)}.`],
			fix: reconnectWithSharedTokenFix(deviceName(device), ['the scopes it needs']),
			deviceId: device.deviceId,
			live: true,
		};
	}
	return plain(
		'token-scope-mismatch',
		`A device asked for scopes beyond its approval with its device token. ${first}`,
		reconnectWithSharedTokenFix('the device', ['the scopes it needs']),
		ctx,
	);
}

function missingScope(line: RecognisedLine, ctx: DoctorContext): Diagnosis {
	const scope = line.scope ?? 'a scope';
	if (hasLive(ctx) && line.scope) {
		const waiting = ctx.live.snapshot.pending.filter((p) => (p.scopes ?? []).includes(scope));
		if (waiting.length === 1) {
			const d = diagnoseRequest(waiting[0], ctx);
			return { ...d, details: [`The call needed ${scope}; this request asks for it.`, ...d.details] };
		}
		const holders = ctx.live.snapshot.paired.filter((d) => (d.scopes ?? []).includes(scope) || (d.scopes ?? []).includes('operator.admin'));
		const who = holders.length ? `Paired devices holding it: ${holders.slice(0, 3).map(deviceName).join(', ')}.` : `No paired device holds ${scope}.`;
		return {
			reason: 'missing-scope',
			summary: `The connection that made the call does not hold ${scope}.`,
			details: [who],
			fix: askForScopeFix(scope, cliOf(ctx)),
			live: true,
		};
	}
	return plain('missing-scope', `The connection that made the call does not hold ${scope}.`, askForScopeFix(scope, cliOf(ctx)), ctx);
}

function wrongSharedToken(line: RecognisedLine, ctx: DoctorContext): Diagnosis {
	const missing = line.kind === 'shared-token-missing';
	const details: string[] = [];
	if (line.canRetryWithDeviceToken || line.recommendedNextStep === 'retry_with_device_token')
		details.push('The device also holds a device token: the gateway suggests retrying with it (retry_with_device_token).');
	if (hasLive(ctx)) details.push(`This doctor logged in to ${ctx.live.url ?? 'the gateway'} with its token: the device has another one.`);
	const summary = missing ? 'The device sent no shared gateway token.' : "The shared gateway token the device sent is not this gateway's.";
	return plain('wrong-shared-token', summary, setTokenFix(), ctx, details);
}

function legacyIdentity(ctx: DoctorContext, named?: string): Diagnosis {
	const files = ctx.state?.legacyIdentityFiles.length ? ctx.state.legacyIdentityFiles.map((f) => `${ctx.state?.stateDir}/${f}`) : named ? [named] : [];
	return plain(
		'legacy-identity-files',
		`JSON-era identity files are on a state dir that OpenClaw 2026.8+ keeps in SQLite: ${files.join(', ') || 'identity/*.json'}.`,
		legacyImportFix(),
		ctx,
		[
			'openclaw wants them imported before a client creates its identity.',
			'If doctor --fix refuses ("canonical SQLite device identity differs from the legacy identity", measured on 2026.9.6), the JSON file is an old copy the gateway no longer uses: move it out of identity/.',
		],
	);
}

function badProof(ctx: DoctorContext): Diagnosis {
	const id = ctx.state?.identity;
	const details =
		id && !id.deviceIdMatchesKey
			? [`${ctx.state?.stateDir}/identity/device.json names deviceId ${id.deviceId.slice(0, 12)}…, which is not sha256 of its public key.`]
			: [];
	return plain(
		'bad-device-proof',
		"The client's device proof does not check out: its deviceId is not its key's hash, or it signs with another key.",
		newIdentityFix(),
		ctx,
		details,
	);
}

function plain(reason: Diagnosis['reason'], summary: string, fix: Diagnosis['fix'], ctx: DoctorContext, details: string[] = []): Diagnosis {
	return { reason, summary, details: [...details, ...(ctx.notLive ? [`Not checked against a gateway: ${ctx.notLive}.`] : [])], fix, live: hasLive(ctx) };
}
