import { z } from 'zod';

/** Where in the delivery flow a scan ran: see DESIGN.md, "Stages and the shared metrics". */
export const STAGES = ['dev', 'pr', 'main', 'production'] as const;
/** Runtime schema for {@link Stage}. */
export const StageSchema = z.enum(STAGES);
/** dev, pr, main or production. */
export type Stage = z.infer<typeof StageSchema>;
