// The setup code's QR as an inline SVG, drawn in the extension host with `qrcode` (the library OpenClaw's own
// `openclaw qr` and Control UI use, same default error correction M and 4-module quiet zone), so the webview loads
// nothing. No vscode import: the gateway test decodes exactly this SVG.
import { create } from 'qrcode/lib/core/qrcode';
import { render } from 'qrcode/lib/renderer/svg-tag';

export const QR_MARGIN_MODULES = 4;

export interface QrSvg {
	svg: string;
	/** Modules per side, without the quiet zone. */
	size: number;
}

/** Throws (qrcode's own message) only for text too long for any QR version, which no setup code is. */
export function qrSvg(text: string): QrSvg {
	const qr = create(text, { errorCorrectionLevel: 'M' });
	// Black on white whatever the editor theme: phone scanners want dark modules on a light field.
	const svg = render(qr, { margin: QR_MARGIN_MODULES, color: { dark: '#000000ff', light: '#ffffffff' } });
	return { svg: svg.replace('<svg ', '<svg role="img" aria-label="QR code of the setup code" '), size: qr.modules.size };
}
