/**
 * The baseline: a headless Chromium driven over the DevTools protocol (Node's
 * own WebSocket, no Playwright), the way template-image services render. One
 * browser stays warm; each render loads a page and captures a screenshot.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = "/usr/bin/chromium";

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--hide-scrollbars",
  "--allow-file-access-from-files",
];

interface Pending {
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: Error) => void;
}

export class Chromium {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private waiters: Array<{ method: string; sessionId: string; resolve: () => void }> = [];

  private constructor(
    private readonly proc: ChildProcess,
    private readonly ws: WebSocket,
  ) {
    ws.addEventListener("message", (ev) => {
      const msg = JSON.parse(String(ev.data)) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: { message: string };
        method?: string;
        sessionId?: string;
      };
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result ?? {});
        return;
      }
      const i = this.waiters.findIndex(
        (w) => w.method === msg.method && w.sessionId === msg.sessionId,
      );
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve();
    });
  }

  static async launch(width: number, height: number): Promise<Chromium> {
    const profile = mkdtempSync(join(tmpdir(), "hp-chromium-"));
    const proc = spawn(
      CHROMIUM,
      [
        ...FLAGS,
        `--user-data-dir=${profile}`,
        `--window-size=${width},${height}`,
        "--remote-debugging-port=0",
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let buf = "";
      const timer = setTimeout(() => reject(new Error("chromium did not start")), 30_000);
      proc.stderr?.on("data", (d: Buffer) => {
        buf += d.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(buf);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve, { once: true });
      ws.addEventListener("error", reject, { once: true });
    });
    return new Chromium(proc, ws);
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  private event(method: string, sessionId: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ method, sessionId, resolve }));
  }

  /** Opens a page, loads `url` (fonts included) and captures it; returns the image bytes. */
  async render(
    url: string,
    width: number,
    height: number,
    format: "png" | "jpeg",
  ): Promise<Buffer> {
    const { targetId } = (await this.send("Target.createTarget", { url: "about:blank" })) as {
      targetId: string;
    };
    const { sessionId } = (await this.send("Target.attachToTarget", {
      targetId,
      flatten: true,
    })) as {
      sessionId: string;
    };
    await this.send("Page.enable", {}, sessionId);
    await this.send(
      "Emulation.setDeviceMetricsOverride",
      { width, height, deviceScaleFactor: 1, mobile: false },
      sessionId,
    );
    const loaded = this.event("Page.loadEventFired", sessionId);
    await this.send("Page.navigate", { url }, sessionId);
    await loaded;
    await this.send(
      "Runtime.evaluate",
      { expression: "document.fonts.ready", awaitPromise: true },
      sessionId,
    );
    const shot = (await this.send(
      "Page.captureScreenshot",
      { format, ...(format === "jpeg" ? { quality: 90 } : {}) },
      sessionId,
    )) as { data: string };
    await this.send("Target.closeTarget", { targetId });
    return Buffer.from(shot.data, "base64");
  }

  close(): void {
    this.ws.close();
    this.proc.kill("SIGTERM");
  }
}

/** One cold `chromium --headless --screenshot` run: process start included. */
export async function coldScreenshot(
  url: string,
  width: number,
  height: number,
  out: string,
): Promise<number> {
  const profile = mkdtempSync(join(tmpdir(), "hp-chromium-"));
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const p = spawn(
      CHROMIUM,
      [
        ...FLAGS,
        `--user-data-dir=${profile}`,
        `--window-size=${width},${height}`,
        `--screenshot=${out}`,
        url,
      ],
      {
        stdio: "ignore",
      },
    );
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`chromium exited ${code}`))));
  });
  return performance.now() - t0;
}
