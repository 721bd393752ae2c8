import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// scrypt at OWASP's recommended parameters (Password Storage Cheat Sheet):
// N=2^17, r=8, p=1. Each hash needs 128 · N · r bytes = 128 MiB of memory.
// Parameters are stored with the hash; a hash made with lower ones is
// re-made at the next successful sign-in (`needsRehash`).
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

interface Params {
  N: number;
  r: number;
  p: number;
}

let current: Params = SCRYPT_PARAMS;

/**
 * Test suites that hash many passwords may lower the cost (each OWASP hash is
 * ≈ 0.5 s on a busy 2-core machine). Refused outside Vitest, so no product
 * process can run below the OWASP parameters.
 */
export function useTestScryptParams(params: Params | null): void {
  if (process.env.VITEST !== "true")
    throw new Error("useTestScryptParams is for the test suites only.");
  current = params ?? SCRYPT_PARAMS;
}

/** Memory scrypt needs for these parameters, with headroom (Node refuses above maxmem). */
function maxmemFor(params: Params): number {
  return 128 * params.N * params.r * params.p + 64 * 1024 * 1024;
}

function derive(password: string, salt: Buffer, params: ScryptOptions & Params): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      KEY_LENGTH,
      { N: params.N, r: params.r, p: params.p, maxmem: maxmemFor(params) },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url), self-describing. */
export async function hashPassword(password: string): Promise<string> {
  const params = current;
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return [
    "scrypt",
    params.N,
    params.r,
    params.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

function parse(stored: string): (Params & { salt: string; hash: string }) | null {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== "scrypt" || !salt || !hash) return null;
  // Refuse absurd stored parameters rather than letting a row exhaust memory.
  if (![params.N, params.r, params.p].every(Number.isSafeInteger)) return null;
  if (params.N < 2 || params.N > 2 ** 20 || params.r < 1 || params.r > 32) return null;
  if (params.p < 1 || params.p > 16) return null;
  return { ...params, salt, hash };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const expected = Buffer.from(parsed.hash, "base64url");
  const key = await derive(password, Buffer.from(parsed.salt, "base64url"), parsed);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True when a stored hash was made with weaker parameters than the current ones. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  return parsed.N < current.N || parsed.r < current.r || parsed.p < current.p;
}

/** A hash of nothing anyone knows, at the current cost: a missing user still costs one scrypt. */
export function dummyHash(): string {
  return `scrypt$${current.N}$${current.r}$${current.p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
}
