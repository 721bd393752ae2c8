import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { startHealthServer } from "../src/health-server";

async function serve(metricsToken?: string) {
  const server = await startHealthServer({
    port: 0,
    registry: new Registry(),
    live: () => true,
    ready: async () => true,
    ...(metricsToken ? { metricsToken } : {}),
  });
  const address = server.address() as AddressInfo;
  return { server, address, base: `http://127.0.0.1:${address.port}` };
}

describe("worker health server", () => {
  it("listens on loopback by default", async () => {
    const { server, address } = await serve();
    expect(address.address).toBe("127.0.0.1");
    server.close();
  });

  it("with OPS_TOKEN, /metrics needs it; /healthz does not", async () => {
    const token = "metrics-token-0123456789";
    const { server, base } = await serve(token);
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${base}/metrics`, {
        headers: { authorization: "Bearer metrics-token-012345678X" },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${base}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(right.status).toBe(200);
    } finally {
      server.close();
    }
  });
});
