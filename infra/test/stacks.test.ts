import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvSchema, loadEnv } from "@hyperposter/config";
import { Match, Template } from "aws-cdk-lib/assertions";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp, type HyperposterApp } from "../src/app";
import { SECRET_VARIABLES } from "../src/environment";
import { backlogPerTaskTarget, parseSettings, SettingsError } from "../src/settings";
import {
  IDLE_MINUTES_BEFORE_ZERO,
  START_STEPS,
  TRACKER_SCALE_IN_COOLDOWN_SECONDS,
} from "../src/worker-stack";

/**
 * A stand-in OpenNext output folder: the stacks only package its folders as
 * assets here (the real bundle is exercised by apps/web's bundle smoke test).
 */
function bundleFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "hp-open-next-"));
  for (const part of [
    "server-functions/default",
    "image-optimization-function",
    "assets",
    "cache",
  ]) {
    mkdirSync(join(dir, part), { recursive: true });
    writeFileSync(join(dir, part, "index.mjs"), "export const handler = async () => ({});\n");
  }
  return dir;
}

const context = {
  account: "123456789012",
  region: "eu-west-1",
  appUrl: "https://posters.example.com",
  SQS_MAX_RECEIVE_COUNT: "7",
  drainDeadlineSeconds: "100",
};

let built: HyperposterApp;
let data: Template;
let web: Template;
let worker: Template;

beforeAll(() => {
  built = buildApp(
    { ...context, webBundleDir: bundleFolder() },
    mkdtempSync(join(tmpdir(), "hp-cdk-")),
  );
  data = Template.fromStack(built.data);
  web = Template.fromStack(built.web);
  worker = Template.fromStack(built.worker);
});

/** Variables the product's schema requires: no default, not optional. */
function requiredVariables(): string[] {
  const result = EnvSchema.safeParse({});
  if (result.success) return [];
  return [...new Set(result.error.issues.map((issue) => String(issue.path[0])))];
}

describe("queue and dead-letter queue", () => {
  it("redrives after the receive count the code reads (SQS_MAX_RECEIVE_COUNT)", () => {
    expect(built.settings.runtime.SQS_MAX_RECEIVE_COUNT).toBe(7);
    data.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "hyperposter-prod-jobs",
      VisibilityTimeout: EnvSchema.shape.SQS_VISIBILITY_TIMEOUT_SECONDS.parse(undefined),
      RedrivePolicy: {
        deadLetterTargetArn: { "Fn::GetAtt": [Match.stringLikeRegexp("DeadLetterQueue"), "Arn"] },
        maxReceiveCount: 7,
      },
    });
  });

  it("defaults the receive count to the config schema's default", () => {
    const settings = parseSettings({
      ...context,
      SQS_MAX_RECEIVE_COUNT: undefined,
      webBundleDir: "x",
    });
    expect(settings.runtime.SQS_MAX_RECEIVE_COUNT).toBe(
      EnvSchema.shape.SQS_MAX_RECEIVE_COUNT.parse(undefined),
    );
  });

  it("alarms on any dead letter and on the oldest job's age", () => {
    data.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [
        {
          Name: "QueueName",
          Value: { "Fn::GetAtt": [Match.stringLikeRegexp("DeadLetterQueue"), "QueueName"] },
        },
      ],
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    data.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateAgeOfOldestMessage",
      Threshold: 600,
    });
  });

  it("encrypts both queues and refuses plain HTTP", () => {
    const queues = data.findResources("AWS::SQS::Queue");
    expect(Object.keys(queues)).toHaveLength(2);
    for (const queue of Object.values(queues))
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    data.resourcePropertiesCountIs(
      "AWS::SQS::QueuePolicy",
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Deny",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
          ]),
        },
      },
      2,
    );
  });
});

describe("buckets", () => {
  it("keeps every bucket private and encrypted", () => {
    for (const template of [data, web]) {
      const buckets = template.findResources("AWS::S3::Bucket");
      expect(Object.keys(buckets).length).toBeGreaterThan(0);
      for (const bucket of Object.values(buckets)) {
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(
          bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0],
        ).toMatchObject({
          ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" },
        });
      }
    }
  });

  it("gives the asset bucket lifecycle rules", () => {
    data.hasResourceProperties("AWS::S3::Bucket", {
      BucketName: "hyperposter-prod-assets-123456789012-eu-west-1",
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          Match.objectLike({
            Transitions: [{ StorageClass: "STANDARD_IA", TransitionInDays: 30 }],
            ExpirationInDays: 365,
          }),
        ]),
      },
    });
  });
});

