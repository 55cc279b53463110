import { z } from 'zod';
import { call } from './define';

export const JobState = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

export const Job = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  state: JobState,
  cancellable: z.boolean(),
  done: z.number(),
  total: z.number().nullable(),
  message: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** seconds left, estimated from the rate so far; null when unknown */
  etaSeconds: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type Job = z.infer<typeof Job>;

/** Pushed on every progress step and state change of any long task. */
export const JobProgress = Job;
export type JobProgress = Job;

export const jobsCalls = {
  'jobs:list': call(
    'Running jobs and recent run history, newest first.',
    z.object({ limit: z.number().int().min(1).max(500).default(50), activeOnly: z.boolean().default(false) }).strict(),
    z.array(Job),
  ),
  'jobs:cancel': call(
    'Ask a running job to stop; it stops at its next safe point.',
    z.object({ jobId: z.string().min(1) }).strict(),
    z.object({ jobId: z.string(), state: JobState }),
  ),
  'jobs:start-store-check': call(
    'Check the local database (integrity, foreign keys, optimise) as a cancellable job.',
    z.object({}).strict(),
    z.object({ jobId: z.string() }),
  ),
} as const;
