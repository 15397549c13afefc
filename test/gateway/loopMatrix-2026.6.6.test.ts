// What a real openclaw 2026.6.6 gateway (the JSON store) answers a catalog client paired without operator.admin, per
// connection mode (clients.<id>.measured["2026.6.6"] in schemas/scopes.json), and the exact case users hit: the real
// openclaw CLI, which pairs itself with operator.pairing only, cannot approve a node, and our rule says why.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateDeviceIdentity } from '../../core/src/gateway';
import { detectFileKind } from '../../core/src/openclaw/fileKind';
import { clientRequirement } from '../../core/src/scopes/scopeCatalog';
import { PairingLanguageService } from '../../server/src/service/languageService';
import { clientHandshake } from '../support/clientHandshake';
import { clientInfo, describeMatrix } from '../support/loopMatrix';

const VERSION = '2026.6.6';
const SCOPE_UPGRADE = 'pairing required: device is asking for more scopes than currently approved';

interface PairedFile {
	[deviceId: string]: { clientId?: string; approvedScopes?: string[] };
}
interface PendingFile {
	[requestId: string]: { deviceId: string; role: string; scopes: string[]; isRepair: boolean };
}

describeMatrix(VERSION, {
	more: (context) => {
		it('the real CLI: `devices approve <node request>` fails with the scope-upgrade 1008, our rule reports it as an error; approving its own request recovers', async () => {
			const { gw } = context();
			const cli = clientRequirement('cli');
			assert.ok(cli);
			const read = <T>(file: string) => JSON.parse(fs.readFileSync(path.join(gw.stateDir, file), 'utf8')) as T;

			// A node asking to pair (a browser Origin keeps 6.6 from pairing a loopback device silently).
			const node = await clientHandshake({
				url: gw.url,
				headers: { Origin: `http://127.0.0.1:${gw.port}` },
				client: clientInfo('node-host', 'node', 'loop matrix node'),
				role: 'node',
				scopes: [],
				auth: { token: gw.token },
				identity: generateDeviceIdentity(),
			});
			const nodeRequest = node.error?.requestId;
			assert.ok(node.error?.pairingRequired && nodeRequest, `the node waits for approval: ${node.error?.message}`);

			// `devices list` pairs the CLI's own identity silently, least-privilege: operator.pairing only.
			const listed = await gw.cli(['devices', 'list', '--json']);
			assert.equal(listed.code, 0, listed.stderr);
			assert.ok((JSON.parse(listed.stdout) as { pending: { requestId: string }[] }).pending.some((p) => p.requestId === nodeRequest));
			const cliId = read<{ deviceId: string }>('identity/device.json').deviceId;
			assert.equal(read<PairedFile>('devices/paired.json')[cliId]?.clientId, 'cli');
			assert.deepEqual(read<PairedFile>('devices/paired.json')[cliId]?.approvedScopes, ['operator.pairing']);

			// Our language server on that very file: an error, naming what is about to fail.
			const diagnostics = cliFindings(gw.stateDir, cliId);
			assert.deepEqual(
				diagnostics.map((d) => d.code),
				['missing-scope'],
			);
			assert.equal(diagnostics[0].severity, 1, String(diagnostics[0].message));
			assert.ok(String(diagnostics[0].message).endsWith(`, so ${cli.fails}.`), String(diagnostics[0].message));

			// Approving a node needs admin: the CLI retries asking for it and the gateway sends it back to pairing.
			const approve = await gw.cli(['devices', 'approve', nodeRequest]);
			assert.notEqual(approve.code, 0, approve.stdout);
			assert.match(approve.stderr, new RegExp(`gateway closed \\(1008\\): ${SCOPE_UPGRADE}`));
			const own = /scope upgrade pending approval \(requestId: ([0-9a-f-]{36})\)/.exec(approve.stderr)?.[1];
			assert.ok(own, approve.stderr);
			const pending = read<PendingFile>('devices/pending.json');
			assert.deepEqual(pending[own], { ...pending[own], deviceId: cliId, role: 'operator', scopes: ['operator.admin'], isRepair: true });
			assert.equal(pending[nodeRequest]?.role, 'node', 'the node is still waiting');
			// The CLI asked with the shared token (auth=token), not its device token: the data's localAuth.
			const log = fs.readFileSync(gw.logFile, 'utf8');
			assert.match(log, new RegExp(`reason=scope-upgrade device=${cliId} .*auth=token .*client=cli`));
			assert.equal(cli.localAuth, 'sharedToken');

			// Measured way out on this machine: approving its own request goes through the CLI's local fallback (it writes
			// paired.json itself, no device.pair.resolved event), and then the node approves.
			const self = await gw.cli(['devices', 'approve', own]);
			assert.equal(self.code, 0, self.stderr);
			assert.match(self.stdout, /Direct scope access failed; using local fallback\./);
			const again = await gw.cli(['devices', 'approve', nodeRequest]);
			assert.equal(again.code, 0, again.stderr);
			assert.ok(read<PairedFile>('devices/paired.json')[cliId]?.approvedScopes?.includes('operator.admin'));
			assert.deepEqual(cliFindings(gw.stateDir, cliId), [], 'the CLI record is clean once approved');
		});
	},
});

const service = new PairingLanguageService();

/** Our diagnostics on the real paired.json for the CLI's record (the matrix's own devices are in the file too). */
function cliFindings(stateDir: string, cliId: string) {
	const file = path.join(stateDir, 'devices', 'paired.json');
	const kind = detectFileKind(file, [stateDir]);
	assert.equal(kind, 'paired');
	const document = TextDocument.create(pathToFileURL(file).toString(), 'json', Date.now(), fs.readFileSync(file, 'utf8'));
	return service.validate(document, kind).filter((d) => (d.data as { recordKey?: string } | undefined)?.recordKey === cliId);
}
