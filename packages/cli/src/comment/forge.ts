/** A comment of ours on the pull request's conversation (GitHub issue comment, GitLab note). */
export interface ConversationComment {
  readonly id: string;
  readonly body: string;
}

/** A review comment (thread) of ours on a line, about one finding. */
export interface ReviewThread {
  readonly id: string;
  readonly fingerprint: string;
  /** GitLab threads are resolved rather than deleted; GitHub comments are never resolved. */
  readonly resolved: boolean;
}

/** A file the pull request changes, with the new-side lines it adds. */
export interface ChangedFile {
  readonly path: string;
  /** Its path before a rename (GitLab positions need it). */
  readonly oldPath: string;
  readonly added: ReadonlySet<number>;
}

/** What the pull request's diff allows: its files, or why no review comment can be placed. */
export type ReviewableDiff =
  | { readonly ok: true; readonly files: readonly ChangedFile[] }
  | { readonly ok: false; readonly reason: string };

/**
 * The few operations `rampart comment` needs of a forge (GitHub, GitLab). Listings return
 * only comments this token's user wrote, so nobody else's comment is ever edited, deleted
 * or resolved, whatever it says.
 */
export interface Forge {
  /** "PR #12 in acme/shop", "MR !12 in acme/shop", for messages. */
  readonly label: string;
  /** The longest comment body the forge accepts. */
  readonly maxBodyLength: number;
  /** What becomes of a review comment once its finding is fixed, said in the comment. */
  readonly onFix: string;
  /** Our comments on the conversation whose first line is the sticky marker, oldest first. */
  listStickyComments(): Promise<ConversationComment[]>;
  createComment(body: string): Promise<ConversationComment>;
  updateComment(id: string, body: string): Promise<void>;
  deleteComment(id: string): Promise<void>;
  /** Our review comments whose first line is a finding marker. */
  listReviewThreads(): Promise<ReviewThread[]>;
  /** The changed files, checked to belong to the commit the report was made of. */
  reviewableDiff(): Promise<ReviewableDiff>;
  /** Posts a review comment on a new-side line; false when the forge refuses the line (422). */
  postReviewComment(file: ChangedFile, line: number, body: string): Promise<boolean>;
  /** Deletes (GitHub) or resolves (GitLab) the thread of a fixed finding. */
  closeReviewThread(thread: ReviewThread): Promise<void>;
}
