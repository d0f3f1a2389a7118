import type { IncomingMessage } from 'node:http';

/** How reading a request body ended. */
export type BodyReading =
  | { readonly kind: 'complete'; readonly body: Buffer }
  /** More than the cap arrived; reading stopped there (at most the cap plus one chunk was held). */
  | { readonly kind: 'too-large'; readonly received: number }
  /** The connection ended before the body did (client closed early, or the server's request timeout). */
  | { readonly kind: 'truncated'; readonly received: number };

/**
 * Reads a request body, holding at most `maxBytes` (plus the chunk that crossed it). On crossing the cap it pauses the
 * request and stops listening, so the rest stays in the kernel until the connection is closed.
 */
export function readCappedBody(req: IncomingMessage, maxBytes: number): Promise<BodyReading> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const settle = (reading: BodyReading) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(reading);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        req.pause();
        settle({ kind: 'too-large', received });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle({ kind: 'complete', body: Buffer.concat(chunks, received) });
    const onClose = () => settle({ kind: 'truncated', received });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose); // 'close' before 'end' means the body never completed
    req.on('error', () => undefined); // 'aborted' arrives as an error too; 'close' reports it
  });
}
