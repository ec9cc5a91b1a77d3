// The Teams icons: the sizes Teams requires, an outline that is white on transparent, and PNGs
// that are exactly what appPackage/scripts/make-icons.ts draws (so the script stays the source).
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  drawColorIcon,
  drawOutlineIcon,
  type RgbaImage,
} from '../../appPackage/scripts/make-icons.js';

const APP_PACKAGE = new URL('../../appPackage/', import.meta.url);

function readIcon(name: string): RgbaImage {
  const png = PNG.sync.read(readFileSync(new URL(name, APP_PACKAGE)));
  return { width: png.width, height: png.height, data: png.data };
}

function* pixels(image: RgbaImage): Generator<{ r: number; g: number; b: number; a: number }> {
  for (let offset = 0; offset < image.data.length; offset += 4) {
    const [r, g, b, a] = image.data.subarray(offset, offset + 4);
    yield { r: r ?? 0, g: g ?? 0, b: b ?? 0, a: a ?? 0 };
  }
}

describe('the colour icon', () => {
  const color = readIcon('color.png');

  it('is 192×192 and fully opaque', () => {
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([...pixels(color)].every((pixel) => pixel.a === 255)).toBe(true);
  });

  it('is what make-icons.ts draws', () => {
    expect(Buffer.compare(color.data, drawColorIcon().data)).toBe(0);
  });
});

describe('the outline icon', () => {
  const outline = readIcon('outline.png');
  const all = [...pixels(outline)];

  it('is 32×32', () => {
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('is white wherever it is not fully transparent', () => {
    const coloured = all.filter((pixel) => pixel.a > 0 && (pixel.r & pixel.g & pixel.b) !== 255);
    expect(coloured).toEqual([]);
  });

  it('has a transparent background and a visible shape', () => {
    const transparent = all.filter((pixel) => pixel.a === 0).length;
    const solid = all.filter((pixel) => pixel.a === 255).length;
    // The corners are background; the motif covers a fair part of the icon but not most of it.
    for (const corner of [0, 31, 32 * 31, 32 * 32 - 1]) expect(all[corner]?.a).toBe(0);
    expect(transparent / all.length).toBeGreaterThan(0.5);
    expect(solid / all.length).toBeGreaterThan(0.1);
  });

  it('is what make-icons.ts draws', () => {
    expect(Buffer.compare(outline.data, drawOutlineIcon().data)).toBe(0);
  });
});
