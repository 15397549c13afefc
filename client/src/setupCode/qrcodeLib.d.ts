// Types for the two pieces of `qrcode` the extension bundles: its encoder and its SVG renderer. Importing the package
// root would also bundle its PNG (pngjs) and terminal renderers, which the webview never uses.
declare module 'qrcode/lib/core/qrcode' {
	export { create } from 'qrcode';
}

declare module 'qrcode/lib/renderer/svg-tag' {
	import type { QRCode, QRCodeRenderersOptions } from 'qrcode';
	export function render(qr: QRCode, options?: QRCodeRenderersOptions): string;
}