describe("database", () => {
  it("runs Aurora Serverless v2, encrypted, behind an RDS Proxy that requires TLS", () => {
    data.hasResourceProperties("AWS::RDS::DBCluster", {
      Engine: "aurora-postgresql",
      StorageEncrypted: true,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
    });
    data.hasResourceProperties("AWS::RDS::DBProxy", {
      RequireTLS: true,
      EngineFamily: "POSTGRESQL",
    });
  });
});

describe("GPU workers", () => {
  it("scales the instance group from zero, with Spot and On-Demand GPU instances", () => {
    worker.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", {
      MinSize: "0",
      MaxSize: "8",
      MixedInstancesPolicy: {
        InstancesDistribution: {
          OnDemandBaseCapacity: 0,
          OnDemandPercentageAboveBaseCapacity: 30,
          SpotAllocationStrategy: "price-capacity-optimized",
        },
        LaunchTemplate: {
          Overrides: [{ InstanceType: "g6.xlarge" }, { InstanceType: "g5.xlarge" }],
        },
      },
    });
    worker.hasResourceProperties("AWS::ECS::CapacityProvider", {
      AutoScalingGroupProvider: {
        ManagedScaling: { Status: "ENABLED", TargetCapacity: 100 },
        ManagedTerminationProtection: "ENABLED",
      },
    });
    worker.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateData: {
        ImageId: { Ref: Match.stringLikeRegexp("amazonlinux2023.*gpu") },
        BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true }) })],
      },
    });
  });

  it("asks for one GPU and stops no sooner than the worker's drain deadline", () => {
    const container = workerContainer();
    expect(container.ResourceRequirements).toEqual([{ Type: "GPU", Value: "1" }]);
    expect(container.StopTimeout).toBe(100);
    const drain = Number(envValue(container, "WORKER_DRAIN_SECONDS"));
    expect(drain).toBe(100 - built.settings.deploy.drainMarginSeconds);
    expect(drain).toBeLessThan(container.StopTimeout);
    expect(container.HealthCheck.Command.join(" ")).toContain("/readyz");
  });

  it("refuses a drain deadline ECS cannot honour", () => {
    expect(() =>
      parseSettings({ ...context, webBundleDir: "x", drainDeadlineSeconds: "180" }),
    ).toThrow(SettingsError);
  });

  it("starts workers by steps on jobs waiting while none runs", () => {
    worker.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
      PolicyType: "StepScaling",
      StepScalingPolicyConfiguration: {
        AdjustmentType: "ChangeInCapacity",
        StepAdjustments: START_STEPS.map((step, i) => {
          const next = START_STEPS[i + 1];
          return {
            MetricIntervalLowerBound: step.lower - 1,
            ...(next ? { MetricIntervalUpperBound: next.lower - 1 } : {}),
            ScalingAdjustment: step.change,
          };
        }),
      },
    });
    worker.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Threshold: 1,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: "IF(FILL(running, 0) < 1, visible, 0)" }),
      ]),
    });
  });

  it("tracks backlog per running task at acceptable wait ÷ seconds per job, scaling in slowly", () => {
    const target = backlogPerTaskTarget(built.settings.deploy);
    expect(target).toBe(10);
    worker.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: target,
        DisableScaleIn: false,
        ScaleInCooldown: TRACKER_SCALE_IN_COOLDOWN_SECONDS,
        ScaleOutCooldown: 60,
        CustomizedMetricSpecification: {
          MetricName: Match.absent(),
          Metrics: Match.arrayWith([
            Match.objectLike({
              Expression: "visible / IF(running > 1, running, 1)",
              ReturnData: true,
            }),
          ]),
        },
      },
    });
  });

  it("scales to zero only after nothing waited or ran for the idle period", () => {
    worker.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
      StepScalingPolicyConfiguration: {
        StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -8 }],
      },
    });
    worker.hasResourceProperties("AWS::CloudWatch::Alarm", {
      ComparisonOperator: "LessThanOrEqualToThreshold",
      Threshold: 0,
      EvaluationPeriods: IDLE_MINUTES_BEFORE_ZERO,
      DatapointsToAlarm: IDLE_MINUTES_BEFORE_ZERO,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: "FILL(visible, 0) + FILL(inFlight, 0)" }),
      ]),
    });
    worker.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", {
      MinCapacity: 0,
      MaxCapacity: 8,
    });
  });

  it("passes the batching and sequential-encoder settings to the GPU worker, defaults from the config schema", () => {
    const container = workerContainer();
    expect(envValue(container, "HYPERPOSTER_BATCH_MAX")).toBe(
      String(EnvSchema.shape.HYPERPOSTER_BATCH_MAX.parse(undefined)),
    );
    expect(envValue(container, "HYPERPOSTER_BATCH_WAIT_MS")).toBe(
      String(EnvSchema.shape.HYPERPOSTER_BATCH_WAIT_MS.parse(undefined)),
    );
    expect(envValue(container, "HYPERPOSTER_SEQUENTIAL_ENCODERS")).toBe("false");
    const tuned = parseSettings({
      ...context,
      webBundleDir: "x",
      HYPERPOSTER_BATCH_MAX: "4",
      HYPERPOSTER_BATCH_WAIT_MS: "120",
      HYPERPOSTER_SEQUENTIAL_ENCODERS: "true",
    });
    expect(tuned.runtime).toMatchObject({
      HYPERPOSTER_BATCH_MAX: 4,
      HYPERPOSTER_BATCH_WAIT_MS: 120,
      HYPERPOSTER_SEQUENTIAL_ENCODERS: true,
    });
    expect(() =>
      parseSettings({ ...context, webBundleDir: "x", HYPERPOSTER_BATCH_MAX: "17" }),
    ).toThrow(SettingsError);
  });

  it("copies the model folder from the model bucket, keeps TensorRT engines on EFS", () => {
    const container = workerContainer();
    expect(envValue(container, "HYPERPOSTER_MODEL_S3_URI")).toBe(
      "s3://hyperposter-prod-models-123456789012-eu-west-1/models/current/",
    );
    expect(envValue(container, "HYPERPOSTER_MODEL_DIR")).toBe("/app/.models/current");
    data.hasResourceProperties("AWS::S3::Bucket", {
      BucketName: "hyperposter-prod-models-123456789012-eu-west-1",
      VersioningConfiguration: { Status: "Enabled" },
    });
    worker.hasResourceProperties("AWS::ECS::TaskDefinition", {
      Volumes: [
        Match.objectLike({
          Name: "trt-cache",
          EFSVolumeConfiguration: Match.objectLike({ TransitEncryption: "ENABLED" }),
        }),
      ],
    });
  });

  it("lets the task protect itself from scale-in", () => {
    worker.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ["ecs:UpdateTaskProtection", "ecs:GetTaskProtection"] }),
        ]),
      },
    });
  });
});

