/* npm run bench:zip — memory and speed of GET /api/admin/cases/{id}/images/download-all.
 * Seeds one case with IMAGES files of MB_EACH MiB (random bytes: the route streams stored files
 * as they are), starts the api as a real process and downloads the ZIP while discarding it.
 * Prints the ZIP size, the transfer rate and the api's peak RSS (VmHWM) before and after: a
 * streamed ZIP grows the peak by a few MiB, not by the archive size. Figures only. */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { benchEnv, startApi, stop } from './support';

/* eslint-disable no-restricted-syntax -- benchmark knobs */
const IMAGES = Number(process.env.BENCH_IMAGES ?? 40);
const MB_EACH = Number(process.env.BENCH_MB_EACH ?? 5);
/* eslint-enable no-restricted-syntax */
const PASSWORD = 'bench-password-123';

const peakRssMiB = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
};

async function main(): Promise<void> {
  const env = await benchEnv();
  const root = mkdtempSync(join(tmpdir(), 'msia-zip-bench-'));
  mkdirSync(join(root, 'case-images'));
  const pg = new Client({ connectionString: env.dbUrl });
  await pg.connect();
  try {
    const {
      rows: [kase],
    } = await pg.query<{ id: string }>(
      `INSERT INTO cases (conversation_id, status, vehiculo_matricula)
       VALUES ('90001', 'pending_review', '1234BCD') RETURNING id`,
    );
    const caseId = kase?.id ?? '';
    const chunk = randomBytes(MB_EACH * 1024 * 1024);
    for (let i = 1; i <= IMAGES; i += 1) {
      const stored = `${randomUUID()}.jpg`;
      writeFileSync(join(root, 'case-images', stored), chunk);
      await pg.query(
        `INSERT INTO case_images (case_id, stored_filename, mime_type, file_size, display_name, image_type)
         VALUES ($1, $2, 'image/jpeg', $3, $4, 'user_upload')`,
        [caseId, stored, chunk.length, `case_bench_image_${i}`],
      );
    }

    const api = await startApi(env, { STORAGE_LOCAL_ROOT: root });
    const pid = api.process.child.pid ?? 0;
    try {
      const login = await fetch(`${api.url}/api/admin/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
      });
      const { access_token: token } = (await login.json()) as { access_token: string };
      // Warm the route once with a tiny request so first-call compilation is not counted.
      await fetch(`${api.url}/api/admin/cases/${caseId}`, {
        headers: { Authorization: `Bearer ${token}` },
      }).then((res) => res.arrayBuffer());
      const before = peakRssMiB(pid);
      const started = performance.now();
      const res = await fetch(`${api.url}/api/admin/cases/${caseId}/images/download-all`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      let bytes = 0;
      for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += part.byteLength;
      }
      const seconds = (performance.now() - started) / 1000;
      const after = peakRssMiB(pid);
      const mib = bytes / 1024 / 1024;
      console.log(
        `download-all: HTTP ${res.status}, ${IMAGES} files × ${MB_EACH} MiB = ZIP ${mib.toFixed(1)} MiB ` +
          `in ${seconds.toFixed(2)} s (${(mib / seconds).toFixed(0)} MiB/s)`,
      );
      console.log(
        `api peak RSS: ${before.toFixed(0)} MiB before, ${after.toFixed(0)} MiB after ` +
          `(+${(after - before).toFixed(1)} MiB for a ${mib.toFixed(0)} MiB archive)`,
      );
    } finally {
      await stop(api.process);
    }
  } finally {
    await pg.end();
    rmSync(root, { recursive: true, force: true });
    await env.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
