import { afterEach, describe, expect, test } from '@jest/globals';
import type { PeerRequestContext, PeerRoutes } from '../../../daemon/sync/peer-server.js';
import { isToolError, ToolError } from '../../../src/errors.js';
import { PeerKey } from '../../../src/sync/cluster-token.js';
import { verifyResponse } from '../../../src/sync/peer-auth.js';
import { peerRequest } from '../../../src/sync/peer-client.js';
import { json, KEY, type PlainAnswer, OTHER_TOKEN, peerServers, rawExchange, sendPlain, signedHeaders, TOKEN, until } from './peer-test-kit.js';

const servers = peerServers();
afterEach(() => servers.closeAll());

/** Routes that record what reached them. */
function recordingRoutes(): { routes: PeerRoutes; calls: PeerRequestContext[] } {
  const calls: PeerRequestContext[] = [];
  return {
    calls,
    routes: {
      'POST /v1/join': (request) => {
        calls.push(request);
        return { status: 200, body: { welcome: request.nodeId, got: request.body } };
      },
      'GET /v1/digest': (request) => {
        calls.push(request);
        return { status: 200, body: { digest: 'abc', path: request.path } };
      },
    },
  };
}

describe('peer server: signed requests', () => {
  test('a signed request reaches its handler with the body, node id and address (the client checked the answer\'s signature)', async () => {
    const { routes, calls } = recordingRoutes();
    const { host, port, logger } = await servers.start({ routes });
    const answer = await peerRequest({ host, port, token: TOKEN, nodeId: 'node-a', method: 'POST', path: '/v1/join',
      body: { host: '127.0.0.5', role: 'slave' }, timeoutMs: 2000, localAddress: '127.0.0.9' });
    expect(answer).toEqual({ welcome: 'node-a', got: { host: '127.0.0.5', role: 'slave' } });
    expect(calls).toEqual([{ body: { host: '127.0.0.5', role: 'slave' }, nodeId: 'node-a', path: '/v1/join',
      remoteAddress: '127.0.0.9' }]);
    expect(await peerRequest({ host, port, token: TOKEN, nodeId: 'node-a', method: 'GET', path: '/v1/digest?since=4',
      timeoutMs: 2000 })).toEqual({ digest: 'abc', path: '/v1/digest?since=4' });
    expect(calls[1]?.body).toBeUndefined();
    expect(logger.lines).toEqual([]);
  });

  test('a handler\'s own refusal and a handler\'s failure come back signed, with their code and message', async () => {
    const { host, port, logger } = await servers.start({ routes: {
      'POST /v1/join': () => ({ status: 409, body: { code: 'PATHS_DIFFER', message: 'prefix differs from the cluster\'s', hint: 'use /opt/mesos' } }),
      'POST /v1/leave': () => { throw new ToolError('STATE_WRITE_FAILED', 'disk full', { hint: 'free space' }); },
      'POST /v1/push': () => { throw new Error('secret internals'); },
    } });
    const call = (path: string) => peerRequest({ host, port, token: TOKEN, nodeId: 'node-a', method: 'POST', path, body: {}, timeoutMs: 2000 })
      .catch((e: unknown) => e);
    const joined = await call('/v1/join');
    expect(isToolError(joined) && [joined.code, joined.message, joined.hint]).toEqual(['PATHS_DIFFER',
      `the peer at ${host}:${port} refused the request (HTTP 409): prefix differs from the cluster's`, 'use /opt/mesos']);
    const left = await call('/v1/leave');
    expect(isToolError(left) && [left.code, left.hint]).toEqual(['STATE_WRITE_FAILED', 'free space']);
    const pushed = await call('/v1/push');
    expect(isToolError(pushed) && [pushed.code, pushed.message.includes('secret')]).toEqual(['PEER_INTERNAL', false]);
    expect(logger.lines).toEqual([
      expect.stringMatching(/^error peer handler failed: 127\.\S+ \(says it is node-a\) POST \/v1\/leave: STATE_WRITE_FAILED: disk full$/),
      expect.stringMatching(/^error peer handler failed: .* POST \/v1\/push: Error: secret internals$/),
    ]);
  });
});

