import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';

/**
 * A TCP port free on 127.0.0.1 right now (the OS picks it). Another process could take it before
 * the caller binds it; servers started with it fail loudly then, never silently.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned')),
      );
    });
  });
}

/** A node HTTP server on 127.0.0.1 at a port the OS picks; `close()` also drops kept-alive connections. */
export interface LocalHttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`, as Prometheus targets name it. */
  readonly hostPort: string;
  stop(): Promise<void>;
}

export function serveLocally(handler: RequestListener): Promise<LocalHttpServer> {
  return new Promise((resolve, reject) => {
    const server = createHttpServer(handler);
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        hostPort: `127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
