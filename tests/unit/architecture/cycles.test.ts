/**
 * No import circle crosses a folder: the modules of main/ and renderer/ form layers, and a cycle
 * between two folders (like the old host.ts ↔ handlers.ts one, which forced placeholders) is a
 * design error. Type-only imports count too: they tie the modules together just the same for a
 * reader. Cycles inside one folder are tolerated (a component and its helper).
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/tmp';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/** Strongly connected components of more than one module (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('import graph', () => {
  it('has no cycle between modules of different folders', () => {
    const files = [...sources(path.join(repoRoot, 'main')), ...sources(path.join(repoRoot, 'renderer'))];
    const graph = new Map<string, Set<string>>();
    for (const f of files) {
      const targets = new Set<string>();
      for (const m of readFileSync(f, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
        const t = resolve(f, m[1] as string);
        if (t) targets.add(t);
      }
      graph.set(f, targets);
    }
    const crossing = cycles(graph)
      .filter((c) => new Set(c.map((f) => path.dirname(f))).size > 1)
      .map((c) => c.map((f) => path.relative(repoRoot, f)).sort());
    expect(crossing).toEqual([]);
  });

  it('would see one (the check can fail)', () => {
    const a = '/x/a/one.ts';
    const b = '/x/b/two.ts';
    expect(cycles(new Map([[a, new Set([b])], [b, new Set([a])]]))).toHaveLength(1);
  });
});
