// Node 24 from npm (the package node-<os>-<arch>, which holds the binary) in an npm prefix: what the real gateway and
// code-server run on. One place for install-gateway.mjs and install-vscode.mjs to find it and build with it.
import fs from 'node:fs';
import path from 'node:path';

export const NODE_MAJOR = '24';

export function nodePackageName() {
	const os = { linux: 'linux', darwin: 'darwin' }[process.platform];
	const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
	if (!os || !arch) throw new Error(`no npm Node package for ${process.platform}/${process.arch}`);
	return `node-${os}-${arch}`;
}

/** The Node under an npm prefix: where it is, its version (null when absent) and whether it is a Node 24. */
export function nodeAt(prefix) {
	const pkg = nodePackageName();
	const pkgDir = path.join(prefix, 'node_modules', pkg);
	const bin = path.join(pkgDir, 'bin', 'node');
	let version = null;
	try {
		version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version ?? null;
	} catch {
		// not installed
	}
	return { package: pkg, prefix, pkgDir, bin, version, installed: fs.existsSync(bin) && String(version).startsWith(`${NODE_MAJOR}.`) };
}

/** Node first on PATH, and its headers for node-gyp: ~/.npmrc may point nodedir at the system Node's. */
export function nodeEnv(node, env = process.env) {
	return { ...env, PATH: `${path.dirname(node.bin)}${path.delimiter}${env.PATH ?? ''}`, npm_config_nodedir: node.pkgDir };
}
