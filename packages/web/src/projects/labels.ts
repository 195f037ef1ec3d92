import { STAGE_LABELS } from '../ui/format.js';

/** A stage's label; the hub's stages are dev, pr, main and production. */
export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? (stage === 'dev' ? 'Development' : stage);
}
