import type { z } from 'zod';

/** One request/response call of the contract: `domain:verb`, zod input and output. */
export type CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  input: I;
  output: O;
  /** one line for docs and the CLI */
  summary: string;
};

export const call = <I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O): CallSpec<I, O> => ({
  summary,
  input,
  output,
});