describe("configuration of every service", () => {
  it("sets every variable the config schema requires on the worker task and the web function", () => {
    const required = requiredVariables();
    expect(required).toEqual(
      expect.arrayContaining(["DATABASE_URL", "SQS_QUEUE_URL", "S3_BUCKET"]),
    );
    const container = workerContainer();
    const workerNames = [
      ...container.Environment.map((e: { Name: string }) => e.Name),
      ...container.Secrets.map((e: { Name: string }) => e.Name),
    ];
    const server = serverFunction();
    const webNames = Object.keys(server.Properties.Environment.Variables);
    for (const name of required) {
      expect(workerNames, `worker lacks ${name}`).toContain(name);
      expect(webNames, `web lacks ${name}`).toContain(name);
    }
    // The whole set loads as the product loads it (empty secrets = unused; production rules included).
    const values = Object.fromEntries(
      [...workerNames, ...webNames].map((name) => [name, placeholderFor(name)]),
    );
    expect(() => loadEnv({ ...values, ...plainValues(container) })).not.toThrow();
  });

  it("gives the web function the database secret and the queue URL", () => {
    const vars = serverFunction().Properties.Environment.Variables;
    expect(JSON.stringify(vars.DATABASE_URL)).toContain("resolve:secretsmanager");
    expect(JSON.stringify(vars.SQS_QUEUE_URL)).toContain("JobQueue");
    expect(vars.NODE_ENV).toBe("production");
    expect(vars.APP_URL).toBe("https://posters.example.com");
  });

  it("takes the worker's secrets from Secrets Manager, never plain environment", () => {
    const container = workerContainer();
    const plain = container.Environment.map((e: { Name: string }) => e.Name);
    for (const name of SECRET_VARIABLES) expect(plain).not.toContain(name);
    expect(container.Secrets.map((e: { Name: string }) => e.Name)).toEqual(
      expect.arrayContaining([...SECRET_VARIABLES]),
    );
  });
});

