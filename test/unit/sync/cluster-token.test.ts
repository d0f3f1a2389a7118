import { describe, expect, test } from '@jest/globals';
import { isToolError } from '../../../src/errors.js';
import { generateClusterToken, parseClusterToken, PeerKey } from '../../../src/sync/cluster-token.js';

const TOKEN = 'a1'.repeat(32);

describe('cluster token', () => {
  test('a new token is 32 random bytes as 64 lowercase hex characters', () => {
    expect(generateClusterToken((n) => Buffer.alloc(n, 0xab))).toBe('ab'.repeat(32));
    const a = generateClusterToken();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(generateClusterToken()).not.toBe(a);
  });

  test('read as written in the token file: surrounding whitespace and upper case are fine', () => {
    expect(parseClusterToken(`  ${TOKEN.toUpperCase()}\n`)).toEqual(Buffer.from(TOKEN, 'hex'));
  });

  test.each([
    ['too short', TOKEN.slice(2), '62 hex characters'],
    ['too long', `${TOKEN}00`, '66 hex characters'],
    ['not hex', `${TOKEN.slice(1)}z`, 'characters that are not hex'],
    ['empty', '', '0 hex characters'],
  ])('a token that is %s is refused without repeating it', (_what, text, said) => {
    const error = (() => { try { parseClusterToken(text); } catch (e) { return e; } return undefined; })();
    expect(isToolError(error) && error.code).toBe('PEER_TOKEN_INVALID');
    expect(isToolError(error) && error.message).toContain(said);
    expect(isToolError(error) && error.hint).toContain('/etc/mesosd/cluster.token');
    if (text.length > 4) expect(String((error as Error).message)).not.toContain(text.slice(0, 16));
  });

  test('the signing key is derived from the token, is not the token, and does not print', () => {
    const key = PeerKey.fromToken(TOKEN);
    expect(key.bytes()).toHaveLength(32);
    expect(key.bytes().equals(Buffer.from(TOKEN, 'hex'))).toBe(false);
    expect(PeerKey.fromToken(TOKEN).bytes().equals(key.bytes())).toBe(true);
    expect(PeerKey.fromToken('b2'.repeat(32)).bytes().equals(key.bytes())).toBe(false);
    expect(JSON.stringify({ key })).toBe('{"key":"[peer key]"}');
  });
});
