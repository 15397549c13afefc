import { getLocation, Node } from 'jsonc-parser';
import type { FileKind } from '../../../core/src/openclaw/fileKind';
import type { JsonPath, ParsedDocument } from './parser/jsonDocument';

export interface ScopeSlot {
	/** Path of the array element (or of the array when the cursor is between elements). */
	path: JsonPath;
	/** The string literal under the cursor, in document offsets, if any. */
	literal: { offset: number; length: number; value: string } | undefined;
	/** The role whose scopes belong here. */
	role: string;
}

/** Where the cursor is in JSON terms, computed on the enclosing record only so it stays cheap in a huge file. */
export function locationAt(doc: ParsedDocument, offset: number): { path: JsonPath; node: Node | undefined; isAtPropertyKey: boolean } {
	if (doc.tooDeep) return { path: [], node: undefined, isAtPropertyKey: false };
	const entry = doc.entryAt(offset);
	if (entry && offset > entry.valueSpan.offset) {
		const slice = doc.text.substr(entry.valueSpan.offset, entry.valueSpan.length);
		const loc = getLocation(slice, offset - entry.valueSpan.offset);
		const node = loc.previousNode ? { ...loc.previousNode, offset: loc.previousNode.offset + entry.valueSpan.offset } : undefined;
		return { path: [entry.key, ...loc.path], node, isAtPropertyKey: loc.isAtPropertyKey };
	}
	const loc = getLocation(doc.text, offset);
	return { path: loc.path, node: loc.previousNode, isAtPropertyKey: loc.isAtPropertyKey };
}

/** Is the cursor on a scope list element? Lists: scopes, approvedScopes, tokens.<role>.scopes (and device-auth tokens). */
export function scopeSlotAt(doc: ParsedDocument, kind: FileKind, offset: number): ScopeSlot | undefined {
	const { path, node, isAtPropertyKey } = locationAt(doc, offset);
	if (isAtPropertyKey) return undefined;
	const literal =
		node && node.type === 'string' && offset >= node.offset && offset <= node.offset + node.length
			? { offset: node.offset, length: node.length, value: String(node.value) }
			: undefined;
	const n = path.length;
	const isIndex = typeof path[n - 1] === 'number';
	if (!isIndex) return undefined;
	if (kind === 'device-auth') {
		if (n === 4 && path[0] === 'tokens' && path[2] === 'scopes') return { path, literal, role: String(path[1]) };
		return undefined;
	}
	if (kind !== 'paired' && kind !== 'pending') return undefined;
	if (n === 3 && (path[1] === 'scopes' || path[1] === 'approvedScopes')) return { path, literal, role: 'operator' };
	if (n === 5 && path[1] === 'tokens' && path[3] === 'scopes') return { path, literal, role: String(path[2]) };
	return undefined;
}
