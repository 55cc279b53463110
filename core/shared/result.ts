import type { AppErrorShape } from './errors';

/** The only shape that crosses a process or network boundary: exceptions never do. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppErrorShape): Result<never> => ({ ok: false, error });
