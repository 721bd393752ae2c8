import {
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  aws_cloudwatch as cloudwatch,
  aws_ec2 as ec2,
  aws_logs as logs,
  aws_rds as rds,
  aws_s3 as s3,
  aws_secretsmanager as secretsmanager,
  aws_sqs as sqs,
} from "aws-cdk-lib";
import type { Construct } from "constructs";
import { acknowledge, MANAGED_POLICY } from "./nag";
import type { Settings } from "./settings";

/** Keys of the application secret (one JSON secret); an unused one stays an empty string. */
export const APP_SECRET_KEYS = [
  "OPS_TOKEN",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "CLERK_SECRET_KEY",
  "CLERK_JWT_KEY",
  "CLERK_WEBHOOK_SIGNING_SECRET",
  "LLM_API_KEY",
  "SMTP_URL",
] as const;

export const DATABASE_NAME = "hyperposter";

export function assetBucketName(settings: Settings): string {
  const { stage, account, region } = settings.deploy;
  return `hyperposter-${stage}-assets-${account}-${region}`;
}

/** The model folders the workers copy at start (`models/current/`); kept apart from assets' lifecycle. */
export function modelBucketName(settings: Settings): string {
  const { stage, account, region } = settings.deploy;
  return `hyperposter-${stage}-models-${account}-${region}`;
}

export interface DataStackProps extends StackProps {
  settings: Settings;
}

/**
 * Network and data: the VPC, PostgreSQL (Aurora Serverless v2 behind RDS
 * Proxy), the job queue and its dead-letter queue with alarms, the private
 * asset bucket and the secrets. The web and worker stacks take these as props.
 */
