// Draws the app icon (the mark in renderer/components/sluice-logo.tsx) into build/: icon.png (1024 px), icons/NxN.png
// for Linux, icon.ico for Windows and icon.icns for macOS. No image tools or downloads: shapes are rendered from
// signed distances (antialiased by coverage) and written as PNG with node:zlib. Run: npx tsx build/generate-icons.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const OUT = new URL('./', import.meta.url);

/** Signed distance to a rounded rectangle (negative inside), all in the 64-unit design space. */
function roundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): number {
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, hx = (x1 - x0) / 2 - r, hy = (y1 - y0) / 2 - r;
  const qx = Math.abs(x - cx) - hx, qy = Math.abs(y - cy) - hy;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** The wave `M20 y q 6 -5 12 0 t 12 0` as a polyline (two quadratic Béziers). */
function wave(y: number): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  const segments: Array<[[number, number], [number, number], [number, number]]> = [
    [[20, y], [26, y - 5], [32, y]],
    [[32, y], [38, y + 5], [44, y]],
  ];
  for (const [a, c, b] of segments) {
    for (let i = 0; i <= 24; i++) {
      const t = i / 24, u = 1 - t;
      points.push([u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]]);
    }
  }
  return points;
}

function polylineDistance(x: number, y: number, points: Array<[number, number]>): number {
  let best = Infinity;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!, [bx, by] = points[i]!;
    const dx = bx - ax, dy = by - ay;
    if (dx === 0 && dy === 0) continue; // the joint between the two curves repeats a point
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

const WAVES = [{ points: wave(39), alpha: 1 }, { points: wave(48), alpha: 0.7 }];
const FROM: Rgba = [0x3b, 0x82, 0xf6, 1];
const TO: Rgba = [0x0e, 0x74, 0x90, 1];

function over(dst: Rgba, src: Rgba, coverage: number): Rgba {
  const a = src[3] * coverage;
  if (a <= 0) return dst;
  const outA = a + dst[3] * (1 - a);
  const mix = (i: number) => (src[i]! * a + dst[i]! * dst[3] * (1 - a)) / outA;
  return [mix(0), mix(1), mix(2), outA];
}

export function renderIcon(size: number): Buffer {
  const scale = size / 64; // pixels per design unit
  const coverage = (distance: number) => Math.max(0, Math.min(1, 0.5 - distance * scale));
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / scale, y = (py + 0.5) / scale;
      const t = Math.max(0, Math.min(1, (x + y) / 128));
      let color: Rgba = [0, 0, 0, 0];
      color = over(color, [FROM[0] + (TO[0] - FROM[0]) * t, FROM[1] + (TO[1] - FROM[1]) * t, FROM[2] + (TO[2] - FROM[2]) * t, 1],
        coverage(roundedRect(x, y, 0, 0, 64, 64, 14)));
      color = over(color, [255, 255, 255, 1], coverage(roundedRect(x, y, 12, 10, 18, 54, 2)));
      color = over(color, [255, 255, 255, 1], coverage(roundedRect(x, y, 46, 10, 52, 54, 2)));
      color = over(color, [255, 255, 255, 0.85], coverage(roundedRect(x, y, 21, 13, 43, 28, 2)));
      if (x > 15 && x < 49 && y > 30 && y < 54) {
        for (const w of WAVES) color = over(color, [255, 255, 255, w.alpha], coverage(polylineDistance(x, y, w.points) - 2));
      }
      row.writeUInt8(Math.round(color[0]), 1 + px * 4);
      row.writeUInt8(Math.round(color[1]), 2 + px * 4);
      row.writeUInt8(Math.round(color[2]), 3 + px * 4);
      row.writeUInt8(Math.round(color[3] * 255), 4 + px * 4);
    }
    rows.push(row);
  }
  return encodePng(size, size, Buffer.concat(rows));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function encodePng(width: number, height: number, filteredRows: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(filteredRows, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** ICO with PNG-compressed entries (Windows Vista and later read these). */
function encodeIco(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** ICNS with PNG entries: ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x), ic11 32 (16@2x), ic12 64 (32@2x). */
function encodeIcns(pngBySize: Map<number, Buffer>): Buffer {
  const types: Array<[string, number]> = [['ic11', 32], ['ic12', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]];
  const entries = types.map(([type, size]) => {
    const png = pngBySize.get(size)!;
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

if (import.meta.url === `file://${process.argv[1]}`) {
  const pngs = new Map(ICON_SIZES.map((size) => [size, renderIcon(size)]));
  mkdirSync(new URL('icons/', OUT), { recursive: true });
  for (const [size, png] of pngs) if (size <= 512) writeFileSync(new URL(`icons/${size}x${size}.png`, OUT), png);
  writeFileSync(new URL('icon.png', OUT), pngs.get(1024)!);
  writeFileSync(new URL('icon.ico', OUT), encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: pngs.get(size)! }))));
  writeFileSync(new URL('icon.icns', OUT), encodeIcns(pngs));
  process.stdout.write(`wrote build/icon.png, build/icon.ico, build/icon.icns and build/icons/ (${ICON_SIZES.join(', ')} px)\n`);
}
