import { describe } from 'vitest'; describe.skip('placeholder', () => {});
