/**
 * The OpenAPI document names each schema after its class, and two classes of one name overwrite each
 * other there without a word (issue 15 found a second `YearFiguresDto`). Every class the API declares
 * under apps/api/src has a name of its own.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

describe('the API’s classes', () => {
  it('have names of their own, so no OpenAPI schema overwrites another', () => {
    const where = new Map<string, string[]>();
    for (const file of sources(join(ROOT, 'apps', 'api', 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/^export (?:abstract )?class (\w+)/gm)) {
        where.set(match[1], [...(where.get(match[1]) ?? []), relative(ROOT, file)]);
      }
    }
    const duplicates = [...where].filter(([, files]) => files.length > 1);
    expect(duplicates).toEqual([]);
    expect(where.size).toBeGreaterThan(100);
  });
});
