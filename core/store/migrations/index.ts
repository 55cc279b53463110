import type { Migration } from '../migration';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-cache';

/** In order. Append new migrations; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002];
