import {
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_applicationautoscaling as appscaling,
  aws_autoscaling as autoscaling,
  aws_cloudwatch as cloudwatch,
  aws_ec2 as ec2,
  aws_ecr as ecr,
  aws_ecs as ecs,
  aws_efs as efs,
  aws_iam as iam,
  aws_logs as logs,
  aws_s3 as s3,
} from "aws-cdk-lib";
import type { Construct } from "constructs";
import { APP_SECRET_KEYS, assetBucketName, type DataStack, modelBucketName } from "./data-stack";
import { acknowledge, MANAGED_POLICY, S3_OBJECT_ACTIONS } from "./nag";
import { plainEnvironment } from "./environment";
import { backlogPerTaskTarget, type Settings, workerDrainSeconds } from "./settings";

export interface WorkerStackProps extends StackProps {
  settings: Settings;
  data: DataStack;
  /** Tag of the worker image in the stack's ECR repository (pushed before deploy). */
  imageTag?: string;
}

/**
 * The worker copies the model folder from the model bucket's `models/current/`
 * to the instance's disk at start (files of the same size are kept); TensorRT's
 * engine cache lives on EFS so a new instance does not rebuild engines.
 */
export const MODEL_S3_PREFIX = "models/current/";
export const MODEL_DIR = "/app/.models/current";
export const TRT_CACHE_DIR = "/mnt/trt-cache";
export const WORKER_HEALTH_PORT = 9464;

/** Steps of the policy that starts workers when jobs wait and none runs (visible messages). */
export const START_STEPS = [
  { lower: 1, change: 1 },
  { lower: 50, change: 2 },
  { lower: 500, change: 4 },
] as const;
/**
 * The start-from-zero policy's cooldown: longer than a cold start, or it adds a
 * task every minute while the first one boots (tasks starting are not RUNNING).
 */
export const START_COOLDOWN_SECONDS = 240;
/** Seconds between two scale-ins of the backlog tracker. */
export const TRACKER_SCALE_IN_COOLDOWN_SECONDS = 300;
/** Idle minutes (nothing visible, nothing in flight) before every worker stops. */
export const IDLE_MINUTES_BEFORE_ZERO = 10;

/**
 * GPU workers: an ECS cluster whose capacity is an EC2 Auto Scaling group of
 * GPU instances (GPU-optimized ECS AMI, Spot + On-Demand, minimum 0) under a
 * capacity provider with managed scaling and termination protection; one
 * worker task per GPU; task count scaled on the queue.
 */