describe("network", () => {
  it("opens no security group to the internet", () => {
    for (const template of [data, web, worker]) {
      for (const group of Object.values(template.findResources("AWS::EC2::SecurityGroup"))) {
        for (const rule of group.Properties.SecurityGroupIngress ?? []) {
          expect(rule.CidrIp).not.toBe("0.0.0.0/0");
          expect(rule.CidrIpv6).not.toBe("::/0");
        }
      }
      for (const rule of Object.values(template.findResources("AWS::EC2::SecurityGroupIngress"))) {
        expect(rule.Properties.CidrIp).not.toBe("0.0.0.0/0");
        expect(rule.Properties.CidrIpv6).not.toBe("::/0");
      }
    }
  });

  it("serves the web app through CloudFront only (function URLs need signed requests)", () => {
    web.allResourcesProperties("AWS::Lambda::Url", { AuthType: "AWS_IAM" });
    web.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: {
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: "redirect-to-https" }),
      },
    });
  });
});

// Helpers over the synthesized templates.
type Container = {
  Environment: { Name: string; Value: unknown }[];
  Secrets: { Name: string }[];
  ResourceRequirements: unknown;
  StopTimeout: number;
  HealthCheck: { Command: string[] };
};

function workerContainer(): Container {
  const defs = Object.values(worker.findResources("AWS::ECS::TaskDefinition"));
  expect(defs).toHaveLength(1);
  return defs[0]!.Properties.ContainerDefinitions[0] as Container;
}

function envValue(container: Container, name: string): unknown {
  return container.Environment.find((e) => e.Name === name)?.Value;
}

function serverFunction() {
  const fns = web.findResources("AWS::Lambda::Function", {
    Properties: { Handler: "index.handler", MemorySize: 1536, VpcConfig: Match.anyValue() },
  });
  expect(Object.keys(fns)).toHaveLength(1);
  return Object.values(fns)[0]!;
}

/** Tokens (queue URLs, secrets) stand in as plausible values of their variable. */
function placeholderFor(name: string): string {
  if (name === "DATABASE_URL") return "postgres://u:p@proxy:5432/hyperposter";
  if (name.endsWith("_URL") && name.startsWith("SQS"))
    return "https://sqs.eu-west-1.amazonaws.com/1/q";
  if (name === "SMTP_URL") return "smtps://u:p@mail.example.com:465";
  if (name === "S3_BUCKET") return "hyperposter-assets";
  if (name === "OPS_TOKEN") return "x".repeat(40);
  return "";
}

function plainValues(container: Container): Record<string, string> {
  return Object.fromEntries(
    container.Environment.filter((e) => typeof e.Value === "string").map((e) => [
      e.Name,
      e.Value as string,
    ]),
  );
}

describe("cdk-nag (AwsSolutions)", () => {
  it("passes the whole app: every finding is fixed or acknowledged with a reason", () => {
    expect(() => built.app.synth({ force: true })).not.toThrow();
  });

  it("is really enforced: a bucket without access logs or TLS enforcement fails synthesis", () => {
    const other = buildApp(
      { ...context, webBundleDir: bundleFolder() },
      mkdtempSync(join(tmpdir(), "hp-cdk-")),
    );
    new Bucket(other.data, "Careless");
    expect(() => other.app.synth()).toThrow(/AwsSolutions-S1|Validation failed/);
  });
});
