const COLORS: Record<string, number> = {
  dev: 35,
  db: 34,
  queue: 36,
  seed: 33,
  web: 32,
  worker: 95,
};
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;

/** A logger that prefixes every line with its part, padded so the columns line up. */
export function prefixed(part: string): (line: string) => void {
  const label = `[${part}]`.padEnd(9);
  const prefix = useColor ? `\u001b[${COLORS[part] ?? 37}m${label}\u001b[0m` : label;
  return (text: string) => {
    for (const line of text.split(/\r?\n/))
      if (line.trim()) process.stdout.write(`${prefix} ${line}\n`);
  };
}

/** Feed a stream's chunks to a line logger without splitting lines across chunks. */
export function pipeLines(stream: NodeJS.ReadableStream, log: (line: string) => void): void {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) log(line);
  });
  stream.on("end", () => {
    if (pending) log(pending);
  });
}
