import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { Migrator } from '@app/database';
import { freePort } from '../../support/process';
import { onProcessExit } from './exit-guard';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries installed (Debian layout: /usr/lib/postgresql/<v>/bin). */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, versions[0], 'bin');
}

/**
 * A PostgreSQL cluster of the test's own (never the shared server): initdb in a temp dir, trust
 * auth, loopback on a free port, its socket in the temp dir. initdb refuses to run as root, so
 * as root every server command runs as the `postgres` OS user (runuser) on a dir it owns.
 * The cluster is removed in destroy() and, as a last resort, when the test process exits.
 */
export class ThrowawayPostgres {
  private readonly bin = postgresBinDir();
  private readonly asRoot = process.getuid?.() === 0;
  private running = false;
  private readonly unregister: () => void;
  public restarts = 0;

  private constructor(
    public readonly port: number,
    public readonly dir: string,
    public readonly database: string,
  ) {
    this.unregister = onProcessExit(() => {
      if (this.running) {
        spawnSync(...this.command('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', 'stop']));
      }
      rmSync(this.dir, { recursive: true, force: true });
    });
  }

  public get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${this.database}`;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** initdb + start + CREATE DATABASE + the project's migrations (the same Migrator as CI). */
  public static async start(database = 'msia_chaos'): Promise<ThrowawayPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'msia-chaos-pg-'));
    const cluster = new ThrowawayPostgres(await freePort(), dir, database);
    try {
      if (cluster.asRoot) {
        const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
        const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
        chownSync(dir, uid, gid);
      }
      await cluster.exec('initdb', [
        '-D',
        cluster.dataDir,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--no-sync',
      ]);
      await cluster.launch();
      const admin = new Client({
        connectionString: `postgres://postgres@127.0.0.1:${cluster.port}/postgres`,
      });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${database}"`);
      } finally {
        await admin.end();
      }
      const migrator = await Migrator.connect(cluster.url);
      try {
        await migrator.up();
      } finally {
        await migrator.close();
      }
      return cluster;
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
  }

  /** pg_ctl start (waits until the server accepts connections, crash recovery included). */
  public async launch(): Promise<void> {
    await this.exec('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      // fsync off: a process crash (stop -m immediate) still recovers from WAL in the OS cache;
      // only an OS crash would need it, and it makes the run faster.
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`,
      'start',
    ]);
    this.running = true;
  }

  /** pg_ctl stop -m immediate: every backend dies at once, like a crash; WAL recovery on start. */
  public async crash(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    this.running = false;
  }

  public async restart(downMs: number): Promise<void> {
    await this.crash();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.launch();
    this.restarts += 1;
  }

  public log(): string {
    try {
      return readFileSync(join(this.dir, 'server.log'), 'utf8').slice(-3000);
    } catch {
      return '';
    }
  }

  public async destroy(): Promise<void> {
    try {
      if (this.running) await this.crash();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      this.unregister();
    }
  }

  private command(tool: string, args: string[]): [string, string[]] {
    const path = join(this.bin, tool);
    return this.asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const [file, argv] = this.command(tool, args);
    try {
      // cwd: the postgres user may not be allowed into the repository's directory.
      await run(file, argv, { cwd: this.dir, timeout: 90_000 });
    } catch (error) {
      const detail = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(
        `${tool} failed: ${detail.message}\n${detail.stderr ?? ''}${detail.stdout ?? ''}\n${this.log()}`,
      );
    }
  }
}
