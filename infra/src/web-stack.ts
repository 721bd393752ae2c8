import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_cloudfront as cloudfront,
  aws_cloudfront_origins as origins,
  aws_ec2 as ec2,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_s3 as s3,
  aws_s3_deployment as s3deploy,
} from "aws-cdk-lib";
import type { Construct } from "constructs";
import { assetBucketName, type DataStack } from "./data-stack";
import { acknowledge, arnWildcard, MANAGED_POLICY, S3_OBJECT_ACTIONS } from "./nag";
import { serviceEnvironment } from "./environment";
import type { Settings } from "./settings";

export interface WebStackProps extends StackProps {
  settings: Settings;
  data: DataStack;
}

/** The OpenNext output folders this stack deploys (see `npm run build:aws`). */
export const OPEN_NEXT_PARTS = {
  server: "server-functions/default",
  image: "image-optimization-function",
  assets: "assets",
  cache: "cache",
} as const;

/**
 * The web app, serverless: the OpenNext server function (Lambda in the VPC,
 * reaching PostgreSQL through RDS Proxy), the image optimizer, and static
 * assets in S3, all behind one CloudFront distribution. Written here rather
 * than taken from a construct library: the kept ones (SST, cdk-nextjs) pin
 * older OpenNext or bring their own deploy tool; these are a few constructs.
 */
export class WebStack extends Stack {
  readonly server: lambda.Function;
  readonly imageOptimizer: lambda.Function;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { settings, data } = props;
    const bundle = (part: string) => {
      const path = join(settings.deploy.webBundleDir, part);
      if (!existsSync(path))
        throw new Error(
          `The OpenNext bundle has no ${part} (looked in ${path}). Run \`npm run build:aws\` first.`,
        );
      return path;
    };

    const accessLogs = new s3.Bucket(this, "AccessLogs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const staticBucket = new s3.Bucket(this, "Static", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "static/",
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    new s3deploy.BucketDeployment(this, "StaticAssets", {
      sources: [s3deploy.Source.asset(bundle(OPEN_NEXT_PARTS.assets))],
      destinationBucket: staticBucket,
      destinationKeyPrefix: "_assets",
      prune: false,
    });
    new s3deploy.BucketDeployment(this, "PrerenderCache", {
      sources: [s3deploy.Source.asset(bundle(OPEN_NEXT_PARTS.cache))],
      destinationBucket: staticBucket,
      destinationKeyPrefix: "_cache",
      prune: false,
    });

    const environment = {
      ...serviceEnvironment(settings, data),
      // OpenNext's incremental cache reads prerendered pages from here.
      CACHE_BUCKET_NAME: staticBucket.bucketName,
      CACHE_BUCKET_KEY_PREFIX: "_cache",
      CACHE_BUCKET_REGION: this.region,
    };
    const logGroup = new logs.LogGroup(this, "ServerLogs", {
      retention: logs.RetentionDays.ONE_MONTH,
    });
    this.server = new lambda.Function(this, "Server", {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.X86_64,
      handler: "index.handler",
      code: lambda.Code.fromAsset(bundle(OPEN_NEXT_PARTS.server)),
      memorySize: 1536,
      timeout: Duration.seconds(30),
      environment,
      vpc: data.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [data.databaseClients],
      logGroup,
    });
    data.databaseSecret.grantRead(this.server);
    data.appSecret.grantRead(this.server);
    data.queue.grantSendMessages(this.server);
    data.deadLetterQueue.grantSendMessages(this.server);
    data.deadLetterQueue.grantConsumeMessages(this.server);
    const assets = s3.Bucket.fromBucketName(this, "Assets", assetBucketName(settings));
    assets.grantReadWrite(this.server);
    staticBucket.grantReadWrite(this.server);

    this.imageOptimizer = new lambda.Function(this, "ImageOptimizer", {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.X86_64,
      handler: "index.handler",
      code: lambda.Code.fromAsset(bundle(OPEN_NEXT_PARTS.image)),
      memorySize: 1536,
      timeout: Duration.seconds(25),
      environment: { BUCKET_NAME: staticBucket.bucketName, BUCKET_KEY_PREFIX: "_assets" },
      logGroup: new logs.LogGroup(this, "ImageLogs", { retention: logs.RetentionDays.ONE_MONTH }),
    });
    staticBucket.grantRead(this.imageOptimizer);

    // Function URLs signed by CloudFront (origin access control): not callable directly.
    const serverUrl = this.server.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    const imageUrl = this.imageOptimizer.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.AWS_IAM,
    });
    const serverOrigin = origins.FunctionUrlOrigin.withOriginAccessControl(serverUrl);
    const staticOrigin = origins.S3BucketOrigin.withOriginAccessControl(staticBucket, {
      originPath: "/_assets",
    });
    const dynamic: cloudfront.BehaviorOptions = {
      origin: serverOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    const cached: cloudfront.BehaviorOptions = {
      origin: staticOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
    };
    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: `Hyperposter ${settings.deploy.stage}`,
      defaultBehavior: dynamic,
      additionalBehaviors: {
        "_next/static/*": cached,
        "favicon.ico": cached,
        "_next/image*": {
          ...dynamic,
          origin: origins.FunctionUrlOrigin.withOriginAccessControl(imageUrl),
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        },
      },
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: "cloudfront/",
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
    acknowledge(this, {
      ...S3_OBJECT_ACTIONS,
      [MANAGED_POLICY.lambdaBasic]: "Lambda's basic role writes the function's own logs only.",
      [MANAGED_POLICY.lambdaVpc]:
        "Lambda's VPC role manages the function's network interfaces (it reaches RDS Proxy).",
      [arnWildcard(staticBucket)]:
        "Objects of the static bucket: the build's assets and OpenNext's page cache, nothing else lives there.",
      [`IAM5[Resource::arn:<AWS::Partition>:s3:::${assetBucketName(settings)}/*]`]:
        "Objects of the asset bucket: the web app writes uploads and signs URLs for any workspace's keys (tenancy is enforced in the services).",
      [`IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${settings.deploy.account}-${settings.deploy.region}/*]`]:
        "CDK's BucketDeployment reads the staged build from the bootstrap bucket.",
      L1: "Node 24 is the runtime the app is built and tested on (OpenNext 4 targets it); CDK's BucketDeployment function picks its own.",
      CFR1: "A global product: no country is blocked by default (add geoRestriction per deployment if required).",
      CFR2: "WAF is an operator's choice (it costs per rule); the app limits API requests per key itself. Attach a web ACL via webAclId.",
      CFR4: "The default *.cloudfront.net certificate until the operator attaches a custom domain and an ACM certificate (README, Deploy).",
    });
  }
}
