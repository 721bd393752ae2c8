import {
  AppError,
  type FieldIssue,
  findUnsafeInput,
  issuesFromZod,
  MAX_INPUT_DEPTH,
  textProblemSentence,
  type AppErrorCode,
} from "@hyperposter/domain";
import type { Role } from "@hyperposter/db";
import { initTRPC, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";
import type { ApiContext } from "./context";

/**
 * Everything tRPC in one place: the error formatter, the AppError → TRPCError
 * mapping and the procedure builders. Authentication is checked here once and
 * `workspaceProcedure(minRole)` is the only place tenancy and roles are enforced.
 */

const TRPC_CODE: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYMENT_REQUIRED: "PAYMENT_REQUIRED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** The one AppError → TRPCError mapping; the AppError rides along as the cause. */
export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
}

/**
 * The field a unique-constraint violation (Prisma P2002) is about, or null
 * when the error is not one. Check-then-insert races (two sign-ups with one
 * email, two workspaces or presets claiming one slug) end here rather than in
 * each service. Prisma reports the columns in `meta.target`, or through the
 * driver adapter in `meta.driverAdapterError.cause.constraint.fields`.
 */
export function uniqueViolationField(error: unknown): string | null {
  if (!error || typeof error !== "object" || (error as { code?: unknown }).code !== "P2002")
    return null;
  const meta = (error as { meta?: Record<string, unknown> }).meta ?? {};
  let fields: unknown = meta.target;
  if (!Array.isArray(fields)) {
    const adapter = meta.driverAdapterError as
      { cause?: { constraint?: { fields?: unknown; index?: unknown } } } | undefined;
    fields = adapter?.cause?.constraint?.fields ?? adapter?.cause?.constraint?.index;
  }
  const names = (Array.isArray(fields) ? fields : typeof fields === "string" ? [fields] : [])
    .map((name) => String(name).replace(/^"|"$/g, ""))
    .filter((name) => !/Id$/.test(name) && name !== "id");
  return names.at(-1) ?? "input";
}

const CONFLICT_SENTENCES: Record<string, { en: string; zh: string }> = {
  email: { en: "email is already registered to an account.", zh: "该邮箱已注册。" },
};

/** P2002 → CONFLICT (409) naming the field, in the one place errors are mapped. */
export function conflictFromUniqueViolation(error: unknown): AppError | null {
  const field = uniqueViolationField(error);
  if (!field) return null;
  const sentence = CONFLICT_SENTENCES[field] ?? {
    en: `${field} is already taken. Choose another and try again.`,
    zh: "该名称已被占用，请换一个再试。",
  };
  return new AppError("CONFLICT", sentence.en, { field, messageZh: sentence.zh });
}

/** The HTTP status of any error a call threw: tRPC's own table, AppError mapped first. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof AppError) return getHTTPStatusCodeFromError(toTRPCError(error));
  if (error instanceof TRPCError) return getHTTPStatusCodeFromError(error);
  return 500;
}

interface Issue {
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  message: string;
}

function issuesOf(cause: unknown): Issue[] | null {
  if (cause && typeof cause === "object" && "issues" in cause && Array.isArray(cause.issues))
    return cause.issues as Issue[];
  return null;
}

function pathOf(issue: Issue): string {
  return (issue.path ?? [])
    .map((p) => (typeof p === "object" && p !== null && "key" in p ? p.key : p))
    .map(String)
    .join(".");
}

/** "product must not be empty." stays; a bare zod message gets the field in front. */
function sentenceFor(field: string, message: string): string {
  const last = field.split(".").pop() ?? field;
  if (!field || message.startsWith(last)) return message;
  return `${field}: ${message.replace(/^Invalid input:\s*/i, "")}`;
}