describe('peer server: bad requests are refused, logged once, and never reach a handler', () => {
  async function refusedWith(send: (host: string, port: number) => Promise<PlainAnswer | void>,
    options: { now?: () => number } = {}) {
    const { routes, calls } = recordingRoutes();
    const started = await servers.start({ routes, ...options });
    const answer = await send(started.host, started.port);
    expect(calls).toEqual([]);
    return { answer, calls, lines: started.logger.lines, host: started.host };
  }
  const post = (path = '/v1/join', value: unknown = { a: 1 }) => ({ path, ...json(value) });

  const refusal = (answer: { body: string } | void) => JSON.parse(answer?.body ?? 'null') as { code: string; reason?: string; message: string };
  const line = (rest: string) => `warn peer request refused: 127.0.0.9${rest}`;

  test('unsigned', async () => {
    const { answer, lines } = await refusedWith((h, p) => sendPlain(h, p, 'POST', '/v1/join', post().headers, post().body));
    expect(answer?.status).toBe(401);
    expect(refusal(answer)).toMatchObject({ code: 'PEER_AUTH_REFUSED', reason: 'missing-header' });
    expect(lines).toEqual([line(' POST /v1/join: unsigned request (no x-sms-node, x-sms-timestamp, x-sms-nonce, x-sms-signature header)')]);
  });

  const badSignature = ': signature does not match (signed with another cluster token, or altered on the way)';

  test('signed with another cluster\'s token', async () => {
    const { body, headers } = post();
    const { answer, lines } = await refusedWith((h, p) => sendPlain(h, p, 'POST', '/v1/join',
      { ...headers, ...signedHeaders('POST', '/v1/join', body, { key: PeerKey.fromToken(OTHER_TOKEN) }) }, body));
    expect(answer?.status).toBe(401);
    expect(refusal(answer)).toMatchObject({ code: 'PEER_AUTH_REFUSED', reason: 'bad-signature' });
    expect(lines).toEqual([line(` (says it is node-a) POST /v1/join${badSignature}`)]);
  });

  test.each([
    ['body', '/v1/join', { a: 2 }, 'node-a'],
    ['path (query added)', '/v1/join?as=master', { a: 1 }, 'node-a'],
    ['node id', '/v1/join', { a: 1 }, 'node-z'],
  ])('tampered %s', async (_what, sentPath, sentValue, sentNode) => {
    const signedFor = post();
    const sent = post(sentPath, sentValue);
    const headers = { ...sent.headers, ...signedHeaders('POST', '/v1/join', signedFor.body), 'x-sms-node': sentNode };
    const { answer, lines } = await refusedWith((h, p) => sendPlain(h, p, 'POST', sentPath, headers, sent.body));
    expect([answer?.status, refusal(answer).reason]).toEqual([401, 'bad-signature']);
    expect(lines).toEqual([line(` (says it is ${sentNode}) POST ${sentPath}${badSignature}`)]);
  });

  test('replayed: the same signed request sent twice is handled once', async () => {
    const { routes, calls } = recordingRoutes();
    const { host, port, logger } = await servers.start({ routes });
    const { body, headers } = post();
    const signed = { ...headers, ...signedHeaders('POST', '/v1/join', body) };
    expect((await sendPlain(host, port, 'POST', '/v1/join', signed, body)).status).toBe(200);
    const again = await sendPlain(host, port, 'POST', '/v1/join', signed, body);
    expect([again.status, refusal(again).reason]).toEqual([401, 'replayed']);
    expect(calls).toHaveLength(1);
    expect(logger.lines).toEqual([line(` (says it is node-a) POST /v1/join: replayed request (nonce ${signed['x-sms-nonce']} was already used)`)]);
  });

  test.each([
    ['stale', 301_000, 'timestamp is 301 s behind this node\'s clock (at most 300 s allowed)'],
    ['from the future', -400_000, 'timestamp is 400 s ahead of this node\'s clock (at most 300 s allowed)'],
  ])('%s timestamp (the server\'s clock injected)', async (_what, offset, reason) => {
    const signedAt = 1_700_000_000_000;
    const { body, headers } = post();
    const signature = signedHeaders('POST', '/v1/join', body, { now: signedAt });
    const { answer, lines } = await refusedWith((h, p) => sendPlain(h, p, 'POST', '/v1/join', { ...headers, ...signature }, body),
      { now: () => signedAt + offset });
    expect(answer?.status).toBe(401);
    expect(refusal(answer).message).toBe(reason);
    expect(lines).toEqual([line(` (says it is node-a) POST /v1/join: ${reason}`)]);
    // The refusal is signed for this request, so the client can believe what it says about the clocks.
    expect(verifyResponse(KEY, { status: 401, requestNonce: signature['x-sms-nonce'] ?? '', headers: answer?.headers ?? {},
      body: answer?.body ?? '' })).toEqual({ ok: true, nodeId: 'node-b' });
  });

  test('oversized, declared: 413 as soon as the headers are in, without waiting for (or reading) the body', async () => {
    const headers = { ...json({}).headers, 'content-length': String(2 * 1024 * 1024),
      ...signedHeaders('POST', '/v1/join', 'x') };
    // sendPlain sends the headers only: the answer can only come if the server does not wait for the 2 MiB.
    const { answer, lines } = await refusedWith((h, p) => sendPlain(h, p, 'POST', '/v1/join', headers));
    expect([answer?.status, refusal(answer).code]).toEqual([413, 'PEER_BODY_TOO_LARGE']);
    expect(answer && answer.headers.connection).toBe('close');
    expect(lines).toEqual([line(' (says it is node-a) POST /v1/join: body of 2097152 bytes declared, more than the 1048576 allowed (not read)')]);
  });

  test('oversized, streamed (chunked, no length): 413 once the cap is crossed; the server stops reading there', async () => {
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    const sig = signedHeaders('POST', '/v1/join', 'x');
    const head = `POST /v1/join HTTP/1.1\r\nhost: peer\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n${
      Object.entries(sig).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    const { answer, lines } = await refusedWith(async (h, p) => {
      const { received } = await rawExchange(h, p, head, { pieces: Array.from({ length: 32 }, () => chunk) }); // 2 MiB
      expect(received).toMatch(/^HTTP\/1\.1 413 /);
    });
    expect(answer).toBeUndefined();
    expect(lines).toHaveLength(1);
    const read = Number(/stopped reading after (\d+)\)$/.exec(lines[0] ?? '')?.[1]);
    expect(read).toBeGreaterThan(1024 * 1024);
    expect(read).toBeLessThanOrEqual(1024 * 1024 + 64 * 1024); // the cap plus at most one chunk: not the 2 MiB sent
  });

  test('truncated: 10 of 1000 declared bytes, then the client closes', async () => {
    const sig = signedHeaders('POST', '/v1/join', 'x'.repeat(1000));
    const head = `POST /v1/join HTTP/1.1\r\nhost: peer\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n${
      Object.entries(sig).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    let received: string | undefined;
    const { lines, calls } = await refusedWith(async (h, p) => {
      ({ received } = await rawExchange(h, p, head, { pieces: [Buffer.from('{"a":12345')], closeAfter: true }));
    });
    await until(() => lines.length > 0);
    expect(received).toBe('');
    expect(calls).toEqual([]);
    expect(lines).toEqual([line(' (says it is node-a) POST /v1/join: body cut off (10 of 1000 bytes arrived before the connection closed)')]);
  });

  test('not JSON: a signed body that does not parse, and a body of another content type', async () => {
    const text = 'slaves=10.0.0.12';
    const signed = signedHeaders('POST', '/v1/join', text);
    const { answer, lines } = await refusedWith((h, p) => sendPlain(h, p, 'POST', '/v1/join',
      { 'content-type': 'application/json', ...signed }, text));
    expect([answer?.status, refusal(answer).code]).toEqual([400, 'PEER_NOT_JSON']);
    expect(lines).toEqual([expect.stringMatching(/^warn peer request refused: 127\.0\.0\.9 \(says it is node-a\) POST \/v1\/join: body is not JSON \(Unexpected token/)]);
    const other = await refusedWith((h, p) => sendPlain(h, p, 'POST', '/v1/join',
      { 'content-type': 'text/plain', ...signedHeaders('POST', '/v1/join', text) }, text));
    expect(other.answer?.status).toBe(400);
    expect(other.lines).toEqual([line(' (says it is node-a) POST /v1/join: content type "text/plain" is not application/json')]);
  });

  test('a connection closed in the middle of the headers is logged as such', async () => {
    const { lines } = await refusedWith(async (h, p) => {
      await rawExchange(h, p, 'POST /v1/join HTTP/1.1\r\nhost: peer\r\nx-sms-no', { closeAfter: true });
    });
    await until(() => lines.length > 0);
    expect(lines).toEqual(['warn peer connection refused: 127.0.0.9: connection closed in the middle of a request']);
  });

  test('unknown path (404) and a known path with the wrong method (405, with Allow)', async () => {
    const { answer, lines } = await refusedWith((h, p) => sendPlain(h, p, 'GET', '/v1/secrets', signedHeaders('GET', '/v1/secrets'), ''));
    expect([answer?.status, refusal(answer).code]).toEqual([404, 'PEER_UNKNOWN_REQUEST']);
    expect(lines).toEqual([line(' (says it is node-a) GET /v1/secrets: no such peer request')]);
    const wrong = await refusedWith((h, p) => sendPlain(h, p, 'DELETE', '/v1/join', {}, ''));
    expect([wrong.answer?.status, wrong.answer?.headers['allow']]).toEqual([405, 'POST']);
    expect(wrong.lines).toEqual([line(' DELETE /v1/join: DELETE is not allowed here')]);
  });
});
