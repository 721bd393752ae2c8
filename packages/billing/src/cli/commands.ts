import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type { Db } from "@hyperposter/db";
import { PlanName } from "@hyperposter/domain";
import { z } from "zod";
import { balancesOf } from "../balances";
import { grantCredits } from "../grants";
import { setOverageCap, setPlanLocally } from "../period";

export const USAGE = `Usage:
  npm run billing -- grant --workspace <slug> --credits <n> --reason "<why>" [--action-id <id>]
  npm run billing -- set-plan --workspace <slug> --plan FREE|PRO|TEAM|AGENCY [--action-id <id>]
  npm run billing -- overage-cap --workspace <slug> --cap <n>
  npm run billing -- balance --workspace <slug>
Each grant and plan change is one ledger entry keyed by its action id (a new one per
run unless --action-id is given; re-running with the same id changes nothing).`;

export class UsageError extends Error {}

const Slug = z.string({ error: "--workspace is required (the workspace's slug)." }).min(1);
const Grant = z.object({
  workspace: Slug,
  credits: z.coerce
    .number({ error: "--credits must be a number." })
    .int({ error: "--credits must be a whole number." })
    .min(1, { error: "--credits must be at least 1." })
    .max(1_000_000, { error: "--credits must be at most 1,000,000." }),
  reason: z
    .string({ error: '--reason is required (e.g. --reason "support: failed batch").' })
    .min(3, { error: "--reason must say why, in a few words." }),
  "action-id": z.string().min(1).optional(),
});
const SetPlan = z.object({
  workspace: Slug,
  plan: z
    .string({ error: "--plan is required." })
    .transform((p) => p.toUpperCase())
    .pipe(PlanName),
  "action-id": z.string().min(1).optional(),
});
const Cap = z.object({
  workspace: Slug,
  cap: z.coerce
    .number({ error: "--cap must be a number." })
    .int({ error: "--cap must be a whole number." })
    .min(0, { error: "--cap must not be negative." }),
});

function parse<T extends z.ZodType>(schema: T, values: unknown): z.infer<T> {
  const result = schema.safeParse(values);
  if (!result.success) throw new UsageError(result.error.issues.map((i) => i.message).join("\n"));
  return result.data;
}

async function workspaceId(db: Db, slug: string): Promise<string> {
  const ws = await db.workspace.findUnique({ where: { slug }, select: { id: true } });
  if (!ws) throw new UsageError(`No workspace has the slug "${slug}".`);
  return ws.id;
}

function parseOrUsage<T extends Parameters<typeof parseArgs>[0]>(config: T) {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

/** The operator's billing command (local mode, support); returns the lines to print. */
export async function runBillingCommand(db: Db, argv: string[]): Promise<string[]> {
  const [command, ...rest] = argv;
  const { values } = parseOrUsage({
    args: rest,
    options: {
      workspace: { type: "string" },
      credits: { type: "string" },
      reason: { type: "string" },
      plan: { type: "string" },
      cap: { type: "string" },
      "action-id": { type: "string" },
    },
    strict: true,
  } as const);
  switch (command) {
    case "grant": {
      const input = parse(Grant, values);
      const id = await workspaceId(db, input.workspace);
      const actionId = input["action-id"] ?? `cli-grant:${randomUUID()}`;
      const granted = await grantCredits(db, {
        workspaceId: id,
        amount: input.credits,
        cause: { type: "admin", actionId },
        kind: "ADJUST",
        note: input.reason,
      });
      const { total } = await balancesOf(db, id);
      return [
        granted
          ? `Granted ${input.credits} credits to ${input.workspace} (action ${actionId}); balance ${total}.`
          : `Action ${actionId} was already applied; nothing changed. Balance ${total}.`,
      ];
    }
    case "set-plan": {
      const input = parse(SetPlan, values);
      const id = await workspaceId(db, input.workspace);
      const actionId = input["action-id"] ?? `cli-plan:${randomUUID()}`;
      const { granted, expired, periodEnd } = await setPlanLocally(db, {
        workspaceId: id,
        plan: input.plan,
        actionId,
      });
      return [
        granted
          ? `${input.workspace} is on ${input.plan} until ${periodEnd.toISOString()} (action ${actionId}); ${expired} unspent monthly credits of the previous period expired.`
          : `Action ${actionId} was already applied; nothing changed.`,
      ];
    }
    case "overage-cap": {
      const input = parse(Cap, values);
      await setOverageCap(db, {
        workspaceId: await workspaceId(db, input.workspace),
        cap: input.cap,
      });
      return [`${input.workspace} accepts up to ${input.cap} overage credits per period.`];
    }
    case "balance": {
      const input = parse(z.object({ workspace: Slug }), values);
      const b = await balancesOf(db, await workspaceId(db, input.workspace));
      return [
        `${input.workspace}: ${b.total} credits (monthly ${b.monthly}, packs ${b.packs}, overage ${b.overage}).`,
      ];
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
  }
}
