import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager } from './alertmanager.ts';
import { freePort } from './ports.ts';
import { startServer } from './server.ts';

const reachable = (url: string) =>
  fetch(`${url}/-/ready`).then(
    (r) => r.ok,
    () => false,
  );

describe('startServer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plotwatch-server-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops the server in `finally` when the test body fails', async () => {
    const am = await startAlertmanager({
      dir,
      configYaml: 'route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n',
    });
    expect(await reachable(am.url)).toBe(true);
    const failingTest = async () => {
      try {
        throw new Error('assertion failed');
      } finally {
        await am.stop();
      }
    };
    await expect(failingTest()).rejects.toThrow('assertion failed');
    expect(await reachable(am.url)).toBe(false);
    await am.stop();
  });

  it('reports a server that exits at once, with what it printed', async () => {
    const port = await freePort();
    const start = startServer({
      command: 'prometheus',
      args: [`--config.file=${join(dir, 'missing.yaml')}`, `--web.listen-address=127.0.0.1:${port}`],
      url: `http://127.0.0.1:${port}`,
    });
    await expect(start).rejects.toThrow(/prometheus did not become ready[\s\S]*missing\.yaml/);
  });

  it('says how to install a missing server', async () => {
    await expect(
      startServer({ command: 'no-such-server-binary', args: [], url: 'http://127.0.0.1:1' }),
    ).rejects.toThrow(/ensure-prometheus-tools/);
  });
});
