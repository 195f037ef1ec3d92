/** The hub's answers about the question desk (`routes/desk-routes.ts`, docs/hub-desk.md). */

export const QUESTION_STATUSES = ['open', 'escalated', 'answered', 'closed'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export const QUESTION_STATUS_LABELS: Record<QuestionStatus, string> = {
  open: 'Open',
  escalated: 'Escalated',
  answered: 'Answered',
  closed: 'Closed',
};

/** A person, as the desk shows them. */
export interface DeskPerson {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
}

/** A question as lists show it (no body). */
export interface QuestionSummary {
  readonly id: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly status: QuestionStatus;
  readonly private: boolean;
  readonly author: DeskPerson | null;
  readonly answerCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly waitingSince: string;
  readonly escalatedAt: string | null;
  readonly escalationReason: 'no_champion' | 'timeout' | null;
  readonly answeredAt: string | null;
  readonly closedAt: string | null;
  /** Search relevance, when the list was searched. */
  readonly rank?: number;
}

/** An answer or a follow-up. */
export interface DeskPost {
  readonly id: string;
  readonly kind: 'answer' | 'follow_up';
  readonly author: DeskPerson | null;
  readonly body: string;
  /** The hub's rendering of `body` (see Markdown.tsx). */
  readonly bodyHtml: string;
  readonly accepted: boolean;
  readonly createdAt: string;
  readonly editedAt: string | null;
}

/** `GET /api/v1/desk/questions/:questionId`. */
export interface QuestionDetail extends QuestionSummary {
  readonly body: string;
  readonly bodyHtml: string;
  /** Null, and `linksHidden` true, for a reader from outside the team. */
  readonly projectId: string | null;
  readonly findingId: string | null;
  readonly linksHidden: boolean;
  readonly acceptedAnswerId: string | null;
  readonly answers: readonly DeskPost[];
  readonly followUps: readonly DeskPost[];
}

/** A page of a list. */
export interface QuestionPage {
  readonly questions: readonly QuestionSummary[];
  readonly nextOffset: number | null;
}

/** `GET /api/v1/desk/settings`. */
export interface DeskSettings {
  readonly escalateAfterHours: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** The list's filters, as the URL holds them. */
export interface QuestionFilters {
  readonly status?: string | undefined;
  readonly teamId?: string | undefined;
  readonly tag?: string | undefined;
  readonly mine?: boolean | undefined;
  readonly waitingForMe?: boolean | undefined;
  readonly q?: string | undefined;
}

/** What asking sends. */
export interface NewQuestion {
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly teamId?: string;
  readonly projectId?: string;
  readonly findingId?: string;
  readonly private: boolean;
}

export interface QuestionChange {
  readonly title?: string;
  readonly body?: string;
  readonly tags?: readonly string[];
  readonly private?: boolean;
  readonly status?: 'open' | 'closed';
}

/** A page of the knowledge base: each question with the start of its accepted answer. */
export interface KnowledgeBasePage {
  readonly questions: readonly (QuestionSummary & { readonly excerpt: string })[];
  readonly nextOffset: number | null;
}
