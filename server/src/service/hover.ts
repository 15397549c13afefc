import type { FileKind } from '../../../core/src/openclaw/fileKind';
import type { ParsedDocument } from './parser/jsonDocument';
import { locationAt, scopeSlotAt } from './scopeLocation';
import { JSON_ERA_LAST_VERSION, roleDescription, satisfiedBy, scopeInfo, suggestScope } from '../../../core/src/scopes/scopeCatalog';

export interface HoverResult {
	markdown: string;
	offset: number;
	length: number;
}

/** Keys whose values are secrets: a hover names them and never shows them. */
const SECRET_KEYS = new Set(['token', 'privateKeyPem', 'privateKey', 'generation']);

/** Scope hovers explain what a scope allows and what implies it; secret values get a note instead of their content. */
export function hoverAt(doc: ParsedDocument, kind: FileKind, offset: number): HoverResult | undefined {
	const slot = scopeSlotAt(doc, kind, offset);
	if (slot?.literal) return { ...scopeHover(slot.literal.value, slot.role), offset: slot.literal.offset, length: slot.literal.length };
	const { path, node, isAtPropertyKey } = locationAt(doc, offset);
	const last = path[path.length - 1];
	if (!node || isAtPropertyKey || typeof last !== 'string') return undefined;
	if (SECRET_KEYS.has(last)) {
		return {
			markdown: `**Secret** (\`${last}\`): hidden by OpenClaw Pairing. Anyone holding it can act as this device.`,
			offset: node.offset,
			length: node.length,
		};
	}
	if (last === 'role' && typeof node.value === 'string') {
		const description = roleDescription(node.value);
		return description ? { markdown: `**Role \`${node.value}\`**\n\n${description}`, offset: node.offset, length: node.length } : undefined;
	}
	return undefined;
}

function scopeHover(fullName: string, role: string): { markdown: string } {
	const name = fullName.length > 64 ? `${fullName.slice(0, 64)}…` : fullName;
	const info = scopeInfo(name);
	if (!info) {
		if (role !== 'operator' && name.startsWith(`${role}.`)) return { markdown: `**\`${name}\`**: a scope of the \`${role}\` role.` };
		const suggestion = suggestScope(fullName);
		return { markdown: `**\`${name}\`** is not an OpenClaw scope.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}` };
	}
	const impliedBy = satisfiedBy(name, JSON_ERA_LAST_VERSION);
	const lines = [
		`**\`${info.name}\`**${info.admin ? ' ⚠ admin' : ''}: ${info.summary}`,
		info.detail,
		impliedBy.length ? `Also granted by ${impliedBy.map((s) => `\`${s}\``).join(', ')}.` : 'Granted only by itself.',
		`Since OpenClaw ${info.since}.`,
	];
	return { markdown: lines.join('\n\n') };
}
