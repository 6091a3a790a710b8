/**
 * How long image validation takes and how much it stalls the event loop.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/image-validation.bench.ts
 *
 * For each input it runs the validator N times and prints the median and p95 wall time, and the
 * worst event-loop delay seen meanwhile (perf_hooks histogram with 10 ms resolution). Sharp runs
 * on libuv's thread pool, so the loop delay should stay small even while large images decode.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { ImageValidator } from '@app/media';

const RUNS = 8;
const MB = 1024 * 1024;

const photo = (width: number, height: number, format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  })
    .toFormat(format, format === 'jpeg' ? { quality: 85 } : {})
    .toBuffer();

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function main(): Promise<void> {
  const validator = new ImageValidator({
    maxPixels: 89_478_485,
    maxSide: 8192,
    maxConcurrentDecodes: 2,
  });
  const bomb = await sharp({
    create: { width: 20000, height: 20000, channels: 3, background: '#000' },
    limitInputPixels: false,
  })
    .greyscale()
    .png({ compressionLevel: 9 })
    .toBuffer();
  const inputs: [string, Buffer][] = [
    ['jpeg 1600x1200', await photo(1600, 1200, 'jpeg')],
    ['jpeg 4000x3000 (12 MP phone photo)', await photo(4000, 3000, 'jpeg')],
    ['png 2000x1500', await photo(2000, 1500, 'png')],
    ['webp 4000x3000', await photo(4000, 3000, 'webp')],
    ['png 20000x20000 pixel bomb (rejected)', bomb],
  ];
  console.log(
    `node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, ${RUNS} runs each`,
  );
  console.log('input | bytes | median ms | p95 ms | max event-loop delay ms | result');
  for (const [name, buffer] of inputs) {
    const times: number[] = [];
    let result = 'accepted';
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    for (let i = 0; i < RUNS; i += 1) {
      const start = performance.now();
      try {
        await validator.validate(buffer, { maxBytes: 15 * MB, declaredMime: null });
      } catch (error) {
        result = `rejected (${(error as { code?: string }).code ?? String(error)})`;
      }
      times.push(performance.now() - start);
    }
    loop.disable();
    console.log(
      `${name} | ${buffer.length} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${(loop.max / 1e6).toFixed(1)} | ${result}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
