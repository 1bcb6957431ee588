import { environments, services, type Environment, type Service } from '@plotwatch/platform';
import { run, writeTree } from '@plotwatch/testing';
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nginxMetricsLocation } from './nginx.ts';

const NGINX = '/usr/sbin/nginx';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  cleanups.pop();
  return port;
}

/** A whole nginx.conf around the generated location, everything inside a temp dir. */
async function nginxWith(location: string, port: number): Promise<string> {
  const dir = await writeTree([['location.conf', location]]);
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const conf = `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events {}
http { access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen 127.0.0.1:${port}; include ${dir}/location.conf; location / { return 204; } } }`;
  await writeFile(join(dir, 'nginx.conf'), conf);
  return dir;
}

describe('nginxMetricsLocation', () => {
  const worker = services.find((s) => s.behindNginx)!;

  it('passes `nginx -t` (the real nginx)', async () => {
    const dir = await nginxWith(nginxMetricsLocation(worker, environments.prod), await freePort());
    const result = await run(
      NGINX,
      ['-t', '-q', '-e', join(dir, 'error.log'), '-p', dir, '-c', join(dir, 'nginx.conf')],
      dir,
    );
    expect(result.ok, result.output).toBe(true);
  });

  it('answers /metrics to Prometheus source ranges only, whatever forwarding headers claim', async () => {
    const upstream = await listen(createServer((_req, res) => res.end('up 1\n')));
    const service: Service = { ...worker, metricsPort: upstream };
    const asked = async (env: Environment, headers: Record<string, string> = {}) => {
      const port = await freePort();
      const dir = await nginxWith(nginxMetricsLocation(service, env), port);
      const nginx = spawn(NGINX, ['-e', join(dir, 'error.log'), '-p', dir, '-c', join(dir, 'nginx.conf')], {
        stdio: 'ignore',
      });
      cleanups.push(async () => {
        nginx.kill('SIGTERM');
        await new Promise((r) => nginx.once('exit', r));
      });
      for (let i = 0; i < 50; i++) {
        const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers }).catch(() => undefined);
        if (response) return { status: response.status, body: await response.text() };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('nginx did not start');
    };
    expect((await asked(environments.prod)).status).toBe(403);
    // A client that claims, in the headers a proxy would set, to be Prometheus is still who it is.
    const prometheus = environments.prod.monitoring.prometheusSourceRanges[0]!.split('/')[0]!;
    for (const header of ['X-Forwarded-For', 'X-Real-IP', 'Forwarded'])
      expect(
        (await asked(environments.prod, { [header]: header === 'Forwarded' ? `for=${prometheus}` : prometheus }))
          .status,
        `${header}: ${prometheus}`,
      ).toBe(403);
    const fromLoopback = await asked({
      ...environments.prod,
      monitoring: { ...environments.prod.monitoring, prometheusSourceRanges: ['127.0.0.1/32'] },
    });
    expect(fromLoopback).toEqual({ status: 200, body: 'up 1\n' });
  }, 20_000);
});
