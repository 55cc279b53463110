import type { Migration } from '../migration';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-cache';
import { migration0003 } from './0003-reconcile';
import { migration0004 } from './0004-documents';
import { migration0005 } from './0005-dashboard-indexes';

/** In order. Append new migrations; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005];
