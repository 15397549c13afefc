// Our own Ed25519 device identity, persisted so the gateway keeps recognizing (and keeps the approval of) this
// client across restarts. Same JSON shape as OpenClaw's identity/device.json; file 0600 in a 0700 directory.
import crypto from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { DeviceIdentity, generateDeviceIdentity, identityFromPems } from '../gateway';

export interface IdentityStore {
	/** The stored identity, or a new one written first. Rejects (never overwrites) when the file is unreadable. */
	loadOrCreate(): Promise<DeviceIdentity>;
}

export interface StoredIdentityFile {
	version: 1;
	deviceId: string;
	publicKeyPem: string;
	privateKeyPem: string;
	createdAtMs: number;
}

/** The identity file exists but can't be used. The message never contains key material. */
export class IdentityFileError extends Error {
	override readonly name = 'IdentityFileError';
}

export class FileIdentityStore implements IdentityStore {
	constructor(readonly path: string) {}

	async loadOrCreate(): Promise<DeviceIdentity> {
		const existing = await this.read();
		if (existing) return existing;
		const identity = generateDeviceIdentity();
		const stored: StoredIdentityFile = {
			version: 1,
			deviceId: identity.deviceId,
			publicKeyPem: identity.publicKeyPem,
			privateKeyPem: identity.privateKeyPem,
			createdAtMs: Date.now(),
		};
		// Someone else (the extension and the CLI, two windows) may create it at the same moment: first writer wins.
		if (await writeNew(this.path, `${JSON.stringify(stored, null, 2)}\n`)) return identity;
		const winner = await this.read();
		if (!winner) throw new IdentityFileError(`${this.path} vanished while it was being created`);
		return winner;
	}

	private async read(): Promise<DeviceIdentity | undefined> {
		let text: string;
		try {
			text = await fsp.readFile(this.path, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
			throw new IdentityFileError(`cannot read the device identity ${this.path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
		}
		return parseIdentityFile(text, this.path);
	}
}

/** Validate a stored identity: both PEMs present, matching each other and the stored deviceId. */
export function parseIdentityFile(text: string, where: string): DeviceIdentity {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new IdentityFileError(
			`the device identity ${where} is not valid JSON; move it away to create a new identity (the gateway will then ask to pair again)`,
		);
	}
	const v = value as Partial<StoredIdentityFile> | null;
	if (!v || typeof v !== 'object' || v.version !== 1 || typeof v.publicKeyPem !== 'string' || typeof v.privateKeyPem !== 'string') {
		throw new IdentityFileError(`the device identity ${where} is not a version 1 identity (publicKeyPem, privateKeyPem)`);
	}
	let identity: DeviceIdentity;
	try {
		identity = identityFromPems(v.publicKeyPem, v.privateKeyPem);
	} catch {
		throw new IdentityFileError(`the device identity ${where} holds no valid Ed25519 key pair`);
	}
	if (typeof v.deviceId === 'string' && v.deviceId !== identity.deviceId) {
		throw new IdentityFileError(`the device identity ${where} has a deviceId that does not match its key`);
	}
	return identity;
}

/**
 * Create `file` with `text` atomically and without clobbering: write a private temp file, fsync it, then hard-link
 * it into place (fails with EEXIST if another writer won). Returns false when the file already existed.
 */
async function writeNew(file: string, text: string): Promise<boolean> {
	const dir = path.dirname(file);
	await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
	const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
	const handle = await fsp.open(temp, 'wx', 0o600);
	try {
		await handle.writeFile(text, 'utf8');
		await handle.sync();
	} finally {
		await handle.close();
	}
	try {
		await fsp.link(temp, file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return false;
		// Filesystems without hard links: rename is still atomic, it just can't detect a concurrent creator.
		if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV') {
			await fsp.rename(temp, file);
			await syncDir(dir);
			return true;
		}
		throw error;
	} finally {
		await fsp.rm(temp, { force: true });
	}
	await syncDir(dir);
	return true;
}

async function syncDir(dir: string): Promise<void> {
	try {
		const handle = await fsp.open(dir, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch {
		// Not every platform can fsync a directory; the rename/link itself is already atomic.
	}
}
