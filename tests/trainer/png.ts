import { createCanvas, loadImage } from "@napi-rs/canvas";
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  if (!PNG_SIGNATURE.every((byte, i) => png[i] === byte)) throw new Error("not a PNG signature");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(...png.subarray(12, 16)) !== "IHDR") throw new Error("PNG without IHDR first");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A decoded image: RGBA bytes, row by row. */
export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export async function decodePng(png: Uint8Array): Promise<Pixels> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  return {
    width: image.width,
    height: image.height,
    rgba: context.getImageData(0, 0, image.width, image.height).data,
  };
}

/** Where a colour (within `tolerance` per channel, for anti-aliasing) is drawn inside a box. */
export function pixelsOfColour(
  pixels: Pixels,
  hex: string,
  box: { left: number; top: number; right: number; bottom: number },
  tolerance = 24,
): { x: number; y: number }[] {
  const want = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
  const found: { x: number; y: number }[] = [];
  for (let y = box.top; y < box.bottom; y += 1) {
    for (let x = box.left; x < box.right; x += 1) {
      const at = (y * pixels.width + x) * 4;
      const close = want.every(
        (value, channel) => Math.abs((pixels.rgba[at + channel] ?? 0) - value) <= tolerance,
      );
      if (close) found.push({ x, y });
    }
  }
  return found;
}
