import { type IConstruct } from "constructs";
import { Stack, Validations } from "aws-cdk-lib";

/**
 * cdk-nag AwsSolutions findings this deployment accepts, each with its
 * reason. Everything else nag reports fails `npm run synth -w infra`.
 */
const pack = (id: string) => `AwsSolutions::AwsSolutions-${id}`;

export function acknowledge(scope: IConstruct, findings: Record<string, string>): void {
  Validations.of(scope).acknowledge(
    ...Object.entries(findings).map(([id, reason]) => ({ id: pack(id), reason })),
  );
}

/** `AwsSolutions-IAM5[Resource::<LogicalId.Arn>/*]` for a resource of this stack. */
export function arnWildcard(construct: IConstruct): string {
  const stack = Stack.of(construct);
  const child = construct.node.defaultChild ?? construct;
  return `IAM5[Resource::<${stack.getLogicalId(child as never)}.Arn>/*]`;
}

export const MANAGED_POLICY = {
  lambdaBasic:
    "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
  lambdaVpc:
    "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]",
  ecsInstance:
    "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role]",
  ssm: "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]",
} as const;

/** The wildcards CDK's grant helpers write for object-level S3 access (objects are keyed per workspace). */
export const S3_OBJECT_ACTIONS: Record<string, string> = {
  "IAM5[Action::s3:Abort*]": "CDK's grantReadWrite: abort multipart uploads of large assets.",
  "IAM5[Action::s3:DeleteObject*]":
    "CDK's grantReadWrite: assets and their versions are deleted with their generation.",
  "IAM5[Action::s3:GetBucket*]": "CDK's grantRead: bucket location and metadata for the SDK.",
  "IAM5[Action::s3:GetObject*]": "CDK's grantRead: objects and their tags/versions.",
  "IAM5[Action::s3:List*]":
    "CDK's grantRead: list the bucket's keys (prefix queries per workspace).",
};