export class DataStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly database: rds.DatabaseCluster;
  readonly proxy: rds.DatabaseProxy;
  readonly databaseSecret: secretsmanager.ISecret;
  readonly appSecret: secretsmanager.Secret;
  /** The full postgres:// URL through the proxy (the code reads DATABASE_URL). */
  readonly databaseUrlSecret: secretsmanager.Secret;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly assetBucket: s3.Bucket;
  readonly modelBucket: s3.Bucket;
  /** Clients of the database (web functions, workers) join this group. */
  readonly databaseClients: ec2.SecurityGroup;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { deploy, runtime } = props.settings;

    this.vpc = new ec2.Vpc(this, "Vpc", {
      // Named zones: no lookup, so synth needs no credentials.
      availabilityZones: [`${deploy.region}a`, `${deploy.region}b`],
      natGateways: 1,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "app", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: "data", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: {
        rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(
            new logs.LogGroup(this, "FlowLogs", { retention: logs.RetentionDays.ONE_MONTH }),
          ),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });
    // Gateway endpoint: asset and model traffic to S3 stays off the NAT gateway.
    this.vpc.addGatewayEndpoint("S3Endpoint", { service: ec2.GatewayVpcEndpointAwsService.S3 });

    this.databaseClients = new ec2.SecurityGroup(this, "DatabaseClients", {
      vpc: this.vpc,
      description: "Web functions and workers that reach PostgreSQL through RDS Proxy",
      allowAllOutbound: true,
    });
    const databaseGroup = new ec2.SecurityGroup(this, "DatabaseGroup", {
      vpc: this.vpc,
      description: "Aurora PostgreSQL and its proxy: reachable only from the client group",
      allowAllOutbound: false,
    });
    databaseGroup.addIngressRule(this.databaseClients, ec2.Port.tcp(5432), "clients to proxy");
    databaseGroup.addIngressRule(databaseGroup, ec2.Port.tcp(5432), "proxy to cluster");
    databaseGroup.addEgressRule(databaseGroup, ec2.Port.tcp(5432), "proxy to cluster");

    this.database = new rds.DatabaseCluster(this, "Database", {
      engine: rds.DatabaseClusterEngine.auroraPostgres({
        version: rds.AuroraPostgresEngineVersion.VER_16_6,
      }),
      // The password goes into a postgres:// URL: keep it to URL-safe characters.
      credentials: rds.Credentials.fromGeneratedSecret("hyperposter", {
        excludeCharacters: " %+~`#$&*()|[]{}:;<>?!'/@\"\\=,^",
      }),
      defaultDatabaseName: DATABASE_NAME,
      writer: rds.ClusterInstance.serverlessV2("Writer"),
      readers: [rds.ClusterInstance.serverlessV2("Reader", { scaleWithWriter: true })],
      serverlessV2MinCapacity: deploy.dbMinCapacity,
      serverlessV2MaxCapacity: deploy.dbMaxCapacity,
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [databaseGroup],
      storageEncrypted: true,
      iamAuthentication: true,
      deletionProtection: true,
      backup: { retention: Duration.days(14) },
      cloudwatchLogsExports: ["postgresql"],
      cloudwatchLogsRetention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    this.databaseSecret = this.database.secret!;
    this.proxy = this.database.addProxy("Proxy", {
      secrets: [this.databaseSecret],
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [databaseGroup],
      requireTLS: true,
      // Lambda bursts open many short connections: the proxy pools them.
      maxConnectionsPercent: 90,
    });

    this.databaseUrlSecret = new secretsmanager.Secret(this, "DatabaseUrl", {
      description: "DATABASE_URL for the web functions and workers: RDS Proxy, TLS required",
      // Resolved by CloudFormation at deploy time; the template holds only references.
      secretStringValue: SecretValue.unsafePlainText(this.composeDatabaseUrl()),
    });

    this.appSecret = new secretsmanager.Secret(this, "AppSecret", {
      description:
        "Hyperposter application secrets (Stripe, Clerk, LLM, SMTP, ops token): a JSON object, empty strings for unused keys",
      generateSecretString: {
        secretStringTemplate: JSON.stringify(
          Object.fromEntries(APP_SECRET_KEYS.filter((k) => k !== "OPS_TOKEN").map((k) => [k, ""])),
        ),
        generateStringKey: "OPS_TOKEN",
        excludePunctuation: true,
        passwordLength: 40,
      },
    });

    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      queueName: `hyperposter-${deploy.stage}-jobs-dlq`,
      // Keep dead letters as long as SQS allows so an operator can re-drive them.
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, "JobQueue", {
      queueName: `hyperposter-${deploy.stage}-jobs`,
      visibilityTimeout: Duration.seconds(runtime.SQS_VISIBILITY_TIMEOUT_SECONDS),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: runtime.SQS_MAX_RECEIVE_COUNT,
      },
    });
    this.alarms.push(
      this.deadLetterQueue
        .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) })
        .createAlarm(this, "DeadLetterAlarm", {
          alarmDescription:
            "A job reached the dead-letter queue: the worker fails it; look at the logs, then `npm run jobs:redrive` if it was an outage.",
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      this.queue
        .metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) })
        .createAlarm(this, "OldestJobAlarm", {
          alarmDescription:
            "The oldest waiting job is older than ten minutes: workers are not keeping up or not starting (GPU capacity, Spot, image pull).",
          threshold: 600,
          evaluationPeriods: 3,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );

    const accessLogs = new s3.Bucket(this, "AccessLogs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.assetBucket = new s3.Bucket(this, "Assets", {
      // A fixed name: the other stacks import it by name (no export to pin it).
      bucketName: assetBucketName(props.settings),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: false,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "assets/",
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(deploy.assetInfrequentAccessDays),
            },
          ],
          ...(deploy.assetExpireDays > 0
            ? {
                expiration: Duration.days(
                  Math.max(deploy.assetExpireDays, deploy.assetInfrequentAccessDays + 1),
                ),
              }
            : {}),
        },
      ],
      // Browsers fetch presigned URLs directly (downloads and uploads of fonts, logos, products).
      cors: [
        {
          allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT],
          allowedOrigins: [deploy.appUrl],
          allowedHeaders: ["*"],
          maxAge: 3600,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.modelBucket = new s3.Bucket(this, "ModelFolders", {
      bucketName: modelBucketName(props.settings),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Versioned: a bad upload of a model can be rolled back.
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "models/",
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.acknowledgeFindings();
  }

  private acknowledgeFindings() {
    const rotation =
      "Not rotated by Secrets Manager: DATABASE_URL is composed from it at deploy time; rotate by changing the password and redeploying (README, Deploy).";
    acknowledge(this.database, { SMG4: rotation });
    acknowledge(this.databaseUrlSecret, { SMG4: rotation });
    acknowledge(this.appSecret, {
      SMG4: "Third-party keys (Stripe, Clerk, LLM, SMTP) are rotated at their issuers, then pasted here.",
    });
    acknowledge(this, {
      [MANAGED_POLICY.lambdaBasic]:
        "CDK's log-retention helper function writes only its own CloudWatch logs.",
      "IAM5[Resource::*]":
        "CDK's log-retention helper sets retention on log groups it creates, whose names are not known in advance.",
    });
  }

  private composeDatabaseUrl(): string {
    const field = (key: string) => this.databaseSecret.secretValueFromJson(key).unsafeUnwrap();
    return `postgres://${field("username")}:${field("password")}@${this.proxy.endpoint}:5432/${DATABASE_NAME}?sslmode=require`;
  }
}
