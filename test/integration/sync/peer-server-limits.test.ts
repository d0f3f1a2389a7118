import { afterEach, describe, expect, test } from '@jest/globals';
import { isToolError } from '../../../src/errors.js';
import { peerRequest } from '../../../src/sync/peer-client.js';
import { peerServers, rawExchange, TOKEN, until } from './peer-test-kit.js';

const servers = peerServers();
afterEach(() => servers.closeAll());

const digest = { 'GET /v1/digest': () => ({ status: 200, body: { digest: 'abc' } }) };

describe('peer server: slow and greedy clients', () => {
  test('headers that never finish (slowloris): the connection is closed after the header timeout, and logged', async () => {
    const { host, port, logger } = await servers.start({ routes: digest,
      limits: { headersTimeoutMs: 200, requestTimeoutMs: 400 } });
    const started = Date.now();
    const { received } = await rawExchange(host, port, 'POST /v1/join HTTP/1.1\r\nhost: peer\r\nx-sms-node: a');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(logger.lines).toEqual(['warn peer connection refused: 127.0.0.9: request not complete in time (slow or stalled client)']);
  });

  test('above the concurrency cap: 503 until a slot is free', async () => {
    let release: () => void = () => undefined;
    let entered = 0;
    const blocked = new Promise<void>((resolve) => { release = resolve; });
    const { host, port, logger } = await servers.start({ routes: {
      'POST /v1/push': async () => { entered++; await blocked; return { status: 200, body: { ok: true } }; },
    }, limits: { maxConcurrentRequests: 1 } });
    const call = () => peerRequest({ host, port, token: TOKEN, nodeId: 'node-a', method: 'POST', path: '/v1/push', body: {}, timeoutMs: 3000 });
    const first = call();
    await until(() => entered === 1);
    const second = await call().catch((e: unknown) => e);
    expect(isToolError(second) && [second.code, second.message]).toEqual(['PEER_BUSY',
      `the peer at ${host}:${port} refused the request (HTTP 503): 1 requests already being handled; try again`]);
    release();
    expect(await first).toEqual({ ok: true });
    expect(await call()).toEqual({ ok: true });
    expect(entered).toBe(2);
    expect(logger.lines).toEqual([expect.stringMatching(/^warn peer request refused: 127\.\S+ \(says it is node-a\) POST \/v1\/push: 1 requests already being handled; try again$/)]);
  });

  test('a handler that does not answer in time: 503, logged', async () => {
    const { host, port, logger } = await servers.start({ routes: {
      'GET /v1/digest': () => new Promise(() => undefined),
    }, limits: { handlerTimeoutMs: 100 } });
    const error = await peerRequest({ host, port, token: TOKEN, nodeId: 'node-a', method: 'GET', path: '/v1/digest', timeoutMs: 3000 })
      .catch((e: unknown) => e);
    expect(isToolError(error) && error.code).toBe('PEER_HANDLER_TIMEOUT');
    expect(logger.lines).toEqual([expect.stringMatching(/^error peer handler did not answer within 100 ms: 127\.\S+ \(says it is node-a\) GET \/v1\/digest$/)]);
  });

  test('close() ends idle kept-alive connections too, at once', async () => {
    const { host, port, server } = await servers.start({ routes: digest });
    await peerRequest({ host, port, token: TOKEN, nodeId: 'node-a', method: 'GET', path: '/v1/digest', timeoutMs: 2000 });
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(500);
    const error = await peerRequest({ host, port, token: TOKEN, nodeId: 'node-a', method: 'GET', path: '/v1/digest', timeoutMs: 2000 })
      .catch((e: unknown) => e);
    expect(isToolError(error) && error.code).toBe('PEER_UNREACHABLE');
  });
});
