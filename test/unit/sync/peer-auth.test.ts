import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { PeerKey } from '../../../src/sync/cluster-token.js';
import { NonceCache } from '../../../src/sync/nonce-cache.js';
import {
  bodySha256, canonicalRequest, canonicalResponse, signRequest, signResponse, verifyRequest, verifyResponse,
} from '../../../src/sync/peer-auth.js';
import { isValidNodeId, PEER_HEADERS } from '../../../src/sync/peer-protocol.js';

const KEY = PeerKey.fromToken('a1'.repeat(32));
const OTHER_KEY = PeerKey.fromToken('b2'.repeat(32));
const T0 = 1_700_000_000_000;
const fixedRandom = (n: number) => Buffer.alloc(n, 0x5a);
const freshCache = () => new NonceCache({ windowMs: 300_000, maxEntries: 100 });
const EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function signed(body = '{"a":1}', key = KEY, now = T0, path = '/v1/join?x=1') {
  return { method: 'POST', path, body, ...signRequest(key, { method: 'POST', path, nodeId: 'node-a', body }, { now: () => now, randomBytes: fixedRandom }) };
}

describe('canonical strings', () => {
  test('a request: domain, method, path with query, node, timestamp, nonce, body hash, one a line', () => {
    expect(canonicalRequest({ method: 'POST', path: '/v1/join?x=1', nodeId: '10.0.0.11', timestamp: T0,
      nonce: '5a'.repeat(16), bodySha256: EMPTY_SHA })).toBe(
      `spark-mesos-setup peer request v1\nPOST\n/v1/join?x=1\n10.0.0.11\n${T0}\n${'5a'.repeat(16)}\n${EMPTY_SHA}`);
    expect(bodySha256()).toBe(EMPTY_SHA);
  });

  test('an answer: its own domain, status, the request nonce, the answering node, body hash', () => {
    expect(canonicalResponse({ status: 200, requestNonce: '5a'.repeat(16), nodeId: 'node-b', bodySha256: EMPTY_SHA }))
      .toBe(`spark-mesos-setup peer response v1\n200\n${'5a'.repeat(16)}\nnode-b\n${EMPTY_SHA}`);
  });

  test.each([
    ['a path with a line break', { path: '/v1/join\nGET' }],
    ['a path with a space', { path: '/v1/join x' }],
    ['a node id with a line break', { nodeId: 'a\nb' }],
    ['a lower-case method', { method: 'post' }],
    ['an upper-case nonce', { nonce: '5A'.repeat(16) }],
    ['a fractional timestamp', { timestamp: 1.5 }],
  ])('refuses to sign %s (it could make the string ambiguous)', (_what, change) => {
    const fields = { method: 'POST', path: '/v1/join', nodeId: 'n', timestamp: T0, nonce: '5a'.repeat(16),
      bodySha256: EMPTY_SHA, ...change };
    expect(() => canonicalRequest(fields)).toThrow(RangeError);
  });
});

describe('node ids', () => {
  test('the replicated state\'s shape: host names, addresses, host:port, up to 255 characters', () => {
    for (const id of ['node1', '10.0.0.11', '10.0.0.11:5055', 'fe80::1', 'a_b', `a${'b'.repeat(254)}`]) {
      expect([id, isValidNodeId(id)]).toEqual([id, true]);
    }
    for (const id of ['', '-a', 'a b', 'a@b', 'a/b', '[fe80::1]:5055', `a${'b'.repeat(255)}`, 'nöde']) {
      expect([id, isValidNodeId(id)]).toEqual([id, false]);
    }
  });
});

