import ignore, { type Ignore } from 'ignore';
import type { ResolvedRuleSetting } from '../config/config-schema.js';
import type { Finding } from '../finding/finding.js';

/** Why a finding was dropped or changed by the `rules:` settings. */
export interface RuleSettingEffect {
  readonly finding: Finding;
  readonly kind: 'disabled' | 'excluded-path';
}

/** What {@link applyRuleSettings} returns. */
export interface RuleSettingsResult {
  readonly kept: Finding[];
  readonly dropped: RuleSettingEffect[];
}

/**
 * Applies the per-rule settings of `rampart.yml`: drops disabled rules and findings in a
 * rule's excluded paths, and rewrites the severity of overridden rules (the rule's own
 * severity is kept in `properties.originalSeverity` so reports can say so).
 * `pathPrefix` is the scan root relative to the config's folder, `/`-separated ('' when equal),
 * so rule excludes written relative to the config file match finding paths.
 */
export function applyRuleSettings(
  findings: readonly Finding[],
  rules: Readonly<Record<string, ResolvedRuleSetting>>,
  pathPrefix = '',
): RuleSettingsResult {
  const matchers = new Map<string, Ignore>();
  const kept: Finding[] = [];
  const dropped: RuleSettingEffect[] = [];
  for (const finding of findings) {
    const setting = rules[finding.ruleId];
    if (!setting) {
      kept.push(finding);
      continue;
    }
    if (!setting.enabled) {
      dropped.push({ finding, kind: 'disabled' });
      continue;
    }
    const loc = finding.location;
    const path =
      loc.kind === 'code' ? loc.path : loc.kind === 'package' ? loc.manifestPath : undefined;
    if (path !== undefined && setting.exclude.length > 0) {
      let matcher = matchers.get(finding.ruleId);
      if (!matcher) {
        matcher = ignore().add([...setting.exclude]);
        matchers.set(finding.ruleId, matcher);
      }
      if (matcher.ignores(pathPrefix ? `${pathPrefix}/${path}` : path)) {
        dropped.push({ finding, kind: 'excluded-path' });
        continue;
      }
    }
    if (setting.severity && setting.severity !== finding.severity) {
      kept.push({
        ...finding,
        severity: setting.severity,
        properties: { ...finding.properties, originalSeverity: finding.severity },
      });
    } else {
      kept.push(finding);
    }
  }
  return { kept, dropped };
}
