import type { FormatSpec, TemplateName } from "@hyperposter/domain";
import type { Rect } from "../image-backend/types";

/**
 * A template's geometry for one format: where the text column and the logo
 * go, how the column aligns, and the type scale it allows. All in pixels.
 */
export interface TemplateGeometry {
  template: TemplateName;
  /** "column" stacks headline, subline, CTA; "row" sets them side by side (leaderboard). */
  flow: "column" | "row";
  column: Rect;
  anchor: "top" | "center" | "bottom";
  align: "left" | "center";
  logo: Rect;
  headlineMaxLines: number;
  headlineMaxSize: number;
  headlineMinSize: number;
  /** Smallest legible size for subline and CTA on this format. */
  bodyMinSize: number;
  showSubline: boolean;
  /** The underlay a repair reaches for first. */
  preferredUnderlay: "scrim" | "panel";
  /**
   * With a product photo: the region reserved for it, disjoint from the
   * column and the logo area, and where in it the product stands.
   */
  product?: Rect;
  productAnchor?: "bottom" | "center";
}

export function safeRect(f: FormatSpec): Rect {
  const s = f.safeArea;
  return {
    x: s.left,
    y: s.top,
    width: f.width - s.left - s.right,
    height: f.height - s.top - s.bottom,
  };
}

/** Templates that suit a format's shape, preferred first; repairs try the next. */
export function templatesFor(f: FormatSpec): TemplateName[] {
  const aspect = f.width / f.height;
  if (aspect >= 4) return ["banner-strip"];
  if (aspect <= 0.4) return ["banner-column"];
  if (f.formatClass === "banner") return ["centered-card", "headline-top"];
  if (aspect >= 1.5) return ["split", "bottom-band", "centered-card"];
  if (aspect >= 0.95) return ["bottom-band", "headline-top", "centered-card"];
  return ["headline-top", "bottom-band", "centered-card"];
}

export function geometry(
  f: FormatSpec,
  template: TemplateName,
  withProduct = false,
): TemplateGeometry {
  const base = baseGeometry(f, template);
  return withProduct ? reserveProduct(f, base) : base;
}

/**
 * Carves a product region out of a template: the copy keeps its column (made
 * smaller), the product gets the rest, and the two never meet. Small banners
 * get their own arrangement: product beside the headline (300 × 250,
 * 728 × 90) or between logo and headline (160 × 600).
 */
function reserveProduct(f: FormatSpec, g: TemplateGeometry): TemplateGeometry {
  const safe = safeRect(f);
  const unit = Math.min(f.width, f.height);
  const gap = Math.round(unit * 0.045);
  const bottom = safe.y + safe.height;
  const right = safe.x + safe.width;
  const col = g.column;
  switch (g.template) {
    case "headline-top": {
      const height = (bottom - col.y) * 0.46;
      const top = col.y + height + gap;
      return {
        ...g,
        column: { ...col, height },
        headlineMaxLines: 3,
        product: { x: safe.x, y: top, width: safe.width, height: bottom - top },
        productAnchor: "bottom",
      };
    }
    case "bottom-band": {
      const h = safe.height * 0.42;
      const top = bottom - h;
      const regionTop = g.logo.y + g.logo.height + gap;
      return {
        ...g,
        column: { ...col, y: top, height: h },
        product: { x: safe.x, y: regionTop, width: safe.width, height: top - gap - regionTop },
        productAnchor: "bottom",
      };
    }
    case "split": {
      const x = safe.x + safe.width * 0.56;
      return {
        ...g,
        column: { ...col, width: safe.width * 0.5 },
        product: { x, y: safe.y, width: right - x, height: safe.height },
        productAnchor: "bottom",
      };
    }
    case "centered-card": {
      const top = g.logo.y + g.logo.height + gap;
      if (f.formatClass === "banner") {
        // 300 × 250: product on the left, copy on the right.
        const w = safe.width * 0.4;
        const x = safe.x + w + gap * 0.6;
        return {
          ...g,
          column: { x, y: top, width: right - x, height: bottom - top },
          align: "left",
          showSubline: false,
          headlineMaxSize: Math.round(unit * 0.1),
          product: { x: safe.x, y: top, width: w, height: bottom - top },
          productAnchor: "center",
        };
      }
      const h = (bottom - top) * 0.44;
      const colTop = top + h + gap;
      return {
        ...g,
        column: { ...col, y: colTop, height: bottom - colTop },
        product: { x: safe.x, y: top, width: safe.width, height: h },
        productAnchor: "bottom",
      };
    }
    case "banner-strip": {
      // 728 × 90: logo | product | headline · CTA.
      const logoW = Math.round(safe.height * 1.6);
      const gutter = Math.max(12, Math.round(safe.height * 0.25));
      const px = safe.x + logoW + gutter;
      const pw = Math.round(safe.height * 1.3);
      const cx = px + pw + gutter;
      return {
        ...g,
        logo: { ...g.logo, width: logoW },
        product: { x: px, y: safe.y, width: pw, height: safe.height },
        productAnchor: "center",
        column: { ...col, x: cx, width: right - cx },
      };
    }
    case "banner-column": {
      // 160 × 600: logo, product, then the copy.
      const top = g.logo.y + g.logo.height + 12;
      const h = safe.height * 0.3;
      const colTop = top + h + 12;
      return {
        ...g,
        product: { x: safe.x, y: top, width: safe.width, height: h },
        productAnchor: "center",
        column: { ...col, y: colTop, height: bottom - colTop },
        headlineMaxLines: 5,
      };
    }
  }
}

