// Runs OpenClaw's own JSON→SQLite pairing import, loaded from an installed dist, on a batch of generated state dirs,
// and reports what the gateway reads back. Run by test/support/importOracle.ts with Node 24 (node:sqlite, the dist's
// engine). stdin: {"dist": "<…/openclaw/dist>", "cases": [{"paired": "<paired.json text>", "existing"?: "<text>"}]};
// stdout: after a marker, one JSON array, per case {error?, unreadable?, existingIds, paired, archived}. HOME and OPENCLAW_STATE_DIR
// point into a temp dir that is removed at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const MARKER = '@@import-oracle@@';
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'import-oracle-'));
process.env.HOME = root;
process.env.OPENCLAW_STATE_DIR = path.join(root, 'unused-default');

/** A function of the dist by its source name: chunk names and export aliases are minified, function names are not. */
async function distFunction(names) {
	for (const file of fs.readdirSync(input.dist)) {
		if (!/\.m?js$/.test(file)) continue;
		const text = fs.readFileSync(path.join(input.dist, file), 'utf8');
		const exported = text.match(/export \{([^}]*)\};?\s*$/m);
		if (!exported) continue;
		for (const name of names) {
			if (!text.includes(`function ${name}(`)) continue;
			for (const part of exported[1].split(',')) {
				const [local, alias] = part.trim().split(/\s+as\s+/);
				if (local === name) return { name, fn: (await import(path.join(input.dist, file)))[alias ?? local] };
			}
		}
	}
	throw new Error(`none of ${names.join(', ')} is exported by a chunk of ${input.dist}`);
}

// 2026.8 exports the import itself; 2026.9 keeps it inside the chunk behind doctor's migrateDoctorPairingStores.
const importer = await distFunction(['migrateLegacyDevicePairingStore', 'migrateDoctorPairingStores']);
const reader = await distFunction(['readDevicePairingStoreStateFromDatabase']);

async function runImport(stateDir) {
	if (importer.name === 'migrateLegacyDevicePairingStore') return importer.fn({ baseDir: stateDir });
	return importer.fn({ stateDir, cfg: {}, env: { ...process.env, OPENCLAW_STATE_DIR: stateDir } });
}

/** The paired devices as the gateway reads them (its own row reader), or the error reading them throws. */
function readPaired(stateDir) {
	const file = path.join(stateDir, 'state', 'openclaw.sqlite');
	if (!fs.existsSync(file)) return { paired: {} };
	const db = new DatabaseSync(file, { readOnly: true });
	try {
		return { paired: reader.fn(db).pairedByDeviceId };
	} catch (err) {
		return { unreadable: String(err?.message ?? err) };
	} finally {
		db.close();
	}
}

const results = [];
for (const [i, c] of input.cases.entries()) {
	const stateDir = path.join(root, `case-${i}`);
	const pairedPath = path.join(stateDir, 'devices', 'paired.json');
	fs.mkdirSync(path.dirname(pairedPath), { recursive: true });
	const result = { existingIds: [] };
	if (c.existing !== undefined) {
		// Rows already in SQLite: a first import of another paired.json writes them.
		fs.writeFileSync(pairedPath, c.existing);
		await runImport(stateDir);
		result.existingIds = Object.keys(readPaired(stateDir).paired ?? {});
		fs.rmSync(`${pairedPath}.migrated`, { force: true });
	}
	fs.writeFileSync(pairedPath, c.paired);
	try {
		await runImport(stateDir);
	} catch (err) {
		result.error = String(err?.message ?? err);
	}
	Object.assign(result, readPaired(stateDir));
	result.archived = fs.existsSync(`${pairedPath}.migrated`) && !fs.existsSync(pairedPath);
	results.push(result);
}
fs.rmSync(root, { recursive: true, force: true });
// After a marker: whatever the dist itself prints goes before it.
process.stdout.write(`\n${MARKER}${JSON.stringify(results)}`);
