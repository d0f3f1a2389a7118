import { describe, expect, test } from '@jest/globals';
import { contentHash } from '../../../src/fs/content-hash.js';
import { OwnWrites } from '../../../daemon/watch/index.js';

describe('OwnWrites', () => {
  test('knows the last content mesosd wrote to each file, by path as resolved', () => {
    const own = new OwnWrites();
    own.recordContent('/p/var/mesos/deploy/slaves', 'node1\n');
    expect(own.isOwn('/p/var/mesos/deploy/slaves', contentHash('node1\n'))).toBe(true);
    expect(own.isOwn('/p/var/mesos/deploy/../deploy//slaves', contentHash('node1\n'))).toBe(true);
    expect(own.isOwn('/p/var/mesos/deploy/masters', contentHash('node1\n'))).toBe(false);
    expect(own.isOwn('/p/var/mesos/deploy/slaves', contentHash('node2\n'))).toBe(false);
  });

  test('only the last write counts: an older version put back by hand is an edit', () => {
    const own = new OwnWrites();
    own.record('/f', contentHash('v1'));
    own.recordContent('/f', Buffer.from('v2'));
    expect(own.isOwn('/f', contentHash('v2'))).toBe(true);
    expect(own.isOwn('/f', contentHash('v1'))).toBe(false);
  });

  test('forget drops a file', () => {
    const own = new OwnWrites();
    own.recordContent('/f', 'v1');
    own.forget('/f');
    expect(own.isOwn('/f', contentHash('v1'))).toBe(false);
  });
});
