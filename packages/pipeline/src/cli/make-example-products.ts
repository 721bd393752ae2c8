/**
 * `npm run examples:products` draws the example product photos in
 * examples/products/ (made here, with @napi-rs/canvas: no outside images).
 * They are deliberately shot the ways customers send photos: on white, on a
 * light grey sweep, on a warm gradient (JPEG), and one PNG with transparency.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Path2D, type SKRSContext2D, createCanvas } from "@napi-rs/canvas";
import sharp from "sharp";

const out = fileURLToPath(new URL("../../../../examples/products/", import.meta.url));
mkdirSync(out, { recursive: true });

function groundShadow(ctx: SKRSContext2D, cx: number, cy: number, rx: number, alpha: number) {
  ctx.save();
  ctx.translate(cx, cy);
  ctx.scale(1, 0.14);
  const g = ctx.createRadialGradient(0, 0, 0, 0, 0, rx);
  g.addColorStop(0, `rgba(0,0,0,${alpha})`);
  g.addColorStop(1, "rgba(0,0,0,0)");
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.arc(0, 0, rx, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
}

function coldBrew(): Promise<Buffer> {
  const W = 600;
  const H = 800;
  const c = createCanvas(W, H);
  const ctx = c.getContext("2d");
  ctx.fillStyle = "#FBFBFA";
  ctx.fillRect(0, 0, W, H);
  groundShadow(ctx, 300, 690, 150, 0.28);
  // Bottle: shoulders into a neck, dark coffee through amber glass.
  const body = new Path2D();
  body.moveTo(255, 120);
  body.lineTo(345, 120);
  body.lineTo(345, 230);
  body.bezierCurveTo(345, 270, 410, 280, 410, 340);
  body.lineTo(410, 660);
  body.quadraticCurveTo(410, 690, 380, 690);
  body.lineTo(220, 690);
  body.quadraticCurveTo(190, 690, 190, 660);
  body.lineTo(190, 340);
  body.bezierCurveTo(190, 280, 255, 270, 255, 230);
  body.closePath();
  const glass = ctx.createLinearGradient(190, 0, 410, 0);
  glass.addColorStop(0, "#2A1408");
  glass.addColorStop(0.25, "#5B3216");
  glass.addColorStop(0.6, "#3A1E0C");
  glass.addColorStop(1, "#1C0D05");
  ctx.fillStyle = glass;
  ctx.fill(body);
  // Kraft label.
  ctx.save();
  ctx.clip(body);
  ctx.fillStyle = "#D9B98C";
  ctx.fillRect(190, 400, 220, 190);
  ctx.fillStyle = "#3B2314";
  ctx.font = "bold 34px sans-serif";
  ctx.textAlign = "center";
  ctx.fillText("COLD", 300, 470);
  ctx.fillText("BREW", 300, 510);
  ctx.font = "16px sans-serif";
  ctx.fillText("single origin · 330 ml", 300, 550);
  const hl = ctx.createLinearGradient(200, 0, 260, 0);
  hl.addColorStop(0, "rgba(255,255,255,0)");
  hl.addColorStop(0.5, "rgba(255,255,255,0.35)");
  hl.addColorStop(1, "rgba(255,255,255,0)");
  ctx.fillStyle = hl;
  ctx.fillRect(200, 130, 60, 560);
  ctx.restore();
  // Cap.
  ctx.fillStyle = "#111";
  ctx.beginPath();
  ctx.roundRect(248, 88, 104, 44, 6);
  ctx.fill();
  return sharp(c.toBuffer("image/png")).jpeg({ quality: 86 }).toBuffer();
}

function sneaker(): Promise<Buffer> {
  const W = 900;
  const H = 600;
  const c = createCanvas(W, H);
  const ctx = c.getContext("2d");
  const sweep = ctx.createLinearGradient(0, 0, 0, H);
  sweep.addColorStop(0, "#E4E5E8");
  sweep.addColorStop(1, "#CDCFD3");
  ctx.fillStyle = sweep;
  ctx.fillRect(0, 0, W, H);
  groundShadow(ctx, 450, 455, 330, 0.3);
  // Sole: pastel pink with a mint stripe.
  const sole = new Path2D();
  sole.moveTo(140, 400);
  sole.lineTo(770, 400);
  sole.quadraticCurveTo(800, 405, 790, 440);
  sole.quadraticCurveTo(780, 462, 740, 462);
  sole.lineTo(170, 462);
  sole.quadraticCurveTo(120, 460, 125, 425);
  sole.closePath();
  ctx.fillStyle = "#F7B8CF";
  ctx.fill(sole);
  ctx.fillStyle = "#A8E6CF";
  ctx.fillRect(150, 428, 620, 10);
  // Upper: white with grey panels.
  const upper = new Path2D();
  upper.moveTo(150, 402);
  upper.quadraticCurveTo(130, 330, 200, 300);
  upper.lineTo(330, 250);
  upper.quadraticCurveTo(380, 180, 470, 170);
  upper.quadraticCurveTo(520, 168, 540, 200);
  upper.quadraticCurveTo(620, 280, 740, 320);
  upper.quadraticCurveTo(790, 340, 785, 402);
  upper.closePath();
  const white = ctx.createLinearGradient(0, 170, 0, 400);
  white.addColorStop(0, "#FFFFFF");
  white.addColorStop(1, "#F1F1F3");
  ctx.fillStyle = white;
  ctx.fill(upper);
  ctx.strokeStyle = "#9A9CA3";
  ctx.lineWidth = 3;
  ctx.stroke(upper);
  ctx.fillStyle = "#C9CBD1";
  ctx.beginPath();
  ctx.moveTo(430, 400);
  ctx.quadraticCurveTo(520, 300, 640, 300);
  ctx.lineTo(690, 330);
  ctx.quadraticCurveTo(580, 340, 520, 400);
  ctx.closePath();
  ctx.fill();
  // Laces and the pink swoosh-free brand stripe.
  ctx.strokeStyle = "#FF4F9A";
  ctx.lineWidth = 6;
  ctx.beginPath();
  ctx.moveTo(230, 370);
  ctx.quadraticCurveTo(420, 330, 600, 380);
  ctx.stroke();
  ctx.strokeStyle = "#6B6E76";
  ctx.lineWidth = 4;
  for (let i = 0; i < 5; i++) {
    ctx.beginPath();
    ctx.moveTo(360 + i * 30, 250 - i * 4);
    ctx.lineTo(390 + i * 30, 280 - i * 2);
    ctx.stroke();
  }
  return sharp(c.toBuffer("image/png")).jpeg({ quality: 86 }).toBuffer();
}

function fruitTea(): Promise<Buffer> {
  const W = 500;
  const H = 760;
  const c = createCanvas(W, H);
  const ctx = c.getContext("2d");
  // Transparent: a PNG cut out by the customer's own tool.
  const cup = new Path2D();
  cup.moveTo(110, 200);
  cup.lineTo(390, 200);
  cup.lineTo(355, 700);
  cup.quadraticCurveTo(350, 720, 330, 720);
  cup.lineTo(170, 720);
  cup.quadraticCurveTo(150, 720, 145, 700);
  cup.closePath();
  const drink = ctx.createLinearGradient(0, 200, 0, 720);
  drink.addColorStop(0, "#FFD166");
  drink.addColorStop(0.5, "#F78C6B");
  drink.addColorStop(1, "#EF476F");
  ctx.fillStyle = drink;
  ctx.fill(cup);
  ctx.save();
  ctx.clip(cup);
  // Fruit slices.
  for (const [x, y, r, col] of [
    [180, 420, 48, "#FFB703"],
    [310, 520, 54, "#FB8500"],
    [220, 610, 44, "#E63946"],
  ] as const) {
    ctx.fillStyle = col;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = "rgba(255,255,255,0.8)";
    ctx.lineWidth = 4;
    for (let k = 0; k < 6; k++) {
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(
        x + Math.cos((k * Math.PI) / 3) * r * 0.85,
        y + Math.sin((k * Math.PI) / 3) * r * 0.85,
      );
      ctx.stroke();
    }
  }
  ctx.fillStyle = "rgba(255,255,255,0.25)";
  ctx.fillRect(120, 200, 40, 520);
  ctx.restore();
  // Lid and straw.
  ctx.fillStyle = "#2A9D8F";
  ctx.beginPath();
  ctx.roundRect(95, 170, 310, 38, 12);
  ctx.fill();
  ctx.fillStyle = "#E9F5DB";
  ctx.fillRect(270, 40, 26, 140);
  return Promise.resolve(c.toBuffer("image/png"));
}

function mooncakeBox(): Promise<Buffer> {
  const W = 800;
  const H = 700;
  const c = createCanvas(W, H);
  const ctx = c.getContext("2d");
  const g = ctx.createRadialGradient(400, 250, 40, 400, 300, 650);
  g.addColorStop(0, "#FFF6E8");
  g.addColorStop(1, "#E8D3B5");
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, W, H);
  groundShadow(ctx, 400, 560, 300, 0.3);
  // Box in three-quarter view: front and top faces.
  ctx.fillStyle = "#8B1E24";
  ctx.beginPath();
  ctx.moveTo(150, 300);
  ctx.lineTo(650, 300);
  ctx.lineTo(650, 560);
  ctx.lineTo(150, 560);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = "#A8262D";
  ctx.beginPath();
  ctx.moveTo(150, 300);
  ctx.lineTo(230, 200);
  ctx.lineTo(730, 200);
  ctx.lineTo(650, 300);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = "#6E171C";
  ctx.beginPath();
  ctx.moveTo(650, 300);
  ctx.lineTo(730, 200);
  ctx.lineTo(730, 460);
  ctx.lineTo(650, 560);
  ctx.closePath();
  ctx.fill();
  // Gold ribbon, a moon and cloud scrolls.
  ctx.fillStyle = "#E9C46A";
  ctx.fillRect(370, 300, 60, 260);
  ctx.beginPath();
  ctx.moveTo(370, 300);
  ctx.lineTo(450, 200);
  ctx.lineTo(510, 200);
  ctx.lineTo(430, 300);
  ctx.closePath();
  ctx.fill();
  ctx.beginPath();
  ctx.arc(260, 410, 55, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = "#E9C46A";
  ctx.lineWidth = 5;
  for (const [x, y] of [
    [520, 380],
    [560, 470],
  ] as const) {
    ctx.beginPath();
    ctx.arc(x, y, 22, Math.PI, 0);
    ctx.arc(x + 44, y, 22, Math.PI, 0);
    ctx.stroke();
  }
  return sharp(c.toBuffer("image/png")).jpeg({ quality: 86 }).toBuffer();
}

for (const [name, make] of [
  ["cold-brew-bottle.jpg", coldBrew],
  ["sneaker-on-grey.jpg", sneaker],
  ["fruit-tea-cup.png", fruitTea],
  ["mooncake-box-gradient.jpg", mooncakeBox],
] as const) {
  const bytes = await make();
  writeFileSync(`${out}${name}`, bytes);
  process.stderr.write(`${name}: ${bytes.length} bytes\n`);
}
