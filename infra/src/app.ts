import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { DataStack } from "./data-stack";
import { DeploySettingsSchema, parseSettings, RuntimeSchema, type Settings } from "./settings";
import { WebStack } from "./web-stack";
import { WorkerStack } from "./worker-stack";

export interface HyperposterApp {
  app: App;
  settings: Settings;
  data: DataStack;
  web: WebStack;
  worker: WorkerStack;
}

/**
 * The whole deployment: three stacks sharing one settings object. `context`
 * overrides cdk.json (tests pass their own); cdk-nag's AwsSolutions pack runs
 * as a validation plugin at synth, its accepted findings carry reasons.
 */
export function buildApp(context: Record<string, unknown> = {}, outdir?: string): HyperposterApp {
  const app = new App({
    // Keep cross-stack exports pinned while a consumer uses them (the stacks deploy in order).
    context: { "@aws-cdk/core:defaultCrossStackReferences": "strong", ...context },
    ...(outdir ? { outdir } : {}),
  });
  const settings = parseSettings(readContext(app));
  const env = { account: settings.deploy.account, region: settings.deploy.region };
  // The zones the VPC names, given up front so that synth never looks them up in an account.
  const zones = `availability-zones:account=${env.account}:region=${env.region}`;
  if (app.node.tryGetContext(zones) === undefined)
    app.node.setContext(zones, [`${env.region}a`, `${env.region}b`]);
  const prefix = `Hyperposter-${settings.deploy.stage}`;
  const data = new DataStack(app, `${prefix}-Data`, { env, settings });
  const web = new WebStack(app, `${prefix}-Web`, { env, settings, data });
  const worker = new WorkerStack(app, `${prefix}-Workers`, {
    env,
    settings,
    data,
    ...(typeof app.node.tryGetContext("workerImageTag") === "string"
      ? { imageTag: String(app.node.tryGetContext("workerImageTag")) }
      : {}),
  });
  Tags.of(app).add("app", "hyperposter");
  Tags.of(app).add("stage", settings.deploy.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, settings, data, web, worker };
}

function readContext(app: App): Record<string, unknown> {
  const keys = [
    ...Object.keys(DeploySettingsSchema.shape),
    ...Object.keys(RuntimeSchema.shape),
    "workerImageTag",
  ];
  return Object.fromEntries(keys.map((k) => [k, app.node.tryGetContext(k)]));
}
