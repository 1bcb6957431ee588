import { serveLocally, type LocalHttpServer } from './ports.ts';

/** Serves `metrics` (Prometheus text format) at `/metrics`: the smallest target a test can scrape. */
export function startExporter(metrics: string): Promise<LocalHttpServer> {
  return serveLocally((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics);
  });
}
