#!/usr/bin/env node
// The `smart-odoo` command. The CLI is TypeScript run through tsx, so a clone needs no build step for it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../core/cli/main.ts');
const code = await main(process.argv.slice(2));
// let stdout drain before exiting (piped --json output)
process.exitCode = code;
