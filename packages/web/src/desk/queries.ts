import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../api/client.js';
import type {
  DeskSettings,
  KnowledgeBasePage,
  NewQuestion,
  QuestionChange,
  QuestionDetail,
  QuestionFilters,
  QuestionPage,
} from './types.js';

const DESK = 'desk';
const PAGE_SIZE = 20;
const questionPath = (id: string) => `/api/v1/desk/questions/${encodeURIComponent(id)}`;

/** The desk's question list with its filters, a page at a time (`nextOffset`). */
export function useQuestions(filters: QuestionFilters) {
  return useInfiniteQuery({
    queryKey: [DESK, 'questions', filters],
    initialPageParam: 0,
    queryFn: ({ pageParam, signal }) =>
      api<QuestionPage>(
        withQuery('/api/v1/desk/questions', {
          status: filters.status,
          teamId: filters.teamId,
          tag: filters.tag,
          mine: filters.mine ? 'true' : undefined,
          waitingFor: filters.waitingForMe ? 'me' : undefined,
          q: filters.q,
          limit: PAGE_SIZE,
          offset: pageParam,
        }),
        { signal },
      ),
    getNextPageParam: (page) => page.nextOffset ?? undefined,
  });
}

/** The knowledge base, ranked by relevance to `q` (newest first without). */
export function useKnowledgeBase(q: string | undefined, tag: string | undefined) {
  return useInfiniteQuery({
    queryKey: [DESK, 'knowledge-base', q ?? '', tag ?? ''],
    initialPageParam: 0,
    queryFn: ({ pageParam, signal }) =>
      api<KnowledgeBasePage>(
        withQuery('/api/v1/desk/knowledge-base', { q, tag, limit: PAGE_SIZE, offset: pageParam }),
        { signal },
      ),
    getNextPageParam: (page) => page.nextOffset ?? undefined,
  });
}

/** One question with its answers and follow-ups. */
export function useQuestion(id: string) {
  return useQuery({
    queryKey: [DESK, 'question', id],
    queryFn: ({ signal }) => api<QuestionDetail>(questionPath(id), { signal }),
  });
}

/** Asks a question; resolves with the new question. */
export function useAsk() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (question: NewQuestion) =>
      api<QuestionDetail>('/api/v1/desk/questions', { method: 'POST', body: question }),
    onSuccess: (question) => {
      client.setQueryData([DESK, 'question', question.id], question);
      void client.invalidateQueries({ queryKey: [DESK, 'questions'] });
    },
  });
}

/**
 * The changes to one question: answer, follow up, accept, close/reopen, private. Each
 * answers with the question, which replaces the cached one; the lists are then stale.
 */
export function useQuestionChange(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (
      change:
        | { kind: 'answer' | 'follow-up'; body: string }
        | { kind: 'accept'; answerId: string }
        | { kind: 'patch'; change: QuestionChange },
    ): Promise<QuestionDetail> => {
      switch (change.kind) {
        case 'answer':
        case 'follow-up': {
          const path = `${questionPath(id)}/${change.kind === 'answer' ? 'answers' : 'follow-ups'}`;
          const answer = await api<{ question: QuestionDetail }>(path, {
            method: 'POST',
            body: { body: change.body },
          });
          return answer.question;
        }
        case 'accept':
          return api<QuestionDetail>(
            `${questionPath(id)}/answers/${encodeURIComponent(change.answerId)}/accept`,
            { method: 'POST' },
          );
        case 'patch':
          return api<QuestionDetail>(questionPath(id), { method: 'PATCH', body: change.change });
      }
    },
    onSuccess: (question) => {
      client.setQueryData([DESK, 'question', id], question);
      void client.invalidateQueries({ queryKey: [DESK, 'questions'] });
      void client.invalidateQueries({ queryKey: [DESK, 'knowledge-base'] });
    },
  });
}

/** The escalation delay. */
export function useDeskSettings() {
  return useQuery({
    queryKey: [DESK, 'settings'],
    queryFn: ({ signal }) => api<DeskSettings>('/api/v1/desk/settings', { signal }),
  });
}

export function useSetDeskSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (escalateAfterHours: number) =>
      api<DeskSettings>('/api/v1/desk/settings', {
        method: 'PUT',
        body: { escalateAfterHours },
      }),
    onSuccess: (settings) => client.setQueryData([DESK, 'settings'], settings),
  });
}

/** Tags as typed: split on commas (and spaces), lower-cased, duplicates dropped. */
export function parseQuestionTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ''),
    ),
  ];
}
