import type { Migration } from '../migration';
import { migration0001 } from './0001-initial';

/** In order. Append new migrations; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001];
