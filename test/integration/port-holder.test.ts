import { expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { findPortHolder } from '../../daemon/supervisor/port-holder.js';

function listen(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      resolve({ server, port: address.port });
    });
  });
}

test('finds the process that listens on a port (IPv4 and IPv6)', async () => {
  for (const host of ['127.0.0.1', '::1']) {
    const { server, port } = await listen(host);
    try {
      const holder = await findPortHolder(port);
      expect(holder?.pid).toBe(process.pid);
      expect(holder?.command).toContain('node');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }
});

test('a port nobody listens on has no holder', async () => {
  const { server, port } = await listen('127.0.0.1');
  await new Promise((resolve) => server.close(resolve));
  expect(await findPortHolder(port)).toBeUndefined();
});
