// The facts a pending.json is judged beside (server/src/service/relatedState.ts): the paired.json of the same store,
// as `check --state-dir` does. From the open document when there is one (the pairing-state documents are opened as a
// pair), else from the file on disk, read only when it changed and only up to a size a paired.json reaches.
import * as fs from 'node:fs';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { pairedBeside, RelatedState } from './service/relatedState';

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The same store's other document: …/devices/pending.json ↔ …/devices/paired.json (query kept). */
export function siblingUri(uri: string, to: 'paired' | 'pending'): string | undefined {
	const from = to === 'paired' ? 'pending' : 'paired';
	const m = new RegExp(`^(.*/devices/)${from}\\.json(\\?.*)?$`).exec(uri);
	return m ? `${m[1]}${to}.json${m[2] ?? ''}` : undefined;
}

export class RelatedDocuments {
	private readonly disk = new Map<string, { mtimeMs: number; size: number; related: RelatedState | undefined }>();

	constructor(private readonly documents: TextDocuments<TextDocument>) {}

	/** The paired records beside the pending document `uri`; undefined when there is no readable paired.json. */
	forPending(uri: string): RelatedState | undefined {
		const sibling = siblingUri(uri, 'paired');
		if (!sibling) return undefined;
		const open = this.documents.get(sibling);
		if (open) return parse(open.getText());
		return sibling.startsWith('file:') ? this.fromDisk(fileURLToPath(sibling)) : undefined;
	}

	private fromDisk(file: string): RelatedState | undefined {
		let stat: fs.Stats;
		try {
			stat = fs.statSync(file);
		} catch {
			this.disk.delete(file);
			return undefined;
		}
		const cached = this.disk.get(file);
		if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.related;
		let related: RelatedState | undefined;
		try {
			related = stat.isFile() && stat.size <= MAX_FILE_BYTES ? parse(fs.readFileSync(file, 'utf8')) : undefined;
		} catch {
			related = undefined; // unreadable: its own diagnostics say why when it is opened
		}
		this.disk.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, related });
		return related;
	}
}

function parse(text: string): RelatedState | undefined {
	try {
		return pairedBeside(JSON.parse(text) as unknown);
	} catch {
		return undefined; // a broken paired.json: nothing to compare with
	}
}