/** The small banners (728 × 90, 160 × 600, 300 × 250): their own product arrangements. */
export function isSmallBanner(f: FormatSpec, template: TemplateName): boolean {
  return (
    template === "banner-strip" ||
    template === "banner-column" ||
    (template === "centered-card" && f.formatClass === "banner")
  );
}

/**
 * A small banner with no room for both the product and the headline: the
 * product alone, larger, with the logo and the call to action (the headline
 * and subline are dropped and reported). `column` then holds only the CTA
 * button; the product region never meets it nor the logo.
 */
export function productAloneGeometry(
  f: FormatSpec,
  g: TemplateGeometry,
  productAspect: number,
): TemplateGeometry {
  const safe = safeRect(f);
  const bottom = safe.y + safe.height;
  const right = safe.x + safe.width;
  const base = { ...g, showSubline: false, headlineMaxLines: 0 };
  if (g.template === "banner-strip") {
    // 728 × 90: logo | the product, wide | CTA at the right end.
    const gutter = Math.max(12, Math.round(safe.height * 0.25));
    const ctaW = Math.round(safe.width * 0.24);
    const cx = right - ctaW;
    const px = g.logo.x + g.logo.width + gutter;
    const pw = Math.max(0, cx - gutter - px);
    return {
      ...base,
      product: { x: px, y: safe.y, width: pw, height: safe.height },
      productAnchor: "center",
      column: { x: cx, y: safe.y, width: ctaW, height: safe.height },
      align: "left",
    };
  }
  const unit = Math.min(f.width, f.height);
  const gap = Math.max(8, Math.round(unit * 0.05));
  if (g.template === "centered-card" && productAspect < 1) {
    // 300 × 250 with a tall product: it stands on the left, full height; the CTA on the right.
    const top = g.logo.y + g.logo.height + Math.round(unit * 0.045);
    const pw = Math.round(safe.width * 0.56);
    const cx = safe.x + pw + gap;
    return {
      ...base,
      product: { x: safe.x, y: top, width: pw, height: bottom - top },
      productAnchor: "center",
      column: { x: cx, y: top, width: right - cx, height: bottom - top },
      anchor: "center",
      align: "center",
    };
  }
  // 160 × 600 and 300 × 250: logo on top, the product under it, the CTA at the foot.
  const ctaH = Math.max(32, Math.round(unit * (g.template === "banner-column" ? 0.3 : 0.16)));
  const colTop = bottom - ctaH;
  const top = g.logo.y + g.logo.height + gap;
  return {
    ...base,
    product: { x: safe.x, y: top, width: safe.width, height: Math.max(0, colTop - gap - top) },
    productAnchor: "bottom",
    column: { x: safe.x, y: colTop, width: safe.width, height: ctaH },
    anchor: "bottom",
    align: "center",
  };
}

