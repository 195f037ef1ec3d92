export { cweName, cweUrl, normalizeCweId, owaspCategory, owaspForCwe } from './cwe.js';
export { CWE_LIST_VERSION, CWE_NAMES, CWE_TOP25_2023, CWE_TOP25_2024 } from './cwe-data.js';
export type { OwaspCategory, OwaspCategoryId } from './owasp.js';
export { OWASP_2021_CWES, OWASP_TOP10_2021 } from './owasp.js';
