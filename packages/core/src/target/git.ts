// placeholder: replaced by the target work
export interface GitFacts {
  readonly commit: string | undefined;
}
