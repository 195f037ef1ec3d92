import { DockerfileParser } from 'dockerfile-ast';

/** One instruction of a Dockerfile, with 1-based positions. */
export interface DockerInstruction {
  /** Upper-case keyword: `FROM`, `RUN`, `USER`… */
  readonly keyword: string;
  /** The arguments as written, continuation lines joined. */
  readonly args: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Each argument word with its own position. */
  readonly words: readonly {
    readonly value: string;
    readonly line: number;
    readonly column: number;
  }[];
}

/** A `FROM`: the image reference and the stage it starts. */
export interface DockerFrom {
  readonly instruction: DockerInstruction;
  /** The whole reference as written: `[registry/]name[:tag][@digest]`. */
  readonly reference: string | undefined;
  readonly image: string | undefined;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** The `AS name` of the stage, if any. */
  readonly stage: string | undefined;
}

/** A parsed Dockerfile: its instructions in order and its `FROM`s (one per stage). */
export interface DockerfileDoc {
  readonly text: string;
  readonly instructions: readonly DockerInstruction[];
  readonly froms: readonly DockerFrom[];
}

/** Parses a Dockerfile with dockerfile-ast (lenient: a Dockerfile has no syntax errors as such). */
export function parseDockerfile(text: string): DockerfileDoc {
  const parsed = DockerfileParser.parse(text);
  const toInstruction = (
    i: ReturnType<typeof parsed.getInstructions>[number],
  ): DockerInstruction => {
    const r = i.getRange();
    return {
      keyword: i.getKeyword().toUpperCase(),
      args: i.getArgumentsContent() ?? '',
      line: r.start.line + 1,
      column: r.start.character + 1,
      endLine: r.end.line + 1,
      endColumn: r.end.character + 1,
      words: i.getArguments().map((a) => ({
        value: a.getValue(),
        line: a.getRange().start.line + 1,
        column: a.getRange().start.character + 1,
      })),
    };
  };
  const instructions = parsed.getInstructions().map(toInstruction);
  const froms = parsed.getFROMs().map((f) => ({
    instruction: toInstruction(f),
    reference: f.getImage() ?? undefined,
    image: f.getImageName() ?? undefined,
    tag: f.getImageTag() ?? undefined,
    digest: f.getImageDigest() ?? undefined,
    stage: f.getBuildStage() ?? undefined,
  }));
  return { text, instructions, froms };
}
