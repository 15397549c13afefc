// Read a QR back the way a phone camera would: rasterize the SVG the webview shows (qrcode's svg-tag output: one
// stroked path of "M x y" / "m dx 0" / "h n" runs, 1 module wide, on a white square) to RGBA and decode it with
// jsQR. A drawing bug (a shifted row, a lost run) makes the decode fail or differ: the test can fail.
import jsQR from 'jsqr';

const PX = 4;

export function decodeQrSvg(svg: string): string | undefined {
	const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
	const path = /<path stroke="#000000"[^>]* d="([^"]*)"/.exec(svg);
	if (!box || !path) throw new Error('not a qrcode svg-tag SVG');
	const side = Number(box[1]);
	const dark = Array.from({ length: side }, () => new Array<boolean>(side).fill(false));
	let x = 0;
	let y = 0;
	for (const [, cmd, a, b] of path[1].matchAll(/([MmHh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
		const n = Number(a);
		if (cmd === 'M') [x, y] = [n, Math.floor(Number(b))];
		else if (cmd === 'm') [x, y] = [x + n, y + Math.floor(Number(b ?? 0))];
		else if (cmd === 'h') {
			for (let i = 0; i < n; i++) dark[y][x + i] = true;
			x += n;
		} else throw new Error(`unexpected path command ${cmd}`);
	}
	const width = side * PX;
	const rgba = new Uint8ClampedArray(width * width * 4);
	for (let py = 0; py < width; py++)
		for (let px = 0; px < width; px++) {
			const v = dark[Math.floor(py / PX)][Math.floor(px / PX)] ? 0 : 255;
			const o = (py * width + px) * 4;
			rgba[o] = rgba[o + 1] = rgba[o + 2] = v;
			rgba[o + 3] = 255;
		}
	return jsQR(rgba, width, width)?.data;
}