export interface ErrorDetails {
  /** Dotted path of the field at fault, when one is. */
  field: string | null;
  messageZh: string | null;
  /** Every field at fault with its sentence (first one wins per field). */
  fieldErrors: Record<string, string>;
  /** The same fields as codes (packages/domain/src/issues.ts), for the UI to say in its language. */
  issues: FieldIssue[];
}

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error, input }) {
    const details: ErrorDetails = { field: null, messageZh: null, fieldErrors: {}, issues: [] };
    let message = shape.message;
    const cause = error.cause;
    const issues = issuesOf(cause);
    if (cause instanceof AppError) {
      details.field = cause.field ?? null;
      details.messageZh = cause.messageZh ?? null;
      if (cause.field) details.fieldErrors[cause.field] = cause.message;
      details.issues = cause.issues ?? [];
    } else if (issues && error.code === "BAD_REQUEST") {
      details.issues = issuesFromZod(issues as unknown as z.core.$ZodIssue[], { input });
      for (const issue of issues) {
        const field = pathOf(issue) || "input";
        details.fieldErrors[field] ??= sentenceFor(field, issue.message);
      }
      const first = issues[0];
      details.field = first ? pathOf(first) || "input" : "input";
      message = details.fieldErrors[details.field] ?? message;
    } else if (error.code === "INTERNAL_SERVER_ERROR") {
      // Never leak internals to the browser; the server logs the cause.
      message = "Something went wrong on our side. Try again in a moment.";
      details.messageZh = "我们这边出了点问题，请稍后再试。";
    }
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message, data: { ...data, ...details } };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Services throw AppError; this turns it into the matching tRPC code. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  const conflict = result.ok ? null : conflictFromUniqueViolation(result.error.cause);
  if (conflict) throw toTRPCError(conflict);
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR")
    console.error("[trpc] internal error:", result.error.cause ?? result.error);
  return result;
});

/**
 * The edge rule for text (packages/domain/src/text.ts) over every procedure's
 * raw input, before any schema runs: one check covers every string field and
 * key, so no router can forget it, and PostgreSQL never sees a NUL.
 */
const safeInput = t.middleware(async ({ getRawInput, next }) => {
  // A body that is not JSON is the input parser's to report, and only for
  // procedures that take input (tRPC never reads it for the others).
  const raw = await getRawInput().catch(() => undefined);
  const unsafe = findUnsafeInput(raw);
  if (unsafe?.problem === "too-deep")
    throw new AppError(
      "BAD_REQUEST",
      `${unsafe.field} is nested more than ${MAX_INPUT_DEPTH} levels deep; send a flatter body.`,
      {
        field: unsafe.field,
        messageZh: `${unsafe.field} 嵌套超过 ${MAX_INPUT_DEPTH} 层，请简化请求内容。`,
      },
    );
  if (unsafe) {
    const sentence = textProblemSentence(unsafe.field, unsafe.problem);
    throw new AppError("BAD_REQUEST", sentence.en, { field: unsafe.field, messageZh: sentence.zh });
  }
  return next();
});

export const publicProcedure = t.procedure.use(appErrors).use(safeInput);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth)
    throw new AppError("UNAUTHORIZED", "You are signed out. Sign in to continue.", {
      messageZh: "你已退出登录，请登录后继续。",
    });
  return next({ ctx: { ...ctx, auth: ctx.auth } });
});

export const ROLE_RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2, OWNER: 3 };
const ROLE_ZH: Record<Role, string> = {
  VIEWER: "查看者",
  EDITOR: "编辑者",
  ADMIN: "管理员",
  OWNER: "所有者",
};

const WorkspaceInput = z.object({
  workspaceSlug: z
    .string({ error: "workspaceSlug must be text." })
    .trim()
    .min(1, { error: "workspaceSlug must not be empty." })
    .max(64, { error: "workspaceSlug must be at most 64 characters." }),
});

export interface WorkspaceAccess {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

/**
 * Resolves the workspace named by `workspaceSlug`, checks the caller's
 * membership and role, and puts `ctx.workspace` in the context. A workspace the
 * caller is not a member of is NOT_FOUND (its existence is not revealed); a
 * role below `minRole` is FORBIDDEN.
 */
export function workspaceProcedure(minRole: Role) {
  return protectedProcedure.input(WorkspaceInput).use(async ({ ctx, input, next }) => {
    const membership = await ctx.db.membership.findFirst({
      where: {
        userId: ctx.auth.user.id,
        workspace: { slug: input.workspaceSlug, deletedAt: null },
      },
      include: { workspace: true },
    });
    if (!membership)
      throw new AppError(
        "NOT_FOUND",
        `There is no workspace "${input.workspaceSlug}" that you are a member of.`,
        { messageZh: `你不是工作区“${input.workspaceSlug}”的成员，或该工作区不存在。` },
      );
    if (ROLE_RANK[membership.role] < ROLE_RANK[minRole])
      throw new AppError(
        "FORBIDDEN",
        `This needs the ${minRole.toLowerCase()} role; you are ${membership.role.toLowerCase()} in this workspace. Ask an admin to change your role.`,
        {
          messageZh: `此操作需要${ROLE_ZH[minRole]}角色；你在此工作区是${ROLE_ZH[membership.role]}。请联系管理员调整角色。`,
        },
      );
    const workspace: WorkspaceAccess = {
      id: membership.workspace.id,
      slug: membership.workspace.slug,
      name: membership.workspace.name,
      role: membership.role,
    };
    return next({ ctx: { ...ctx, auth: ctx.auth, workspace } });
  });
}
