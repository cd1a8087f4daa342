import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** The Web Push (VAPID) key pair as the secret holds it: web-push's URL-safe base64 keys. */
export interface VapidKeyPair {
  publicKey: string;
  privateKey: string;
}

/**
 * The pair in the secret, or undefined while it holds no value yet (the stack creates it empty; the
 * vapid-keys function fills it at the first deploy). A value that is not a pair is an error, never "none":
 * whatever someone put there by hand is not silently replaced.
 */
export async function readVapidKeys(
  client: SecretsManagerClient,
  secretId: string,
): Promise<VapidKeyPair | undefined> {
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId })));
  } catch (error) {
    // An empty secret has no AWSCURRENT version: Secrets Manager answers "not found" for its value.
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
  if (secretString === undefined || secretString === '') return undefined;
  const pair = parse(secretString);
  if (!pair) throw new Error('the push keys secret holds a value that is not a VAPID key pair');
  return pair;
}

export async function writeVapidKeys(
  client: SecretsManagerClient,
  secretId: string,
  keys: VapidKeyPair,
): Promise<void> {
  await client.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      SecretString: JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey }),
    }),
  );
}

function parse(secretString: string): VapidKeyPair | undefined {
  try {
    const value = JSON.parse(secretString) as Partial<Record<keyof VapidKeyPair, unknown>> | null;
    const { publicKey, privateKey } = value ?? {};
    if (typeof publicKey === 'string' && typeof privateKey === 'string' && publicKey && privateKey)
      return { publicKey, privateKey };
  } catch {
    // not JSON: not a pair
  }
  return undefined;
}
