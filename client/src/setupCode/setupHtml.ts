// The Pair a Phone or Node page. No vscode import (unit-tested). VS Code's webview rules: a CSP of default-src 'none',
// the QR inline (SVG drawn in the extension host), style and script only with this render's nonce, nothing remote.
// The one script runs the countdown and turns button clicks into messages for the extension (setupPanel.ts checks
// them against a fixed list); it never sees the setup code except as the text on the page.
import { ACCESS_LABELS, SetupAccess, formatCountdown } from '../../../core/src/pairing/setupCode';
import type { ReachabilityNote } from '../../../core/src/pairing/setupReachability';

export type SetupPageMessage = 'copyCode' | 'copyLink' | 'copyCommand' | 'newCode' | 'showPaired' | 'usePublicUrl' | 'close';
export const SETUP_PAGE_MESSAGES: ReadonlySet<string> = new Set<SetupPageMessage>([
	'copyCode',
	'copyLink',
	'copyCommand',
	'newCode',
	'showPaired',
	'usePublicUrl',
	'close',
]);

export interface SetupCodeView {
	access: SetupAccess;
	/** SECRET: shown on the page (it is the point of the page), never logged. */
	setupCode: string;
	link: string;
	/** Node-host codes: the command a node host runs. */
	command?: string;
	qrSvg: string;
	expiresAtMs: number;
	expiryEstimated: boolean;
	gatewayUrls: string[];
	accessDowngraded: boolean;
	notes: ReachabilityNote[];
	/** A URL the editor itself reaches the gateway at, to offer when the advertised one will not do. */
	suggestedUrl?: string;
}

export type SetupPageState =
	| { phase: 'choosing' }
	| { phase: 'creating'; access: SetupAccess }
	| { phase: 'waiting'; code: SetupCodeView }
	| { phase: 'paired'; access: string; name: string; inferred: boolean }
	| { phase: 'deliveryUncertain'; name: string }
	| { phase: 'expired' }
	| { phase: 'error'; message: string };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function setupPageHtml(state: SetupPageState, nonce: string, nowMs: number, gatewayVersion: string | undefined): string {
	const csp = `default-src 'none'; img-src data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Pair a Phone or Node</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body data-phase="${state.phase}">
<h1>Pair a Phone or Node</h1>
${body(state, nowMs, gatewayVersion)}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}

function body(state: SetupPageState, nowMs: number, version: string | undefined): string {
	const on = version ? ` on openclaw ${escapeHtml(version)}` : '';
	switch (state.phase) {
		case 'choosing':
			return `<p class="muted">Choose the access level${on}…</p>`;
		case 'creating':
			return `<p class="muted" role="status">Creating a ${escapeHtml(ACCESS_LABELS[state.access].label.toLowerCase())} setup code${on}…</p>`;
		case 'error':
			return `<div class="callout error" role="alert">${escapeHtml(state.message)}</div>${button('newCode', 'Try Again')}`;
		case 'expired':
			return `<div class="state" role="status"><h2>The setup code expired</h2><p>Codes live 10 minutes and work once.</p>${button('newCode', 'New Code', true)}</div>`;
		case 'deliveryUncertain':
			return `<div class="callout warning" role="alert"><h2>Delivery uncertain</h2><p>${escapeHtml(state.name)} used the code, but the gateway could not confirm the device received its credentials. If the app still waits, create a new code and scan again.</p></div>${button('newCode', 'New Code', true)}${button('showPaired', 'Show Paired Devices')}`;
		case 'paired':
			return `<div class="state" role="status"><h2>Paired: ${escapeHtml(state.name)}</h2><p>${escapeHtml(accessSummary(state.access))}${state.inferred ? ' (seen in the paired list: this gateway does not name the code that paired a device)' : ''}</p>${button('showPaired', 'Show in Paired Devices', true)}${button('close', 'Done')}</div>`;
		case 'waiting':
			return waiting(state.code, nowMs);
	}
}

function waiting(code: SetupCodeView, nowMs: number): string {
	const label = ACCESS_LABELS[code.access];
	const notes = code.notes
		.map((n) => `<div class="callout ${n.severity}" role="${n.severity === 'error' ? 'alert' : 'note'}">${escapeHtml(n.message)}</div>`)
		.join('');
	const downgraded = code.accessDowngraded
		? `<div class="callout warning" role="status">Full access was asked for, but this gateway URL is plaintext, so the gateway issued limited access. Use wss:// or Tailscale Serve for full access.</div>`
		: '';
	const suggest = code.suggestedUrl
		? `<p>This editor reaches the gateway at <code>${escapeHtml(code.suggestedUrl)}</code>. ${button('usePublicUrl', 'Use That URL Instead')}</p>`
		: '';
	const how = code.command
		? `<p>On the node host, run:</p><pre class="command">${escapeHtml(code.command)}</pre>${button('copyCommand', 'Copy Command', true)}`
		: `<p>In the OpenClaw app: <b>Onboarding → Scan QR</b>, or paste the setup code.</p>`;
	return `<p><b>${escapeHtml(label.label)}</b> — ${escapeHtml(label.detail)}</p>
${notes}${downgraded}${suggest}
<div class="qr">${code.qrSvg}</div>
${how}
<p class="countdown" role="timer" aria-live="off" data-expires="${code.expiresAtMs}">Expires in <span id="left">${formatCountdown(code.expiresAtMs, nowMs)}</span>${code.expiryEstimated ? ' (about: this gateway does not say)' : ''}; single use.</p>
<div class="actions">${code.command ? '' : button('copyCode', 'Copy Code', true)}${button('copyLink', 'Copy Link')}${button('newCode', 'New Code')}</div>
<details><summary>Setup code</summary><code class="code">${escapeHtml(code.setupCode)}</code></details>
<p class="muted">Gateway: ${code.gatewayUrls.map((u) => `<code>${escapeHtml(u)}</code>`).join(', ')}. The code holds a one-time credential: share it only with the device you pair. Waiting for the device…</p>`;
}

