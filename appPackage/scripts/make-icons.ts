// Draws the Teams app icons: `npx tsx appPackage/scripts/make-icons.ts` writes
// appPackage/color.png (192×192, full colour) and appPackage/outline.png (32×32, white on
// transparent). The motif is a ring of three peers. The PNGs are committed; tests/package checks
// that they are what this script draws, so edit the script, never the images.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** Row-major RGBA, 4 bytes a pixel. */
  readonly data: Buffer;
}

interface Motif {
  readonly ringRadius: number;
  readonly ringWidth: number;
  readonly dotRadius: number;
}

export const ACCENT_COLOR = { r: 0x2f, g: 0x7d, b: 0x5b } as const;
const WHITE = { r: 255, g: 255, b: 255 } as const;
// 4×4 samples a pixel give smooth edges without an anti-aliasing library.
const SAMPLES_PER_AXIS = 4;
// The three peers sit on the ring at the top, lower right and lower left.
const DOT_ANGLES_DEG = [-90, 30, 150];

/** Whether a point (in pixels from the image centre) is on the motif. */
function isOnMotif(x: number, y: number, motif: Motif): boolean {
  const distance = Math.hypot(x, y);
  if (Math.abs(distance - motif.ringRadius) <= motif.ringWidth / 2) return true;
  return DOT_ANGLES_DEG.some((degrees) => {
    const radians = (degrees * Math.PI) / 180;
    const dotX = motif.ringRadius * Math.cos(radians);
    const dotY = motif.ringRadius * Math.sin(radians);
    return Math.hypot(x - dotX, y - dotY) <= motif.dotRadius;
  });
}

/** The share of a pixel the motif covers, from 0 to 1. */
function coverMotif(size: number, column: number, row: number, motif: Motif): number {
  let covered = 0;
  for (let sy = 0; sy < SAMPLES_PER_AXIS; sy += 1) {
    for (let sx = 0; sx < SAMPLES_PER_AXIS; sx += 1) {
      const x = column + (sx + 0.5) / SAMPLES_PER_AXIS - size / 2;
      const y = row + (sy + 0.5) / SAMPLES_PER_AXIS - size / 2;
      if (isOnMotif(x, y, motif)) covered += 1;
    }
  }
  return covered / SAMPLES_PER_AXIS ** 2;
}

function drawIcon(size: number, motif: Motif, background: typeof ACCENT_COLOR | null): RgbaImage {
  const data = Buffer.alloc(size * size * 4);
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      const coverage = coverMotif(size, column, row, motif);
      const offset = (row * size + column) * 4;
      if (background === null) {
        // Outline icon: always white; only the alpha channel carries the shape.
        data[offset] = WHITE.r;
        data[offset + 1] = WHITE.g;
        data[offset + 2] = WHITE.b;
        data[offset + 3] = Math.round(coverage * 255);
      } else {
        data[offset] = Math.round(background.r + (WHITE.r - background.r) * coverage);
        data[offset + 1] = Math.round(background.g + (WHITE.g - background.g) * coverage);
        data[offset + 2] = Math.round(background.b + (WHITE.b - background.b) * coverage);
        data[offset + 3] = 255;
      }
    }
  }
  return { width: size, height: size, data };
}

/** 192×192 on the accent colour; the motif stays inside the central 96×96 Teams asks for. */
export function drawColorIcon(): RgbaImage {
  return drawIcon(192, { ringRadius: 32, ringWidth: 6, dotRadius: 12 }, ACCENT_COLOR);
}

/** 32×32, white on transparent, as Teams shows it in the app bar. */
export function drawOutlineIcon(): RgbaImage {
  return drawIcon(32, { ringRadius: 10, ringWidth: 2, dotRadius: 4 }, null);
}

export function encodePng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  image.data.copy(png.data);
  return PNG.sync.write(png);
}

export function writeIcons(appPackageDir: string): void {
  writeFileSync(`${appPackageDir}/color.png`, encodePng(drawColorIcon()));
  writeFileSync(`${appPackageDir}/outline.png`, encodePng(drawOutlineIcon()));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const appPackageDir = fileURLToPath(new URL('..', import.meta.url));
  writeIcons(appPackageDir);
  console.log(`Wrote color.png and outline.png in ${appPackageDir}`);
}
