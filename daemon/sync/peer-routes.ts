import { ToolError } from '../../src/errors.js';

/** What a handler is given: only requests that passed every check get here. */
export interface PeerRequestContext {
  /** The parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
  /** The sending node's id, as signed. */
  readonly nodeId: string;
  /** The peer's IP address as the socket sees it. */
  readonly remoteAddress: string;
  /** The request target with its query, as signed. */
  readonly path: string;
}

/** A handler's answer; the server signs it. */
export interface PeerReply {
  /** 200–599. */
  readonly status: number;
  /** Sent as JSON. */
  readonly body: unknown;
}

export type PeerHandler = (request: PeerRequestContext) => PeerReply | Promise<PeerReply>;

/** Handlers by `METHOD /path` (no query), e.g. `{'POST /v1/join': join, 'GET /v1/digest': digest}`. */
export type PeerRoutes = Readonly<Record<string, PeerHandler>>;

/** A request matched against the table. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly handler: PeerHandler }
  | { readonly kind: 'unknown-path' }
  | { readonly kind: 'wrong-method'; readonly allowed: readonly string[] };

const ROUTE_KEY = /^([A-Z]{1,16}) (\/[\x21-\x3e\x40-\x7e]*)$/; // printable, no '?'

/** The table checked once and indexed by path; a malformed key is a programming error (PEER_ROUTE_INVALID). */
export function compileRoutes(routes: PeerRoutes): (method: string, path: string) => RouteMatch {
  const byPath = new Map<string, Map<string, PeerHandler>>();
  for (const [key, handler] of Object.entries(routes)) {
    const parts = ROUTE_KEY.exec(key);
    if (parts?.[1] === undefined || parts[2] === undefined) {
      throw new ToolError('PEER_ROUTE_INVALID', `peer route ${JSON.stringify(key)} is not "METHOD /path"`);
    }
    const methods = byPath.get(parts[2]) ?? new Map<string, PeerHandler>();
    methods.set(parts[1], handler);
    byPath.set(parts[2], methods);
  }
  return (method, target) => {
    const path = target.split('?', 1)[0] ?? target;
    const methods = byPath.get(path);
    if (methods === undefined) return { kind: 'unknown-path' };
    const handler = methods.get(method);
    return handler === undefined ? { kind: 'wrong-method', allowed: [...methods.keys()] } : { kind: 'found', handler };
  };
}
