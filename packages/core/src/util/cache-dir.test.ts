import { describe, expect, it } from 'vitest';
import { resolveCacheDir } from './cache-dir.js';

describe('resolveCacheDir', () => {
  it('prefers RAMPART_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(resolveCacheDir({ RAMPART_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe(
      '/c',
    );
    expect(resolveCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/rampart');
    expect(resolveCacheDir({ HOME: '/h' })).toBe('/h/.cache/rampart');
  });
});
