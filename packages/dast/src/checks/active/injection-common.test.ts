import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../types.js';
import { ResponseComparator, responseDistance, responseShape } from './injection-common.js';

function exchange(body: string, status = 200): Exchange {
  return {
    request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
    response: {
      status,
      headers: new Map(),
      setCookies: [],
      body,
      truncated: false,
      contentType: 'text/html',
    },
    elapsedMs: 1,
  };
}

describe('response comparison', () => {
  it('puts a reflected payload back to the original value, in any spelling', () => {
    const original = responseShape(exchange('<p>Results for alice</p><li>alice</li>'));
    const payload = "alice' AND '1'='1";
    const echoed = responseShape(
      exchange(`<p>Results for alice&#39; AND &#39;1&#39;=&#39;1</p><li>alice</li>`),
      payload,
      'alice',
    );
    expect(responseDistance(original, echoed)).toBe(0);
  });

  it('sees one extra row in a page, and any status change', () => {
    const page = (rows: number) =>
      responseShape(exchange(`<ul>${'<li>item</li>'.repeat(rows)}</ul>${' word'.repeat(200)}`));
    const compare = new ResponseComparator(0);
    expect(compare.differ(page(3), page(4))).toBe(true);
    expect(compare.same(page(3), page(3))).toBe(true);
    expect(
      responseDistance(responseShape(exchange('a', 200)), responseShape(exchange('a', 500))),
    ).toBe(1);
  });

  it('widens both bands on noisy endpoints', () => {
    const compare = new ResponseComparator(0.05);
    const a = responseShape(exchange('one two three four five six seven eight nine ten'));
    const b = responseShape(exchange('one two three four five six seven eight nine eleven'));
    expect(compare.same(a, b)).toBe(false);
    expect(compare.differ(a, b)).toBe(false);
  });
});
