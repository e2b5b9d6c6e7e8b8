/**
 * One task at a time per key, in this process.
 *
 * Owns: the serialisation of read-modify-write cycles on one file (an event, a quotes file, a
 * working transcript): a task runs after every earlier task of the same key, and a failure does
 * not block the next. (Other processes — the CLI beside the app — are not covered.)
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(task);
    this.tails.set(key, next);
    void next
      .finally(() => {
        if (this.tails.get(key) === next) this.tails.delete(key);
      })
      .catch(() => undefined);
    return next;
  }
}

const files = new KeyedQueue();

/** Runs `task` after every earlier task on the same file path in this process. */
export function serialiseFile<T>(file: string, task: () => Promise<T>): Promise<T> {
  return files.run(file, task);
}
