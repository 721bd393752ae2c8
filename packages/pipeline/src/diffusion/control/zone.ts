import type { Rect } from "../../image-backend/types";

/**
 * A rectangle of the requested format mapped into the generation bucket:
 * the inverse of fitToSize's uniform cover scale and centre crop.
 */
export function zoneInBucket(
  zone: Rect,
  width: number,
  height: number,
  bucket: { width: number; height: number },
): Rect {
  const s = Math.max(width / bucket.width, height / bucket.height);
  const offX = (bucket.width * s - width) / 2;
  const offY = (bucket.height * s - height) / 2;
  return {
    x: (zone.x + offX) / s,
    y: (zone.y + offY) / s,
    width: zone.width / s,
    height: zone.height / s,
  };
}
