export { type Detector, detectorRuleId } from './detector.js';
export { DETECTORS } from './detectors/index.js';
export { detectorsMarkdown } from './detectors-doc.js';
export { crc32, decodeBase64Text, hasBase62Crc32Suffix, toBase62 } from './engine/checksums.js';
export { shannonEntropy } from './engine/entropy.js';
export { createSecretMatcher, type SecretMatch, type SecretMatcher } from './engine/matcher.js';
export { isPlaceholder } from './engine/placeholders.js';
export { findSecrets, scanTextForSecrets } from './secret-findings.js';
export {
  DEFAULT_HASH_SALT,
  parseSecretsOptions,
  type SecretsOptions,
  SecretsOptionsSchema,
} from './secrets-options.js';
export { createSecretsScanner } from './secrets-scanner.js';