function accessSummary(access: string): string {
	return access === 'full' || access === 'limited' || access === 'node' ? ACCESS_LABELS[access].detail : `Access: ${access}.`;
}

function button(message: SetupPageMessage, text: string, primary = false): string {
	return `<button type="button" data-message="${message}"${primary ? ' class="primary"' : ''}>${escapeHtml(text)}</button>`;
}

const STYLE = `body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:0 20px 20px;max-width:560px}
h1{font-size:1.3em}h2{font-size:1.1em;margin:.4em 0}
.muted{color:var(--vscode-descriptionForeground)}
.qr{background:#fff;padding:8px;width:280px;height:280px;margin:12px 0}.qr svg{width:100%;height:100%}
.callout{padding:8px 10px;margin:8px 0;border-left:3px solid var(--vscode-editorInfo-foreground)}
.callout.warning{border-color:var(--vscode-editorWarning-foreground)}.callout.error{border-color:var(--vscode-editorError-foreground)}
button{font:inherit;margin:4px 6px 4px 0;padding:4px 12px;border:1px solid var(--vscode-button-border,transparent);color:var(--vscode-button-secondaryForeground);background:var(--vscode-button-secondaryBackground);cursor:pointer}
button.primary{color:var(--vscode-button-foreground);background:var(--vscode-button-background)}
code.code{word-break:break-all}pre.command{white-space:pre-wrap;word-break:break-all;background:var(--vscode-textCodeBlock-background);padding:6px}`;

// 'ready' with the phase drawn (the page is on screen: the e2e test and the bench wait for it), the countdown from
// data-expires, and clicks → postMessage({type}). Nothing else.
const SCRIPT = `(function(){const vscode=acquireVsCodeApi();vscode.postMessage({type:'ready',phase:document.body.dataset.phase});
document.querySelectorAll('button[data-message]').forEach(function(b){b.addEventListener('click',function(){vscode.postMessage({type:b.dataset.message});});});
const c=document.querySelector('[data-expires]');if(!c)return;const at=Number(c.dataset.expires);const left=document.getElementById('left');
function tick(){const s=Math.ceil((at-Date.now())/1000);if(s<=0){left.textContent='expired';clearInterval(t);return;}left.textContent=Math.floor(s/60)+':'+String(s%60).padStart(2,'0');}
const t=setInterval(tick,1000);tick();})();`;
