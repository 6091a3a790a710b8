import { LingeringBatcher } from './lingering-batcher';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('LingeringBatcher', () => {
  it('writes the calls made within the linger as one batch, in call order', async () => {
    const writes: number[][] = [];
    const batcher = new LingeringBatcher<number>(30, (items) => {
      writes.push(items);
      return Promise.resolve(true);
    });
    const first = batcher.add([1, 2]);
    await sleep(5);
    const second = batcher.add([3]);
    expect(writes).toEqual([]);
    await Promise.all([first, second]);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('gives the calls made while a write runs to the next write, none lost', async () => {
    const writes: number[][] = [];
    let release: () => void = () => undefined;
    const batcher = new LingeringBatcher<number>(1, async (items) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return true;
    });
    const first = batcher.add([1]);
    await sleep(20); // the first write is running and held
    const during = [batcher.add([2]), batcher.add([3])];
    release();
    await Promise.all([first, ...during]);
    expect(writes).toEqual([[1], [2, 3]]);
  });

  it("writes each caller's items on their own when the batch is refused", async () => {
    const writes: string[][] = [];
    const batcher = new LingeringBatcher<string>(10, (items) => {
      writes.push(items);
      return Promise.resolve(!items.includes('bad'));
    });
    await Promise.all([batcher.add(['a']), batcher.add(['bad']), batcher.add(['c'])]);
    expect(writes).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('counts a throwing write as a refusal and still settles every call', async () => {
    const writes: number[][] = [];
    const batcher = new LingeringBatcher<number>(5, (items) => {
      writes.push(items);
      return items.length > 1 ? Promise.reject(new Error('boom')) : Promise.resolve(true);
    });
    await expect(Promise.all([batcher.add([1]), batcher.add([2])])).resolves.toEqual([
      undefined,
      undefined,
    ]);
    expect(writes).toEqual([[1, 2], [1], [2]]);
  });

  it('drain ends the linger at once and waits for the write', async () => {
    const writes: number[][] = [];
    const batcher = new LingeringBatcher<number>(60_000, (items) => {
      writes.push(items);
      return Promise.resolve(true);
    });
    const pending = batcher.add([7]);
    await batcher.drain(); // with the minute-long linger, jest's timeout would fail the test
    expect(writes).toEqual([[7]]);
    await pending;
  });

  it('does nothing for an empty call', async () => {
    const write = jest.fn(() => Promise.resolve(true));
    const batcher = new LingeringBatcher<number>(1, write);
    await batcher.add([]);
    await batcher.drain();
    expect(write).not.toHaveBeenCalled();
  });
});
