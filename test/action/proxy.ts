// Two loopback proxies for the action's tests. A reverse proxy in front of the GitHub API server
// that can forge answers (after the server handled a request, or instead of it), and a forward
// proxy (CONNECT and absolute-URI requests) like a self-hosted runner's HTTPS_PROXY.
import { request as httpRequest, createServer, type IncomingMessage, type Server } from "node:http";
import { connect, type Socket } from "node:net";

export interface Forged {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface Exchange {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  body: string;
}

export interface ReverseProxy {
  url: string;
  /** Every request that reached the proxy, in order. */
  seen: Exchange[];
  /** Requests in flight now, and the most ever at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export interface ReverseProxyOptions {
  /** Answer without asking the server. */
  before?: (x: Exchange) => Forged | undefined;
  /** Replace the server's answer (the server has handled the request). */
  after?: (x: Exchange, answer: Forged) => Forged | undefined;
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startReverseProxy(
  target: string,
  options: ReverseProxyOptions = {},
): Promise<ReverseProxy> {
  const upstream = new URL(target);
  const seen: Exchange[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  const self = () => `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const server = createServer(async (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const x: Exchange = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        body: await readBody(req),
      };
      seen.push(x);
      const send = (a: Forged) => {
        res.writeHead(a.status, {
          "content-type": "application/json; charset=utf-8",
          ...a.headers,
        });
        res.end(a.body);
      };
      const early = options.before?.(x);
      if (early) return send(early);
      const answer = await new Promise<Forged>((resolve, reject) => {
        const headers = { ...req.headers, host: upstream.host };
        const out = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: x.method, path: x.url, headers },
          async (r) => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(r.headers))
              if (v !== undefined && k !== "content-length" && k !== "transfer-encoding")
                h[k] = Array.isArray(v) ? v.join(", ") : v;
            // Links lead back through the proxy, as GitHub's lead to the host that was asked.
            if (h.link) h.link = h.link.split(upstream.origin).join(self());
            resolve({ status: r.statusCode ?? 502, headers: h, body: await readBody(r) });
          },
        );
        out.on("error", reject);
        out.end(x.body);
      });
      send(options.after?.(x, answer) ?? answer);
    } catch {
      res.destroy();
    } finally {
      inFlight--;
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () => closeServer(server, sockets),
  };
}

export interface ForwardProxy {
  url: string;
  /** "CONNECT host:port" or "GET http://host/path" for each request, in order. */
  seen: string[];
  close(): Promise<void>;
}

/** A forward proxy that sends every host it is asked for to one loopback port. */
export async function startForwardProxy(loopbackPort: number): Promise<ForwardProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const u = new URL(req.url ?? "/");
    const out = httpRequest(
      {
        host: "127.0.0.1",
        port: loopbackPort,
        method: req.method,
        path: u.pathname + u.search,
        headers: req.headers,
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    sockets.add(client);
    const upstream = connect(loopbackPort, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => closeServer(server, sockets) };
}
