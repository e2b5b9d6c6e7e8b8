/** KeyedQueue (main/core/fs/queue.ts): one task at a time per key. */
import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../../main/core/fs/queue';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedQueue', () => {
  it('runs the tasks of one key one after the other, in order; a failure does not block the next', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`${name}+`);
      await tick(ms);
      log.push(`${name}-`);
      if (fail) throw new Error(name);
      return name;
    };
    const a = q.run('k', task('a', 20));
    const b = q.run('k', task('b', 1, true));
    const c = q.run('k', task('c', 1));
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b');
    await expect(c).resolves.toBe('c');
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  });

  it('runs different keys side by side', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    const slow = q.run('x', async () => {
      log.push('x+');
      await tick(30);
      log.push('x-');
    });
    const fast = q.run('y', async () => {
      log.push('y');
    });
    await Promise.all([slow, fast]);
    expect(log).toEqual(['x+', 'y', 'x-']);
  });
});