export class WorkerStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly taskDefinition: ecs.Ec2TaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly service: ecs.Ec2Service;
  readonly repository: ecr.Repository;
  readonly fileSystem: efs.FileSystem;

  constructor(scope: Construct, id: string, props: WorkerStackProps) {
    super(scope, id, props);
    const { settings, data } = props;
    const { deploy } = settings;
    const vpc = data.vpc;

    this.repository = new ecr.Repository(this, "WorkerImages", {
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.AES_256,
      lifecycleRules: [{ maxImageCount: 20 }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.cluster = new ecs.Cluster(this, "Cluster", {
      vpc,
      // RunningTaskCount, which the scaling metrics divide by, comes from Container Insights.
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    const instances = new ec2.SecurityGroup(this, "Instances", {
      vpc,
      description: "GPU worker instances and tasks: no inbound, outbound to AWS APIs and the proxy",
      allowAllOutbound: true,
    });
    const launchTemplate = new ec2.LaunchTemplate(this, "GpuTemplate", {
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.GPU),
      role: new iam.Role(this, "InstanceRole", {
        assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
        managedPolicies: [
          iam.ManagedPolicy.fromAwsManagedPolicyName(
            "service-role/AmazonEC2ContainerServiceforEC2Role",
          ),
          iam.ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"),
        ],
      }),
      userData: ec2.UserData.forLinux(),
      securityGroup: instances,
      requireImdsv2: true,
      blockDevices: [
        {
          // The CUDA image is large; room for two versions during a rollout.
          deviceName: "/dev/xvda",
          volume: ec2.BlockDeviceVolume.ebs(120, {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
          }),
        },
      ],
    });
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, "GpuInstances", {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      minCapacity: 0,
      maxCapacity: deploy.workerMaxTasks,
      mixedInstancesPolicy: {
        launchTemplate,
        launchTemplateOverrides: deploy.gpuInstanceTypes.map((type) => ({
          instanceType: new ec2.InstanceType(type),
        })),
        instancesDistribution: {
          onDemandBaseCapacity: deploy.onDemandBase,
          onDemandPercentageAboveBaseCapacity: deploy.onDemandPercentAboveBase,
          onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
          spotAllocationStrategy: autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
        },
      },
      // Replace Spot instances at risk before their two-minute notice when possible.
      capacityRebalance: true,
      newInstancesProtectedFromScaleIn: true,
    });
    const capacityProvider = new ecs.AsgCapacityProvider(this, "GpuCapacity", {
      autoScalingGroup: this.autoScalingGroup,
      enableManagedScaling: true,
      enableManagedTerminationProtection: true,
      targetCapacityPercent: 100,
      spotInstanceDraining: true,
    });
    this.cluster.addAsgCapacityProvider(capacityProvider);

    this.fileSystem = new efs.FileSystem(this, "EngineCache", {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      encrypted: true,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      removalPolicy: RemovalPolicy.RETAIN,
      enableAutomaticBackups: true,
    });
    this.fileSystem.connections.allowDefaultPortFrom(instances, "workers mount the engine cache");
    const accessPoint = (name: string, path: string) =>
      this.fileSystem.addAccessPoint(name, {
        path,
        createAcl: { ownerUid: "1000", ownerGid: "1000", permissions: "755" },
        posixUser: { uid: "1000", gid: "1000" },
      });
    const engines = accessPoint("EnginesAccess", "/trt-cache");

    this.taskDefinition = new ecs.Ec2TaskDefinition(this, "WorkerTask", {
      networkMode: ecs.NetworkMode.AWS_VPC,
      volumes: [
        {
          name: "trt-cache",
          efsVolumeConfiguration: {
            fileSystemId: this.fileSystem.fileSystemId,
            transitEncryption: "ENABLED",
            authorizationConfig: { accessPointId: engines.accessPointId, iam: "ENABLED" },
          },
        },
      ],
    });
    const taskRole = this.taskDefinition.taskRole;
    data.queue.grantConsumeMessages(taskRole);
    data.queue.grantSendMessages(taskRole);
    data.deadLetterQueue.grantConsumeMessages(taskRole);
    s3.Bucket.fromBucketName(this, "Assets", assetBucketName(settings)).grantReadWrite(taskRole);
    s3.Bucket.fromBucketName(this, "ModelFolders", modelBucketName(settings)).grantRead(
      taskRole,
      `${MODEL_S3_PREFIX}*`,
    );
    this.fileSystem.grant(taskRole, "elasticfilesystem:ClientMount");
    this.fileSystem.grant(taskRole, "elasticfilesystem:ClientWrite");
    // The agent's task-protection endpoint acts with the task's own role.
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["ecs:UpdateTaskProtection", "ecs:GetTaskProtection"],
        resources: [
          `arn:${this.partition}:ecs:${this.region}:${this.account}:task/${this.cluster.clusterName}/*`,
        ],
      }),
    );

    const drainSeconds = workerDrainSeconds(deploy);
    this.container = this.taskDefinition.addContainer("worker", {
      image: ecs.ContainerImage.fromEcrRepository(this.repository, props.imageTag ?? "latest"),
      gpuCount: 1,
      memoryReservationMiB: deploy.workerMemoryMiB,
      environment: {
        ...plainEnvironment(settings, data),
        AWS_REGION: this.region,
        IMAGE_BACKEND: settings.runtime.IMAGE_BACKEND,
        HYPERPOSTER_MODEL_DIR: MODEL_DIR,
        HYPERPOSTER_MODEL_S3_URI: `s3://${modelBucketName(settings)}/${MODEL_S3_PREFIX}`,
        HYPERPOSTER_TRT_CACHE_DIR: TRT_CACHE_DIR,
        WORKER_DRAIN_SECONDS: String(drainSeconds),
        WORKER_HEALTH_PORT: String(WORKER_HEALTH_PORT),
      },
      secrets: {
        DATABASE_URL: ecs.Secret.fromSecretsManager(data.databaseUrlSecret),
        ...Object.fromEntries(
          APP_SECRET_KEYS.map((key) => [key, ecs.Secret.fromSecretsManager(data.appSecret, key)]),
        ),
      },
      // ECS sends SIGKILL this long after SIGTERM: the worker's drain deadline.
      stopTimeout: Duration.seconds(deploy.drainDeadlineSeconds),
      healthCheck: {
        command: [
          "CMD",
          "node",
          "-e",
          `fetch("http://127.0.0.1:${WORKER_HEALTH_PORT}/readyz").then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        // Loading a diffusion model (and a TensorRT engine on a cache miss) takes minutes.
        startPeriod: Duration.seconds(300),
      },
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: "worker",
        logGroup: new logs.LogGroup(this, "WorkerLogs", {
          retention: logs.RetentionDays.ONE_MONTH,
        }),
      }),
    });
    this.container.addMountPoints({
      sourceVolume: "trt-cache",
      containerPath: TRT_CACHE_DIR,
      readOnly: false,
    });

    this.service = new ecs.Ec2Service(this, "Workers", {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: 0,
      minHealthyPercent: 0,
      maxHealthyPercent: 200,
      capacityProviderStrategies: [
        { capacityProvider: capacityProvider.capacityProviderName, weight: 1 },
      ],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [instances, data.databaseClients],
      circuitBreaker: { rollback: true },
      // One task per GPU instance.
      placementConstraints: [ecs.PlacementConstraint.distinctInstances()],
    });

    this.addScaling(settings, data);

    acknowledge(this, {
      ...S3_OBJECT_ACTIONS,
      [MANAGED_POLICY.ecsInstance]:
        "The ECS container instance role AWS maintains for registering GPU instances with the cluster.",
      [MANAGED_POLICY.ssm]: "Session Manager instead of SSH: instances have no inbound rule.",
      "IAM5[Action::ecs:Submit*]":
        "Part of CDK's ECS instance policy (the agent reports task state).",
      "IAM5[Resource::*]":
        "CDK's ECS instance and execution policies (ecr:GetAuthorizationToken, ecs:DiscoverPollEndpoint) cannot be scoped to a resource.",
      [`IAM5[Resource::arn:<AWS::Partition>:ecs:${settings.deploy.region}:${settings.deploy.account}:task/<${this.getLogicalId(this.cluster.node.defaultChild as ecs.CfnCluster)}>/*]`]:
        "Task protection is set by each task on itself; task ids are not known in advance.",
      [`IAM5[Resource::arn:<AWS::Partition>:s3:::${modelBucketName(settings)}/${MODEL_S3_PREFIX}*]`]:
        "The current model folder's files, copied at start; their names are the model's.",
      [`IAM5[Resource::arn:<AWS::Partition>:s3:::${assetBucketName(settings)}/*]`]:
        "Objects of the asset bucket: the worker reads inputs and writes the posters of any workspace (tenancy is enforced in the services).",
      EC26: "The volumes are encrypted in the launch template (GpuTemplate); nag does not follow a mixed-instances policy to it.",
      AS3: "Scaling is watched through ECS service events and the queue alarms; no notification topic per instance launch.",
      ECS2: "Only non-secret configuration is plain environment; every secret comes from Secrets Manager (container secrets).",
    });
  }

  private addScaling(settings: Settings, data: DataStack) {
    const { deploy } = settings;
    const period = Duration.minutes(1);
    const visible = data.queue.metricApproximateNumberOfMessagesVisible({
      period,
      statistic: "Maximum",
    });
    const inFlight = data.queue.metricApproximateNumberOfMessagesNotVisible({
      period,
      statistic: "Maximum",
    });
    const running = new cloudwatch.Metric({
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensionsMap: {
        ClusterName: this.cluster.clusterName,
        ServiceName: this.service.serviceName,
      },
      period,
      statistic: "Average",
    });
    const scaling = this.service.autoScaleTaskCount({
      minCapacity: 0,
      maxCapacity: deploy.workerMaxTasks,
    });

    // 0 → N: target tracking on a ratio cannot leave zero (nothing to divide by),
    // so jobs waiting while no task runs start workers by steps.
    scaling.scaleOnMetric("StartFromZero", {
      metric: new cloudwatch.MathExpression({
        expression: "IF(FILL(running, 0) < 1, visible, 0)",
        usingMetrics: { visible, running },
        period,
        label: "Jobs waiting while no worker runs",
      }),
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      scalingSteps: [{ upper: 0, change: 0 }, ...START_STEPS],
      evaluationPeriods: 1,
      cooldown: Duration.seconds(START_COOLDOWN_SECONDS),
    });

    // N → M: backlog per running task toward acceptable wait ÷ seconds per job.
    // It also scales in (slowly): a task holding a job is protected (the worker
    // sets ECS task scale-in protection), so only idle tasks stop. Without it a
    // busy day kept every worker until night: 120 GPU-hours instead of 28 in
    // `npm run sim:scaling`.
    scaling.scaleToTrackCustomMetric("BacklogPerTask", {
      metric: visible,
      targetValue: backlogPerTaskTarget(deploy),
      disableScaleIn: false,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(TRACKER_SCALE_IN_COOLDOWN_SECONDS),
    });
    const cfn = this.node
      .findAll()
      .find(
        (c): c is appscaling.CfnScalingPolicy =>
          c instanceof appscaling.CfnScalingPolicy && c.node.path.includes("/BacklogPerTask/"),
      );
    if (!cfn) throw new Error("The backlog-per-task scaling policy was not created.");
    const spec = "TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification";
    for (const key of ["MetricName", "Namespace", "Dimensions", "Statistic", "Unit"])
      cfn.addPropertyDeletionOverride(`${spec}.${key}`);
    cfn.addPropertyOverride(
      `${spec}.Metrics`,
      backlogPerTaskMetricSpecification(data, this.cluster.clusterName, this.service.serviceName),
    );

    // N → 0: once nothing is visible and nothing is in flight for a while (the
    // tracker alone cannot reach zero: it needs a running task to divide by).
    scaling.scaleOnMetric("StopWhenIdle", {
      metric: new cloudwatch.MathExpression({
        expression: "FILL(visible, 0) + FILL(inFlight, 0)",
        usingMetrics: { visible, inFlight },
        period,
        label: "Jobs waiting or running",
      }),
      // A change of 0 is a no-op to CDK, so "exactly 0" is written as "minus the maximum".
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      scalingSteps: [
        { upper: 0, change: -deploy.workerMaxTasks },
        { lower: 1, change: 0 },
      ],
      evaluationPeriods: IDLE_MINUTES_BEFORE_ZERO,
      datapointsToAlarm: IDLE_MINUTES_BEFORE_ZERO,
      cooldown: Duration.seconds(300),
    });
  }
}

/**
 * CloudFormation's metric-math form of a target-tracking metric (CDK's L2 takes
 * one plain metric): visible messages ÷ running tasks, at least one task.
 */
export function backlogPerTaskMetricSpecification(
  data: DataStack,
  clusterName: string,
  serviceName: string,
) {
  return [
    {
      Id: "visible",
      ReturnData: false,
      MetricStat: {
        Stat: "Maximum",
        Metric: {
          Namespace: "AWS/SQS",
          MetricName: "ApproximateNumberOfMessagesVisible",
          Dimensions: [{ Name: "QueueName", Value: data.queue.queueName }],
        },
      },
    },
    {
      Id: "running",
      ReturnData: false,
      MetricStat: {
        Stat: "Average",
        Metric: {
          Namespace: "ECS/ContainerInsights",
          MetricName: "RunningTaskCount",
          Dimensions: [
            { Name: "ClusterName", Value: clusterName },
            { Name: "ServiceName", Value: serviceName },
          ],
        },
      },
    },
    {
      Id: "backlogPerTask",
      Label: "Jobs waiting per running worker",
      Expression: "visible / IF(running > 1, running, 1)",
      ReturnData: true,
    },
  ];
}
