/**
 * The same poster as an HTML page: the background layer as an image, the same
 * boxes, colours, underlays and the same font files (fontsource slices with
 * their unicode ranges), so Chromium draws what the composer draws.
 */
import type { LayoutElement, PosterLayout } from "@hyperposter/domain";
import { FONT_CATALOG, slicesOf } from "../src/fonts";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function fontFaces(layout: PosterLayout): string {
  const aliases = new Set<string>();
  for (const e of layout.elements)
    for (const m of (e.fontFamily ?? "").matchAll(/"([^"]+)"/g)) if (m[1]) aliases.add(m[1]);
  const rules: string[] = [];
  for (const alias of aliases) {
    const m = /^HP (.+) (\d{3})$/.exec(alias);
    const family = FONT_CATALOG.find((f) => f.name === m?.[1]);
    if (!m || !family) continue;
    for (const slice of slicesOf(family.pkg, Number(m[2]))) {
      const range = slice.ranges
        .map(([lo, hi]) =>
          lo === hi ? `U+${lo.toString(16)}` : `U+${lo.toString(16)}-${hi.toString(16)}`,
        )
        .join(",");
      rules.push(
        `@font-face{font-family:"${alias}";src:url("file://${slice.file}") format("woff2");unicode-range:${range};}`,
      );
    }
  }
  return rules.join("\n");
}

function rgba(hex: string, a: number): string {
  const v = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${a})`;
}

function box(e: LayoutElement, extra = ""): string {
  const b = e.box;
  return `position:absolute;left:${b.x}px;top:${b.y}px;width:${b.width}px;height:${b.height}px;${extra}`;
}

export function layoutToHtml(
  layout: PosterLayout,
  backgroundUrl: string,
  logoUrl?: string,
): string {
  const parts: string[] = [];
  for (const e of layout.elements) {
    if (e.kind === "underlay") {
      const c = e.color ?? "#000000";
      const fill = e.gradient
        ? `background:linear-gradient(${e.gradient.y1 > e.gradient.y0 ? "to bottom" : "to top"},${rgba(c, 0)} 0px,${rgba(c, e.opacity ?? 1)} ${Math.abs(e.gradient.y1 - e.gradient.y0)}px)`
        : `background:${rgba(c, e.opacity ?? 1)};border-radius:${e.radius ?? 0}px`;
      parts.push(`<div style="${box(e, fill)}"></div>`);
    } else if (e.kind === "logo" && logoUrl) {
      parts.push(`<img src="${logoUrl}" style="${box(e)}">`);
    } else if (e.kind === "cta") {
      parts.push(
        `<div style="${box(e, `background:${e.fill};border-radius:${e.radius ?? 0}px`)}"></div>`,
      );
    }
  }
  for (const e of layout.elements) {
    if (!e.lines) continue;
    const size = e.fontSize ?? 16;
    for (const line of e.lines) {
      // The baseline sits ~0.8 em below the top of a line box whose line-height is 1 em.
      const style = `position:absolute;left:${line.x}px;top:${line.baseline - size * 0.8}px;white-space:nowrap;line-height:${size}px;font:${e.fontWeight} ${size}px ${e.fontFamily};color:${e.color}`;
      parts.push(`<div style='${style}'>${esc(line.text)}</div>`);
    }
  }
  return `<!doctype html><html><head><meta charset="utf-8"><style>
${fontFaces(layout)}
html,body{margin:0;padding:0;overflow:hidden}
</style></head><body><div style="position:relative;width:${layout.width}px;height:${layout.height}px">
<img src="${backgroundUrl}" style="position:absolute;left:0;top:0;width:${layout.width}px;height:${layout.height}px">
${parts.join("\n")}
</div></body></html>`;
}
