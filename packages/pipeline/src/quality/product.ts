import type { GeometryCheck, PosterLayout } from "@hyperposter/domain";
import { intersection } from "./geometry";

const TOLERANCE = 0.5;
/** The product's long side, as a share of the poster's short side, and its least share of the area. */
export const PRODUCT_MIN_LONG_SIDE = 0.3;
export const PRODUCT_MIN_AREA = 0.005;

/**
 * The product photo is shown whole and unobstructed: present when expected,
 * overlapped by no text, button or logo, inside the safe area (so never
 * cropped by the edge), and large enough to read as the subject.
 */
export function checkProduct(layout: PosterLayout, expected: boolean): GeometryCheck {
  const product = layout.elements.find((e) => e.kind === "product");
  const findings: string[] = [];
  if (!product) {
    if (expected) findings.push("the product is missing from the layout");
    return { passed: findings.length === 0, findings };
  }
  const b = product.box;
  for (const e of layout.elements) {
    if (e.kind === "underlay" || e.kind === "product") continue;
    const area = intersection(b, e.box);
    if (area > 1) findings.push(`${e.kind} overlaps the product by ${Math.round(area)} px²`);
  }
  if (
    b.x < -TOLERANCE ||
    b.y < -TOLERANCE ||
    b.x + b.width > layout.width + TOLERANCE ||
    b.y + b.height > layout.height + TOLERANCE
  ) {
    findings.push("the product is cropped by the poster's edge");
  }
  const s = layout.safeArea;
  if (
    b.x < s.left - TOLERANCE ||
    b.y < s.top - TOLERANCE ||
    b.x + b.width > layout.width - s.right + TOLERANCE ||
    b.y + b.height > layout.height - s.bottom + TOLERANCE
  ) {
    findings.push("the product leaves the safe area");
  }
  const short = Math.min(layout.width, layout.height);
  if (
    Math.max(b.width, b.height) < PRODUCT_MIN_LONG_SIDE * short ||
    b.width * b.height < PRODUCT_MIN_AREA * layout.width * layout.height
  ) {
    findings.push(`the product is too small (${Math.round(b.width)}×${Math.round(b.height)} px)`);
  }
  return { passed: findings.length === 0, findings };
}
