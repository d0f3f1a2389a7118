import type { IncomingMessage, ServerResponse } from 'node:http';
import { isToolError } from '../../src/errors.js';
import type { Answerer, PeerServerLogger } from './peer-answers.js';
import type { PeerHandler, PeerRequestContext } from './peer-routes.js';

/**
 * Runs an authenticated request's handler and sends its answer. A handler that throws gets a 500 (a ToolError's code,
 * message and hint; anything else stays in the log), one that takes longer than `timeoutMs` a 503.
 */
export async function runHandler(io: { answerer: Answerer; logger: PeerServerLogger; timeoutMs: number },
  req: IncomingMessage, res: ServerResponse, handler: PeerHandler, context: PeerRequestContext): Promise<void> {
  const { answerer, logger, timeoutMs } = io;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  try {
    const reply = await Promise.race([Promise.resolve().then(() => handler(context)), timeout]);
    if (reply === 'timeout') {
      logger.error(`peer handler did not answer within ${timeoutMs} ms: ${answerer.describe(req)}`);
      answerer.send(req, res, 503, { code: 'PEER_HANDLER_TIMEOUT', message: 'the request took too long; try again' }, true);
      return;
    }
    if (!Number.isInteger(reply.status) || reply.status < 200 || reply.status > 599) {
      throw new RangeError(`handler answered with status ${String(reply.status)}`);
    }
    answerer.send(req, res, reply.status, reply.body, false);
  } catch (error) {
    const shown = isToolError(error) ? `${error.code}: ${error.message}` : String(error);
    logger.error(`peer handler failed: ${answerer.describe(req)}: ${shown}`);
    answerer.send(req, res, 500, isToolError(error)
      ? { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) }
      : { code: 'PEER_INTERNAL', message: 'internal error (see the peer\'s log)' }, true);
  } finally {
    clearTimeout(timer);
  }
}
