import { Agent, request } from 'node:http';

/** Connections kept open between polls: a probe every second should not cost a TCP handshake each time. */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 4, maxFreeSockets: 4, timeout: 30_000 });

export interface HttpGetOptions {
  readonly signal?: AbortSignal;
  /** Responses larger than this are cut off and fail. Default 4 MiB. */
  readonly maxBytes?: number;
  /** For HTTP over a unix socket (the control socket). */
  readonly socketPath?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/** One bounded HTTP GET: a size cap, and an abort signal for the deadline. Rejects on network errors. */
export function httpGet(url: string, options: HttpGetOptions = {}): Promise<HttpResponse> {
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      agent: options.socketPath === undefined ? keepAlive : false,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.socketPath === undefined ? {} : { socketPath: options.socketPath }),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy(new Error(`response from ${url} is larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** GET and parse JSON; undefined when the answer is not a 200 with a JSON body. */
export async function httpGetJson(url: string, options: HttpGetOptions = {}): Promise<unknown> {
  const response = await httpGet(url, options);
  if (response.status !== 200) return undefined;
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}
