import { apiKeyRouter } from "./router/api-key";
import { authRouter } from "./router/auth";
import { billingRouter } from "./router/billing";
import { fontRouter } from "./router/font";
import { generationRouter } from "./router/generation";
import { historyRouter } from "./router/history";
import { invitationRouter } from "./router/invitation";
import { memberRouter } from "./router/member";
import { presetRouter } from "./router/preset";
import { productRouter } from "./router/product";
import { reviewRouter } from "./router/review";
import { webhookRouter } from "./router/webhook";
import { workspaceRouter } from "./router/workspace";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspace: workspaceRouter,
  member: memberRouter,
  invitation: invitationRouter,
  preset: presetRouter,
  product: productRouter,
  font: fontRouter,
  history: historyRouter,
  generation: generationRouter,
  review: reviewRouter,
  billing: billingRouter,
  webhook: webhookRouter,
  apiKey: apiKeyRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls (server components, tests) through the same procedures. */
export const createCaller = createCallerFactory(appRouter);
