/**
 * The part of `AbortSignal` the pure engine needs. The engine has no DOM or Node types, and a
 * real `AbortSignal` satisfies this structurally.
 */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** Progress of a long job: `done` of `total` units (total undefined when unknown). */
export interface Progress {
  readonly phase: string;
  readonly done: number;
  readonly total: number | undefined;
}

export type ProgressListener = (progress: Progress) => void;
