/**
 * Issue 12: the workflow bundle shares the pure domain modules among the workflows of a worker (preloaded
 * once per workflow thread; platform/workflow-bundle.ts). A domain module the workflows import but the
 * list forgets would still work, only evaluated again for every workflow (its memory once per cached
 * workflow): this keeps the list complete, and keeps anything but libs/domain out of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRELOADED_DOMAIN_MODULES } from '../../platform/workflow-bundle';
import { DIST } from '../support/env';

const BUNDLE = join(DIST, 'workflow-bundle.js');

describe('the workflow bundle', () => {
  it('preloads every domain module the workflows use, and only those', () => {
    if (!existsSync(BUNDLE)) throw new Error('dist/workflow-bundle.js is missing: run `npm run build` first');
    const code = readFileSync(BUNDLE, 'utf8');
    const inBundle = [...code.matchAll(/^\/\*\*\*\/ "\.\/dist\/libs\/domain\/([a-z-]+)\.js"/gm)].map(
      (m) => m[1],
    );
    expect(inBundle.length).toBeGreaterThan(0);
    expect([...inBundle].sort()).toEqual([...PRELOADED_DOMAIN_MODULES].sort());
    const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
    const preloaded = [...preload.matchAll(/"\.\/dist\/([^"]+)\.js"\)/g)].map((m) => m[1]);
    expect(preloaded.sort()).toEqual(PRELOADED_DOMAIN_MODULES.map((m) => `libs/domain/${m}`).sort());
  });
});
