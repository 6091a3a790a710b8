import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** libs/domain must stay framework-free: it is shared by api, worker and tests as plain logic. */
const FORBIDDEN =
  /from '(@nestjs\/[^']+|typeorm|ioredis|pg|express|@app\/(database|redis|config|observability|settings)[^']*)'/;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });

describe('libs/domain purity', () => {
  const files = sourceFiles(__dirname);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [file.slice(__dirname.length + 1), file]))(
    '%s imports no framework or infrastructure package',
    (_name, file) => {
      expect(readFileSync(file, 'utf8')).not.toMatch(FORBIDDEN);
    },
  );
});
