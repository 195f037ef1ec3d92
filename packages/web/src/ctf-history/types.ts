/** A fixed finding that could become a "spot the bug" challenge (`GET /ctf/history/candidates`). */
export interface HistoryCandidate {
  readonly findingId: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: string;
  readonly scanner: string;
  readonly cwe: readonly string[];
  readonly projectId: string;
  readonly projectName: string;
  readonly fixedAt: string | null;
  readonly lines: number;
}

/** Where a draft stands: only an approved draft is published. */
export type HistoryDraftStatus = 'draft' | 'approved' | 'rejected' | 'published';

/** A challenge draft, its snippet anonymised (`GET /ctf/history/drafts/:id`). */
export interface HistoryDraft {
  readonly id: string;
  readonly findingId: string | null;
  readonly status: HistoryDraftStatus;
  readonly snippet: string;
  readonly lines: number;
  readonly line: number;
  readonly cwe: string;
  readonly cweName: string | null;
  readonly category: string;
  readonly language: string;
  readonly title: string;
  readonly description: string;
  readonly replacements: Readonly<Record<string, number>>;
  readonly replacementSummary: string;
  readonly notes: readonly string[];
  readonly preview: string;
  readonly createdBy: { readonly id: string; readonly name: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly reviewedBy: { readonly id: string; readonly name: string } | null;
  readonly reviewedAt: string | null;
  readonly challengeId: string | null;
  readonly eventId: string | null;
}

/** A reviewer's change: edits and/or a decision. */
export interface DraftChange {
  readonly snippet?: string;
  readonly title?: string;
  readonly description?: string;
  readonly line?: number;
  readonly cwe?: string;
  readonly action?: 'approve' | 'reject' | 'reopen';
}

/** A CTF event, as much of it as the publish form needs (`GET /ctf/events`). */
export interface CtfEventSummary {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}
