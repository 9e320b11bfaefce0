import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

type Chunk = { type: 'chunk'; fileName: string; code: string; imports: string[]; isEntry: boolean; isDynamicEntry: boolean };
type Output = Chunk | { type: 'asset' };

/**
 * Prints, for each entry chunk, the gzip size of the JavaScript a page downloads to run it (the
 * chunk and its static imports), and fails the build when the first page's exceeds its budget.
 */
export function entrySizes(initialBudgetKb: number): Plugin {
  return {
    name: 'four-paths-entry-sizes',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, Chunk>();
      for (const [file, out] of Object.entries(bundle as Record<string, Output>)) if (out.type === 'chunk') chunks.set(file, out);
      // Level 9 and kB of 1000 bytes, as Vite's own size report counts.
      const gzipKb = (file: string) => gzipSync(chunks.get(file)!.code, { level: 9 }).length / 1000;
      const closure = (file: string, seen = new Set<string>()): Set<string> => {
        if (seen.has(file) || !chunks.has(file)) return seen;
        seen.add(file);
        for (const next of chunks.get(file)!.imports) closure(next, seen);
        return seen;
      };
      for (const chunk of chunks.values()) {
        if (!chunk.isEntry && !chunk.isDynamicEntry) continue;
        const files = [...closure(chunk.fileName)];
        const total = files.reduce((sum, f) => sum + gzipKb(f), 0);
        const kind = chunk.isEntry ? 'entry' : 'lazy entry';
        this.info(`${kind} ${chunk.fileName}: ${gzipKb(chunk.fileName).toFixed(1)} kB gzip; with the ${files.length - 1} chunks it imports ${total.toFixed(1)} kB gzip`);
        if (chunk.isEntry && total > initialBudgetKb) {
          this.error(`${chunk.fileName} loads ${total.toFixed(1)} kB gzip of JavaScript, over the ${initialBudgetKb} kB budget`);
        }
      }
    },
  };
}