describe('signing and checking a request', () => {
  test('the signature headers, and nothing of the token', () => {
    const { headers, nonce } = signed();
    expect(nonce).toBe('5a'.repeat(16));
    expect(Object.keys(headers).sort()).toEqual(['x-sms-node', 'x-sms-nonce', 'x-sms-signature', 'x-sms-timestamp']);
    expect(headers).toMatchObject({ 'x-sms-node': 'node-a', 'x-sms-timestamp': String(T0), 'x-sms-nonce': nonce });
    expect(headers['x-sms-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(headers)).not.toContain('a1a1');
  });

  test('accepted once; the same headers again are a replay', () => {
    const nonces = freshCache();
    const request = signed();
    expect(verifyRequest(KEY, request, { now: () => T0 + 5, nonces })).toEqual({ ok: true, nodeId: 'node-a', nonce: request.nonce, timestamp: T0 });
    expect(verifyRequest(KEY, request, { now: () => T0 + 6, nonces })).toMatchObject({ ok: false, reason: 'replayed' });
  });

  test('signed with another token: refused as a bad signature, and it does not use up the nonce', () => {
    const nonces = freshCache();
    const forged = signed('{"a":1}', OTHER_KEY);
    expect(verifyRequest(KEY, forged, { now: () => T0, nonces })).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(nonces.size).toBe(0);
  });

  test('timestamps: 300 s either way accepted, a millisecond more refused as stale or future', () => {
    const at = (now: number) => verifyRequest(KEY, signed(), { now: () => now, nonces: freshCache() });
    expect(at(T0 + 300_000)).toMatchObject({ ok: true });
    expect(at(T0 - 300_000)).toMatchObject({ ok: true });
    expect(at(T0 + 300_001)).toEqual({ ok: false, reason: 'stale',
      message: 'timestamp is 300 s behind this node\'s clock (at most 300 s allowed)' });
    expect(at(T0 - 400_000)).toEqual({ ok: false, reason: 'future',
      message: 'timestamp is 400 s ahead of this node\'s clock (at most 300 s allowed)' });
  });

  test('the skew is the nonce cache\'s window', () => {
    const nonces = new NonceCache({ windowMs: 1000, maxEntries: 10 });
    expect(verifyRequest(KEY, signed(), { now: () => T0 + 1001, nonces })).toMatchObject({ ok: false, reason: 'stale' });
  });

  type Headers = Record<string, string | string[]>;
  test.each<[string, (h: Headers) => Headers, string, string]>([
    ['no signature headers at all', () => ({}), 'missing-header', 'unsigned request (no x-sms-node, x-sms-timestamp, x-sms-nonce, x-sms-signature header)'],
    ['a repeated signature header', (h) => ({ ...h, 'x-sms-signature': ['a', 'b'] }), 'missing-header', 'unsigned request (no x-sms-signature header)'],
    ['a signature of the wrong length', (h) => ({ ...h, 'x-sms-signature': 'ab' }), 'malformed-header', 'malformed x-sms-signature header (expected 64 hex characters)'],
    ['an upper-case signature', (h) => ({ ...h, 'x-sms-signature': String(h['x-sms-signature']).toUpperCase() }), 'malformed-header', 'malformed x-sms-signature header (expected 64 hex characters)'],
    ['a timestamp that is not a number', (h) => ({ ...h, 'x-sms-timestamp': '17e11' }), 'malformed-header', 'malformed x-sms-timestamp header (expected milliseconds since the epoch)'],
    ['a short nonce', (h) => ({ ...h, 'x-sms-nonce': 'abcd' }), 'malformed-header', 'malformed x-sms-nonce header (expected 32 hex characters)'],
    ['a node id with a space', (h) => ({ ...h, 'x-sms-node': 'node a' }), 'malformed-header', 'malformed x-sms-node header'],
  ])('%s is refused without throwing', (_what, change, reason, message) => {
    const request = signed();
    const headers = change(request.headers);
    expect(verifyRequest(KEY, { ...request, headers }, { now: () => T0, nonces: freshCache() })).toEqual({ ok: false, reason, message });
  });

  test('the last hex digit of the signature matters (the comparison covers every byte)', () => {
    const request = signed();
    const sig = request.headers['x-sms-signature']!;
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
    expect(verifyRequest(KEY, { ...request, headers: { ...request.headers, [PEER_HEADERS.signature]: flipped } },
      { now: () => T0, nonces: freshCache() })).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE');
  const paths = fc.stringMatching(/^\/[\x21-\x7e]{0,40}$/);
  const nodeIds = fc.stringMatching(/^[a-z0-9][a-z0-9.:-]{0,20}$/);
  const requests = fc.record({ method: methods, path: paths, nodeId: nodeIds, body: fc.uint8Array({ maxLength: 64 }),
    skew: fc.integer({ min: -300_000, max: 300_000 }) });

  test('property: any signed request verifies, with the node id it was signed with', () => {
    fc.assert(fc.property(requests, (r) => {
      const { headers } = signRequest(KEY, r, { now: () => T0 + r.skew });
      expect(verifyRequest(KEY, { method: r.method, path: r.path, headers, body: r.body }, { now: () => T0, nonces: freshCache() }))
        .toMatchObject({ ok: true, nodeId: r.nodeId });
    }), { numRuns: 200 });
  });

  test('property: a change to any signed field (method, path, node, timestamp, nonce, body, signature) is refused', () => {
    const tamper = fc.oneof(
      fc.record({ field: fc.constant('method' as const), value: methods }),
      fc.record({ field: fc.constant('path' as const), value: paths }),
      fc.record({ field: fc.constant('node' as const), value: nodeIds }),
      fc.record({ field: fc.constant('timestamp' as const), value: fc.integer({ min: 1, max: 200_000 }).map(String) }),
      fc.record({ field: fc.constant('nonce' as const), value: fc.stringMatching(/^[0-9a-f]{32}$/) }),
      fc.record({ field: fc.constant('body' as const), value: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')) }),
      fc.record({ field: fc.constant('signature' as const), value: fc.stringMatching(/^[0-9a-f]{64}$/) }),
    );
    fc.assert(fc.property(requests, tamper, (r, t) => {
      const { headers } = signRequest(KEY, r, { now: () => T0 });
      const sent = { method: r.method, path: r.path, headers: { ...headers }, body: Buffer.from(r.body) };
      switch (t.field) {
        case 'method': fc.pre(t.value !== r.method); sent.method = t.value; break;
        case 'path': fc.pre(t.value !== r.path); sent.path = t.value; break;
        case 'body': fc.pre(!Buffer.from(t.value, 'latin1').equals(sent.body)); sent.body = Buffer.from(t.value, 'latin1'); break;
        case 'timestamp': sent.headers[PEER_HEADERS.timestamp] = String(T0 + Number(t.value)); break;
        default: {
          const name = PEER_HEADERS[t.field];
          fc.pre(t.value !== sent.headers[name]);
          sent.headers[name] = t.value;
        }
      }
      expect(verifyRequest(KEY, sent, { now: () => T0, nonces: freshCache() })).toMatchObject({ ok: false, reason: 'bad-signature' });
    }), { numRuns: 500 });
  });
});

describe('signing and checking an answer', () => {
  const answer = (change: Partial<{ status: number; requestNonce: string; body: string }> = {}, key = KEY) => {
    const base = { status: 200, requestNonce: '5a'.repeat(16), nodeId: 'node-b', body: '{"ok":true}' };
    return signResponse(key, { ...base, ...change });
  };
  const check = (headers: Record<string, string>) =>
    verifyResponse(KEY, { status: 200, requestNonce: '5a'.repeat(16), headers, body: '{"ok":true}' });

  test('an answer verifies for the request it answers and names the node that answered', () => {
    expect(check(answer())).toEqual({ ok: true, nodeId: 'node-b' });
  });

  test.each([
    ['another status', { status: 201 }],
    ['another request\'s nonce', { requestNonce: '6b'.repeat(16) }],
    ['another body', { body: '{"ok":false}' }],
  ])('an answer signed for %s does not verify', (_what, change) => {
    expect(check(answer(change))).toMatchObject({ ok: false });
  });

  test('an answer from outside the cluster, or unsigned, does not verify', () => {
    expect(check(answer({}, OTHER_KEY))).toMatchObject({ ok: false });
    expect(check({})).toEqual({ ok: false, message: 'the answer is not signed' });
    expect(check({ ...answer(), 'x-sms-node': 'node-c' })).toMatchObject({ ok: false });
  });

  test('a request signature never passes as an answer signature (separate domains)', () => {
    const { headers } = signRequest(KEY, { method: 'GET', path: '/', nodeId: 'node-b' }, { now: () => T0, randomBytes: fixedRandom });
    expect(verifyResponse(KEY, { status: 200, requestNonce: '5a'.repeat(16), headers, body: '' })).toMatchObject({ ok: false });
  });
});
