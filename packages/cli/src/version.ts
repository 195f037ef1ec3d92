import { packageVersion } from '@rampart/core';

/** The CLI's version, from its package.json. */
export const RAMPART_VERSION: string = packageVersion(import.meta.url);
