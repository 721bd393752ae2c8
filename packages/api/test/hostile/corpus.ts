/**
 * A hostile upload corpus, generated at test time from the example fonts,
 * the ZCOOL KuaiLe font and images made with sharp (no binaries checked in).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";

export interface HostileFile {
  name: string;
  procedure: "preset.uploadLogo" | "font.upload";
  bytes: Buffer;
  /** Text that must never be found in what is stored (when something is stored at all). */
  marker?: string;
}

const require = createRequire(import.meta.url);
const fonts = fileURLToPath(new URL("../../../../examples/fonts/", import.meta.url));
export const BASE_FONTS = {
  bebas: readFileSync(`${fonts}BebasNeue-Regular.ttf`),
  serif: readFileSync(`${fonts}SourceSerif4-Bold.otf`),
  zcool: readFileSync(
    require.resolve("@expo-google-fonts/zcool-kuaile/400Regular/ZCOOLKuaiLe_400Regular.ttf"),
  ),
};

const HTML = "<html><script>alert(document.cookie)</script></html>";

// ---------------------------------------------------------------- PNG

function chunk(type: string, data: Buffer, badCrc = false): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((crc32(Buffer.concat([head.subarray(4), data])) ^ (badCrc ? 1 : 0)) >>> 0);
  return Buffer.concat([head, data, crc]);
}

const SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(w: number, h: number, depth = 8, color = 6): Buffer {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(w >>> 0, 0);
  d.writeUInt32BE(h >>> 0, 4);
  d[8] = depth;
  d[9] = color;
  return chunk("IHDR", d);
}

