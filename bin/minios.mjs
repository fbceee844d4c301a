#!/usr/bin/env node
// Launcher: lets Node load the TypeScript CLI directly (through tsx).
import { register } from 'tsx/esm/api';

register();
await import('../machine/node/cli/main.ts');
