// The SDK clients' default credential chain as the Lambda bundles have it: infra/constructs/crisis-function.ts
// aliases @aws-sdk/credential-provider-node to this file. Lambda hands a function its role's credentials in
// the environment, the first place the full chain looks, so its SSO, INI-file, process, web-identity and
// instance-metadata providers (and the STS and SSO clients they bundle) are never used there. Tests and the
// local stack run from source with the full chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