function png(w: number, h: number, idat: Buffer, extra: Buffer[] = []): Buffer {
  return Buffer.concat([
    SIG,
    ihdr(w, h),
    ...extra,
    chunk("IDAT", idat),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------- fonts

interface Table {
  tag: string;
  data: Buffer;
}

function tablesOf(font: Buffer): Table[] {
  const n = font.readUInt16BE(4);
  return Array.from({ length: n }, (_, i) => {
    const at = 12 + 16 * i;
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    return {
      tag: font.subarray(at, at + 4).toString("latin1"),
      data: Buffer.from(font.subarray(offset, offset + length)),
    };
  });
}

function buildSfnt(flavor: number, tables: Table[], place?: (i: number) => number | null): Buffer {
  const n = tables.length;
  const head = Buffer.alloc(12 + 16 * n);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(n, 4);
  const pow = 2 ** Math.floor(Math.log2(Math.max(1, n)));
  head.writeUInt16BE(pow * 16, 6);
  head.writeUInt16BE(Math.log2(pow), 8);
  head.writeUInt16BE(n * 16 - pow * 16, 10);
  const parts = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    const at = 12 + 16 * i;
    head.write(t.tag, at, "latin1");
    head.writeUInt32BE(place?.(i) ?? offset, at + 8);
    head.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

/** Deterministic garbage. */
function garbage(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

function woff(font: Buffer, mutate?: (entry: Buffer, i: number) => void): Buffer {
  const tables = tablesOf(font);
  const header = Buffer.alloc(44 + 20 * tables.length);
  header.write("wOFF", 0, "latin1");
  header.writeUInt32BE(font.readUInt32BE(0), 4);
  header.writeUInt16BE(tables.length, 12);
  header.writeUInt32BE(font.length, 16);
  const parts = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const packed = deflateSync(t.data);
    const at = 44 + 20 * i;
    header.write(t.tag, at, "latin1");
    header.writeUInt32BE(offset, at + 4);
    header.writeUInt32BE(packed.length, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    mutate?.(header.subarray(at, at + 20), i);
    const padded = Buffer.alloc((packed.length + 3) & ~3);
    packed.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  const out = Buffer.concat(parts);
  out.writeUInt32BE(out.length, 8);
  return out;
}

/** Every glyph of a TrueType font made a composite of itself (or of the next glyph). */
function glyphCycles(font: Buffer, mutual: boolean): Buffer {
  const tables = tablesOf(font);
  const head = tables.find((t) => t.tag === "head")!.data;
  const long = head.readInt16BE(50) === 1;
  const loca = tables.find((t) => t.tag === "loca")!.data;
  const glyf = Buffer.from(tables.find((t) => t.tag === "glyf")!.data);
  const count = loca.length / (long ? 4 : 2) - 1;
  const at = (i: number) => (long ? loca.readUInt32BE(i * 4) : loca.readUInt16BE(i * 2) * 2);
  for (let g = 0; g < count; g++) {
    const start = at(g);
    if (at(g + 1) - start < 18) continue;
    glyf.writeInt16BE(-1, start);
    glyf.writeUInt16BE(0x0001, start + 10); // ARG_1_AND_2_ARE_WORDS, no MORE_COMPONENTS
    glyf.writeUInt16BE(mutual ? (g % 2 ? g - 1 : g + 1) % count : g, start + 12);
    glyf.writeUInt32BE(0, start + 14);
  }
  return buildSfnt(
    font.readUInt32BE(0),
    tables.map((t) => (t.tag === "glyf" ? { tag: t.tag, data: glyf } : t)),
  );
}

/**
 * A CFF font whose every global subroutine calls itself (or, mutual, the
 * next one): a charstring interpreter without a call-depth limit recurses
 * forever on the first glyph that uses one.
 */
function subroutineCycles(font: Buffer, mutual: boolean): Buffer {
  const tables = tablesOf(font);
  const cff = Buffer.from(tables.find((t) => t.tag === "CFF ")!.data);
  const index = (pos: number) => {
    const count = cff.readUInt16BE(pos);
    if (count === 0) return { offsets: [] as number[], end: pos + 2 };
    const size = cff[pos + 2]!;
    const read = (k: number) => cff.readUIntBE(pos + 3 + k * size, size);
    const base = pos + 3 + (count + 1) * size - 1;
    const offsets = Array.from({ length: count + 1 }, (_, k) => base + read(k));
    return { offsets, end: offsets[count]! };
  };
  const names = index(cff[2]!);
  const topDicts = index(names.end);
  const strings = index(topDicts.end);
  const { offsets } = index(strings.end);
  const count = offsets.length - 1;
  if (count < 2) throw new Error("the base font has no global subroutines to loop");
  const bias = count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
  for (let i = 0; i < count; i++) {
    const start = offsets[i]!;
    if (offsets[i + 1]! - start < 4) continue;
    // shortint (28) with the biased number of the subroutine to call, then callgsubr (29).
    cff[start] = 28;
    cff.writeInt16BE((mutual ? (i + 1) % count : i) - bias, start + 1);
    cff[start + 3] = 29;
  }
  return buildSfnt(
    font.readUInt32BE(0),
    tables.map((t) => (t.tag === "CFF " ? { tag: t.tag, data: cff } : t)),
  );
}

/** A format 12 cmap mapping every code point to glyph 1. */
function hugeCmap(font: Buffer, groups: number): Buffer {
  const sub = Buffer.alloc(16 + 12 * groups);
  sub.writeUInt16BE(12, 0);
  sub.writeUInt32BE(sub.length, 4);
  sub.writeUInt32BE(groups, 12);
  const span = Math.floor(0x110000 / groups);
  for (let g = 0; g < groups; g++) {
    sub.writeUInt32BE(g * span, 16 + 12 * g);
    sub.writeUInt32BE(g * span + span - 1, 20 + 12 * g);
    sub.writeUInt32BE(1, 24 + 12 * g);
  }
  const cmap = Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 3, 0, 10, 0, 0, 0, 12]), sub]);
  return buildSfnt(
    font.readUInt32BE(0),
    tablesOf(font).map((t) => (t.tag === "cmap" ? { tag: t.tag, data: cmap } : t)),
  );
}

/** The name table's strings overwritten with NULs. */
function nulNames(font: Buffer): Buffer {
  return buildSfnt(
    font.readUInt32BE(0),
    tablesOf(font).map((t) => {
      if (t.tag !== "name") return t;
      const data = Buffer.from(t.data);
      data.fill(0, data.readUInt16BE(4));
      return { tag: t.tag, data };
    }),
  );
}

// ---------------------------------------------------------------- the corpus

export async function hostileCorpus(): Promise<HostileFile[]> {
  const out: HostileFile[] = [];
  const logo = (name: string, bytes: Buffer, marker?: string) =>
    out.push({ name, procedure: "preset.uploadLogo", bytes, ...(marker ? { marker } : {}) });
  const font = (name: string, bytes: Buffer, marker?: string) =>
    out.push({ name, procedure: "font.upload", bytes, ...(marker ? { marker } : {}) });

  const base = sharp({
    create: { width: 64, height: 64, channels: 4, background: { r: 200, g: 30, b: 60, alpha: 1 } },
  });
  const PNG = await base.clone().png().toBuffer();
  const JPEG = await base.clone().jpeg().toBuffer();
  const WEBP = await base.clone().webp().toBuffer();
  const GIF = await base.clone().gif().toBuffer();
  const zeros = deflateSync(Buffer.alloc(8 * 1024 * 1024));

  // PNG: declared sizes past the caps (the 69-byte 30000×30000 first), bombs.
  for (const [w, h] of [
    [30000, 30000],
    [4097, 1],
    [1, 4097],
    [4096, 4097],
    [5000, 4000],
    [65535, 65535],
    [0, 0],
    [0, 16],
    [0x7fffffff, 1],
    [1, 0x7fffffff],
    [0xffffffff, 0xffffffff],
    [16384, 16384],
  ] as const)
    logo(`declared-${w}x${h}.png`, png(w, h, deflateSync(Buffer.alloc(1))));
  logo("bomb-20000.png", png(20000, 20000, zeros));
  logo("bomb-overflowing-idat.png", png(64, 64, zeros));
  for (const cut of [8, 16, 20, 33, 41, 60, Math.floor(PNG.length / 2), PNG.length - 12])
    logo(`cut-at-${cut}.png`, PNG.subarray(0, cut));
  for (const [i, c] of ["IHDR", "IDAT", "IEND"].entries()) {
    const good = png(64, 64, deflateSync(Buffer.alloc(64 * 257)));
    const bad = Buffer.from(good);
    const at = i === 0 ? 8 : good.indexOf(c, 8, "latin1") - 4;
    const len = bad.readUInt32BE(at);
    bad[at + 8 + len] = (bad[at + 8 + len] ?? 0) ^ 0xff;
    logo(`bad-crc-${c}.png`, bad);
  }
  logo("html-after-signature.png", Buffer.concat([SIG, Buffer.from(HTML)]), "<script");
  logo("html-after-ihdr.png", Buffer.concat([SIG, ihdr(64, 64), Buffer.from(HTML)]), "<script");
  logo("html-after-iend.png", Buffer.concat([PNG, Buffer.from(HTML)]), "<script");
  logo(
    "html-in-text-chunk.png",
    png(1, 1, deflateSync(Buffer.from([0, 0, 0, 0, 0])), [
      chunk("tEXt", Buffer.from(`c\0${HTML}`)),
    ]),
    "<script",
  );
  for (const [d, c] of [
    [3, 6],
    [16, 3],
    [7, 2],
    [8, 5],
  ] as const)
    logo(
      `bad-depth-${d}-color-${c}.png`,
      Buffer.concat([
        SIG,
        (() => {
          const x = Buffer.alloc(13);
          x.writeUInt32BE(8, 0);
          x.writeUInt32BE(8, 4);
          x[8] = d;
          x[9] = c;
          return chunk("IHDR", x);
        })(),
        chunk("IDAT", deflateSync(Buffer.alloc(80))),
        chunk("IEND", Buffer.alloc(0)),
      ]),
    );
  const huge = Buffer.from(PNG);
  huge.writeUInt32BE(0x7fffffff, 33);
  logo("chunk-length-2GB.png", huge);
  logo("idat-garbage.png", png(64, 64, garbage(4000, 7)));
  // APNG: animation chunks with sizes past the caps and a bomb in the frames.
  const actl = chunk("acTL", Buffer.from([0, 0, 0, 2, 0, 0, 0, 0]));
  const fctl = (w: number, h: number) => {
    const d = Buffer.alloc(26);
    d.writeUInt32BE(w, 4);
    d.writeUInt32BE(h, 8);
    return chunk("fcTL", d);
  };
  logo(
    "apng-declared-30000.png",
    png(30000, 30000, deflateSync(Buffer.alloc(1)), [actl, fctl(30000, 30000)]),
  );
  logo(
    "apng-bomb-frames.png",
    Buffer.concat([
      SIG,
      ihdr(20000, 20000),
      actl,
      fctl(20000, 20000),
      chunk("IDAT", zeros),
      chunk("fdAT", Buffer.concat([Buffer.alloc(4), zeros])),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
  logo(
    "apng-frame-past-canvas.png",
    Buffer.concat([
      SIG,
      ihdr(8, 8),
      actl,
      fctl(100000, 100000),
      chunk("IDAT", garbage(300, 3)),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
  logo("apng-truncated.png", Buffer.concat([SIG, ihdr(64, 64), actl, fctl(64, 64)]));

  // JPEG.
  const sof = JPEG.indexOf(Buffer.from([0xff, 0xc0]));
  for (const [w, h] of [
    [65500, 65500],
    [5000, 5000],
    [4097, 16],
    [0, 0],
  ] as const) {
    const j = Buffer.from(JPEG);
    j.writeUInt16BE(h, sof + 5);
    j.writeUInt16BE(w, sof + 7);
    logo(`declared-${w}x${h}.jpg`, j);
  }
  for (const cut of [3, 20, 100, Math.floor(JPEG.length / 2), JPEG.length - 40])
    logo(`cut-at-${cut}.jpg`, JPEG.subarray(0, cut));
  logo(
    "html-after-soi.jpg",
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(HTML)]),
    "<script",
  );
  logo("html-after-eoi.jpg", Buffer.concat([JPEG, Buffer.from(HTML)]), "<script");
  const scan = JPEG.indexOf(Buffer.from([0xff, 0xda]));
  logo(
    "garbage-scan.jpg",
    Buffer.concat([
      JPEG.subarray(0, scan + 14),
      garbage(JPEG.length - scan - 16, 9),
      Buffer.from([0xff, 0xd9]),
    ]),
  );
  logo("no-frame.jpg", Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xd9])]));

  // WebP and GIF are not logo types; bombs and cuts of each are still refused.
  logo("plain.webp", WEBP);
  logo("cut.webp", WEBP.subarray(0, 20));
  const webpBomb = Buffer.from(WEBP);
  logo("bomb.webp", webpBomb);
  logo("plain.gif", GIF);
  const gifBomb = Buffer.from(GIF);
  gifBomb.writeUInt16LE(65535, 6);
  gifBomb.writeUInt16LE(65535, 8);
  logo("bomb.gif", gifBomb);
  logo("cut.gif", GIF.subarray(0, 12));

  // Polyglots and wrong types.
  const zip = Buffer.concat([Buffer.from("PK\u0003\u0004", "latin1"), garbage(200, 4)]);
  logo("archive.png", zip);
  logo("page.png", Buffer.from(`<!doctype html>${HTML}`));
  logo("empty-ish.png", Buffer.from([0x89]));

  // SVG: active content, entities, external references, other encodings.
  const svg = (body: string, attrs = 'width="100" height="100"') =>
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}>${body}<rect width="50" height="50" fill="red"/></svg>`;
  const svgs: Array<[string, string]> = [
    ["script", svg("<script>alert(1)</script>")],
    [
      "script-ns",
      '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script></svg>',
    ],
    ["script-default-ns", svg('<script xmlns="http://www.w3.org/2000/svg">alert(1)</script>')],
    ["script-cdata", svg("<script><![CDATA[alert(1)]]></script>")],
    ["script-xlink", svg('<script xlink:href="https://evil.test/x.js"/>')],
    ["onload", svg("", 'width="10" height="10" onload="alert(1)"')],
    ["onclick-rect", svg('<rect onclick="alert(1)" width="5" height="5"/>')],
    ["onmouseover-upper", svg('<rect ONMOUSEOVER="alert(1)" width="5" height="5"/>')],
    ["onbegin-animate", svg('<animate onbegin="alert(1)" attributeName="x" dur="1s"/>')],
    ["href-javascript", svg('<a href="javascript:alert(1)"><text>x</text></a>')],
    ["xlink-javascript", svg('<a xlink:href="javascript:alert(1)"><text>x</text></a>')],
    ["href-javascript-entity", svg('<a href="&#106;avascript:alert(1)"><text>x</text></a>')],
    ["href-javascript-hex", svg('<a href="&#x6A;avascript:alert(1)"><text>x</text></a>')],
    ["href-javascript-tab", svg('<a href="java&#9;script:alert(1)"><text>x</text></a>')],
    ["href-vbscript", svg('<a href="vbscript:msgbox(1)"><text>x</text></a>')],
    ["css-import", svg("<style>@import url(//evil.test/x.css);</style>")],
    ["css-url", svg('<style>rect{fill:url("https://evil.test/p.svg#p")}</style>')],
    [
      "css-url-protocol-relative",
      svg('<rect style="fill:url(//evil.test/p)" width="5" height="5"/>'),
    ],
    [
      "xml-stylesheet",
      `<?xml-stylesheet href="https://evil.test/x.xsl" type="text/xsl"?>${svg("")}`,
    ],
    [
      "data-svg-image",
      svg(
        '<image href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" width="5" height="5"/>',
      ),
    ],
    [
      "data-html-iframe",
      svg(
        '<foreignObject width="9" height="9"><iframe xmlns="http://www.w3.org/1999/xhtml" src="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/></foreignObject>',
      ),
    ],
    ["set-handler", svg('<set attributeName="onmouseover" to="alert(1)"/>')],
    [
      "animate-href",
      svg('<a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>'),
    ],
    [
      "foreignobject",
      svg(
        '<foreignObject width="9" height="9"><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></body></foreignObject>',
      ),
    ],
    ["iframe", svg('<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.test"/>')],
    ["embed", svg('<embed xmlns="http://www.w3.org/1999/xhtml" src="https://evil.test"/>')],
    ["external-image", svg('<image href="https://evil.test/track.png" width="5" height="5"/>')],
    [
      "external-image-xlink",
      svg('<image xlink:href="http://evil.test/track.png" width="5" height="5"/>'),
    ],
    ["external-file-image", svg('<image href="file:///etc/passwd" width="5" height="5"/>')],
    ["external-use", svg('<use href="https://evil.test/sprite.svg#a"/>')],
    ["external-use-relative", svg('<use href="//evil.test/sprite.svg#a"/>')],
    [
      "xxe",
      `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg("<text>&x;</text>")}`,
    ],
    ["external-dtd", `<!DOCTYPE svg SYSTEM "https://evil.test/x.dtd">${svg("")}`],
    [
      "billion-laughs",
      `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>${svg("<text>&f;</text>")}`,
    ],
    [
      "utf7",
      `<?xml version="1.0" encoding="UTF-7"?>${svg("+ADw-script+AD4-alert(1)+ADw-/script+AD4-")}`,
    ],
    ["latin1-declared", `<?xml version="1.0" encoding="ISO-8859-1"?>${svg("")}`],
    ["width-100000", svg("", 'width="100000" height="100000"')],
    ["no-size-script", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    [
      "handler-in-style-attr-name",
      svg('<rect width="5" height="5" onfocusin="alert(1)" tabindex="0"/>'),
    ],
    ["deep-nesting", svg(`${"<g>".repeat(20000)}${"</g>".repeat(20000)}`)],
  ];
  for (const [name, text] of svgs) logo(`${name}.svg`, Buffer.from(text), "script");
  logo(
    "utf16le-script.svg",
    Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(svg("<script>alert(1)</script>"), "utf16le"),
    ]),
  );
  logo("utf16le-no-bom.svg", Buffer.from(svg("<script>alert(1)</script>"), "utf16le"));
  logo(
    "utf16be-script.svg",
    Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from(svg("<script>alert(1)</script>"), "utf16le").swap16(),
    ]),
  );

  // Fonts: each table garbage, missing or pointing past the end, in each base.
  for (const [baseName, bytes] of Object.entries(BASE_FONTS)) {
    const flavor = bytes.readUInt32BE(0);
    const tables = tablesOf(bytes);
    for (const [i, t] of tables.entries()) {
      font(
        `${baseName}-garbage-${t.tag.trim().replace("/", "_")}.ttf`,
        buildSfnt(
          flavor,
          tables.map((x, k) => (k === i ? { tag: x.tag, data: garbage(x.data.length, i + 1) } : x)),
        ),
      );
      font(
        `${baseName}-missing-${t.tag.trim().replace("/", "_")}.ttf`,
        buildSfnt(
          flavor,
          tables.filter((_, k) => k !== i),
        ),
      );
      font(
        `${baseName}-past-eof-${t.tag.trim().replace("/", "_")}.ttf`,
        buildSfnt(flavor, tables, (k) => (k === i ? bytes.length * 2 : null)),
      );
    }
  }
  const bebas = BASE_FONTS.bebas;
  font("glyph-cycle-self.ttf", glyphCycles(bebas, false));
  font("glyph-cycle-mutual.ttf", glyphCycles(bebas, true));
  font("subroutine-cycle-self.otf", subroutineCycles(BASE_FONTS.serif, false));
  font("subroutine-cycle-mutual.otf", subroutineCycles(BASE_FONTS.serif, true));
  font("cmap-whole-unicode.ttf", hugeCmap(bebas, 1));
  font("cmap-many-huge-ranges.ttf", hugeCmap(bebas, 4096));
  font("name-nul.ttf", nulNames(bebas));
  font("cut.ttf", bebas.subarray(0, 3000));
  font("header-only.ttf", bebas.subarray(0, 12));
  font("collection.ttc", Buffer.concat([Buffer.from("ttcf"), bebas.subarray(4)]));
  font("archive.ttf", zip);
  font("page.ttf", Buffer.from(HTML));
  font("png.ttf", PNG);
  // WOFF: bombs by declared size, a zlib stream inflating past what it declares, a table past EOF.
  font(
    "woff-total-2GB.woff",
    (() => {
      const w = woff(bebas);
      w.writeUInt32BE(0x7fffffff, 16);
      return w;
    })(),
  );
  font(
    "woff-table-1GB.woff",
    woff(bebas, (e, i) => {
      if (i === 0) e.writeUInt32BE(1 << 30, 12);
    }),
  );
  font(
    "woff-zlib-bomb.woff",
    (() => {
      const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024));
      const w = woff(bebas);
      const out = Buffer.concat([w, bomb]);
      out.writeUInt32BE(w.length, 44 + 4);
      out.writeUInt32BE(bomb.length, 44 + 8);
      out.writeUInt32BE(bomb.length + 10, 44 + 12);
      out.writeUInt32BE(out.length, 8);
      return out;
    })(),
  );
  font(
    "woff-past-eof.woff",
    woff(bebas, (e, i) => {
      if (i === 1) e.writeUInt32BE(1 << 28, 4);
    }),
  );
  font("woff-cut.woff", woff(bebas).subarray(0, 500));
  // WOFF2 bombs: a 1 KB file declaring 1 GB, and cut files.
  const w2 = Buffer.alloc(1024);
  w2.write("wOF2", 0, "latin1");
  w2.writeUInt32BE(0x00010000, 4);
  w2.writeUInt32BE(1024, 8);
  w2.writeUInt16BE(1, 12);
  w2.writeUInt32BE(1 << 30, 16);
  w2.writeUInt32BE(900, 20);
  w2[48] = 10; // glyf, transform 0
  w2.set([0x84, 0x80, 0x80, 0x80, 0x00], 49);
  w2.set([0x84, 0x80, 0x80, 0x80, 0x00], 54);
  font("woff2-1GB.woff2", w2);
  const w2b = Buffer.from(w2);
  w2b.writeUInt32BE(1000, 16);
  font("woff2-tables-1GB.woff2", w2b);
  const w2c = Buffer.from(w2b);
  w2c.set([0x82, 0x80, 0x80, 0x00], 49);
  font("woff2-garbage-stream.woff2", w2c);
  font("woff2-cut.woff2", w2.subarray(0, 30));
  // 25 MB of base64 is refused before it is decoded.
  out.push({ name: "25MB.ttf", procedure: "font.upload", bytes: garbage(19 * 1024 * 1024, 5) });
  out.push({
    name: "25MB.png",
    procedure: "preset.uploadLogo",
    bytes: garbage(19 * 1024 * 1024, 6),
  });
  return out;
}