function baseGeometry(f: FormatSpec, template: TemplateName): TemplateGeometry {
  const safe = safeRect(f);
  const unit = Math.min(f.width, f.height);
  const gap = Math.round(unit * 0.03);
  const logoH = Math.round(Math.max(unit * 0.075, 24));
  const logoTopLeft: Rect = { x: safe.x, y: safe.y, width: logoH * 3, height: logoH };
  const belowLogo = safe.y + logoH + gap * 1.5;
  const base = {
    headlineMaxLines: 3,
    // Tall formats have room to spare below the text: let the headline grow.
    headlineMaxSize: Math.round(unit * (f.height / f.width > 1.2 ? 0.155 : 0.13)),
    headlineMinSize: Math.max(12, Math.round(unit * 0.035)),
    // Subline and CTA never shrink below ~3% of the short side, however long the headline.
    bodyMinSize: Math.max(11, Math.round(unit * 0.03)),
    showSubline: true,
    flow: "column" as const,
  };
  switch (template) {
    case "headline-top":
      return {
        ...base,
        template,
        column: {
          x: safe.x,
          y: belowLogo,
          width: safe.width * 0.92,
          // Stories are tall enough to give the text most of the height.
          height: (safe.y + safe.height - belowLogo) * (f.height / f.width > 1.6 ? 0.85 : 0.7),
        },
        headlineMaxLines: 4,
        anchor: "top",
        align: "left",
        logo: logoTopLeft,
        preferredUnderlay: "scrim",
      };
    case "bottom-band": {
      const h = safe.height * 0.5;
      return {
        ...base,
        template,
        column: { x: safe.x, y: safe.y + safe.height - h, width: safe.width * 0.9, height: h },
        anchor: "bottom",
        align: "left",
        logo: logoTopLeft,
        preferredUnderlay: "scrim",
      };
    }
    case "split":
      return {
        ...base,
        template,
        headlineMaxSize: Math.round(unit * 0.15),
        column: {
          x: safe.x,
          y: belowLogo,
          width: safe.width * 0.52,
          height: safe.y + safe.height - belowLogo,
        },
        anchor: "center",
        align: "left",
        logo: logoTopLeft,
        preferredUnderlay: "panel",
      };
    case "centered-card": {
      const w = safe.width * (f.formatClass === "banner" ? 1 : 0.8);
      const small = f.formatClass === "banner";
      const logo: Rect = small
        ? { x: safe.x, y: safe.y, width: logoH * 3, height: logoH }
        : { x: f.width / 2 - logoH * 1.5, y: safe.y, width: logoH * 3, height: logoH };
      return {
        ...base,
        template,
        headlineMaxSize: Math.round(unit * (small ? 0.14 : 0.11)),
        column: {
          x: safe.x + (safe.width - w) / 2,
          y: belowLogo,
          width: w,
          height: safe.y + safe.height - belowLogo,
        },
        anchor: "center",
        align: "center",
        logo,
        showSubline: !small || f.height >= 240,
        preferredUnderlay: "panel",
      };
    }
    case "banner-strip": {
      const logoW = Math.round(safe.height * 2.2);
      // The strip's short side makes the generic gap vanish: keep a real gutter.
      const gap = Math.max(16, Math.round(safe.height * 0.35));
      return {
        ...base,
        template,
        flow: "row",
        column: {
          x: safe.x + logoW + gap,
          y: safe.y,
          width: safe.width - logoW - gap,
          height: safe.height,
        },
        anchor: "center",
        align: "left",
        logo: {
          x: safe.x,
          y: safe.y + safe.height * 0.15,
          width: logoW,
          height: safe.height * 0.7,
        },
        headlineMaxLines: 2,
        headlineMaxSize: Math.round(safe.height * 0.5),
        headlineMinSize: 12,
        bodyMinSize: 11,
        showSubline: false,
        preferredUnderlay: "panel",
      };
    }
    case "banner-column": {
      const logoBox: Rect = {
        x: safe.x,
        y: safe.y,
        width: safe.width,
        height: Math.round(safe.width * 0.34),
      };
      const top = logoBox.y + logoBox.height + 16;
      return {
        ...base,
        template,
        column: { x: safe.x, y: top, width: safe.width, height: safe.y + safe.height - top },
        anchor: "center",
        align: "center",
        logo: logoBox,
        headlineMaxLines: 6,
        headlineMaxSize: Math.round(safe.width * 0.3),
        headlineMinSize: 12,
        bodyMinSize: 11,
        showSubline: true,
        preferredUnderlay: "panel",
      };
    }
  }
}
