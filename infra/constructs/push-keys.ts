import { CfnOutput, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret, type CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CrisisFunction } from './crisis-function.js';

export interface PushKeysProps {
  readonly stage: string;
  /** The data key: the secret and the generator's log group are encrypted with it. */
  readonly key: IKey;
  /** The secret is RETAINed with the table: the subscriptions stored there are bound to its public key. */
  readonly protectData: boolean;
  readonly logs: { readonly retention: RetentionDays; readonly removalPolicy: RemovalPolicy };
}

const NOT_ROTATED =
  'Not rotated on purpose: every browser push subscription is bound to the VAPID public key, so a new pair would silently stop every push method until each person subscribes again. The pair is made once at the first deploy; rotating it by hand is documented with its cost (docs/deploy.md, "Push notifications (VAPID keys)").';

/**
 * The stage's Web Push (VAPID) key pair in Secrets Manager: `{publicKey, privateKey}`, encrypted with the
 * data key. CloudFormation cannot make an EC P-256 pair, so the secret is created empty and the
 * vapid-keys function (a custom resource) fills it once; it never replaces a pair that is there.
 */
export class PushKeys extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: PushKeysProps) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: `crisis-router ${props.stage}: VAPID key pair of push pages, made at the first deploy`,
      encryptionKey: props.key,
      removalPolicy: props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // No generated password: a secret without a value, for the generator to fill with the pair.
    (this.secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    Validations.of(this.secret).acknowledge(
      { id: 'AwsSolutions-SMG4', reason: NOT_ROTATED },
      { id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: NOT_ROTATED },
    );

    const generator = new CrisisFunction(this, 'Generator', {
      name: 'vapid-keys',
      description: `crisis-router ${props.stage} vapid-keys: fills the push keys secret at deploy`,
      logs: { key: props.key, level: 'INFO', ...props.logs },
      timeout: Duration.seconds(30),
      unreservedReason:
        'Invoked only by CloudFormation, for the deploys that create or change the push keys resource; no request path reaches it, so a reservation would only take capacity from the crisis functions.',
    });
    generator.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
        resources: [this.secret.secretArn],
      }),
    );
    props.key.grant(generator, 'kms:Decrypt', 'kms:GenerateDataKey');
    Validations.of(generator).acknowledge({
      id: 'HIPAA.Security-LambdaDLQ',
      reason:
        'Invoked only by CloudFormation during a deploy: a failure is answered FAILED and rolls that deploy back in front of the operator; a dead-letter queue would hold an event nobody replays.',
    });

    const keys = new CustomResource(this, 'Keys', {
      serviceToken: generator.functionArn,
      resourceType: 'Custom::VapidKeys',
      properties: { SecretArn: this.secret.secretArn },
      // A handler that never answers fails the deploy after this, not after CloudFormation's hour.
      serviceTimeout: Duration.minutes(5),
    });
    // Its permissions (the role's managed policy) exist before CloudFormation first calls it.
    if (generator.role) keys.node.addDependency(generator.role);

    new CfnOutput(Stack.of(this), 'PushKeysSecretArn', {
      description: 'The VAPID key pair of push pages (docs/deploy.md: never rotated automatically)',
      value: this.secret.secretArn,
    });
  }
}
