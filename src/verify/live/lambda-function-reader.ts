import { definedOnly } from './live-values.js';
import { type ServiceClients, withRetries } from './service-clients.js';
import type { TypeReader } from './type-reader.js';

function lambda(clients: ServiceClients) {
  return clients.get(
    'lambda',
    () => import('@aws-sdk/client-lambda'),
    (sdk, config) => new sdk.LambdaClient(withRetries(config)),
  );
}

/** `AWS::Lambda::Function`, physical id = function name. */
export const lambdaFunctionReader: TypeReader = {
  resourceType: 'AWS::Lambda::Function',
  async read({ physicalId: FunctionName }, clients) {
    const { sdk, client } = await lambda(clients);
    const { Configuration: c = {}, Tags } = await client.send(
      new sdk.GetFunctionCommand({ FunctionName }),
    );
    return {
      properties: definedOnly({
        FunctionName: c.FunctionName ?? FunctionName,
        Runtime: c.Runtime,
        Handler: c.Handler,
        MemorySize: c.MemorySize,
        Timeout: c.Timeout,
        Role: c.Role,
        Environment: c.Environment?.Variables ? { Variables: c.Environment.Variables } : undefined,
        Architectures: c.Architectures,
      }),
      tags: { ...Tags },
    };
  },
};
