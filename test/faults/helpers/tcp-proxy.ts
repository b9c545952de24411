// A TCP relay between the server and PostgreSQL, so a test can take the database away from one server
// without touching the shared PostgreSQL: `forward` relays, `refuse` closes the port (ECONNREFUSED),
// `blackhole` accepts connections and never answers (a network partition); `cut()` resets every relayed
// connection at once.
import net from 'node:net';

export type ProxyMode = 'forward' | 'refuse' | 'blackhole';

export interface TcpProxy {
  port: number;
  mode(): ProxyMode;
  setMode(m: ProxyMode): Promise<void>;
  /** Destroys every open connection (both directions). */
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const open = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => {});
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode === 'blackhole') return; // accepted, never answered
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  let listening = true;
  const cut = () => {
    for (const s of open) s.destroy();
    open.clear();
  };
  return {
    port,
    mode: () => mode,
    async setMode(m) {
      mode = m;
      if (m === 'refuse' && listening) {
        listening = false;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          cut();
        });
      } else if (m !== 'refuse' && !listening) {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve());
        });
        listening = true;
      }
    },
    cut,
    async close() {
      cut();
      if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      listening = false;
    },
  };
}
