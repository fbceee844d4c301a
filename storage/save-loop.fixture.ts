/*
 * Child process for the kill-mid-save test: saves sessions into the database
 * given as argv[2] in a loop (new ones, overwrites and deletes), printing
 * "saved NAME SHA256" only after each save has committed.
 */
import { createHash } from 'node:crypto';
import { Store } from './store.ts';
import { FakeMachineState, fakePng, testConfig } from './test-helpers.ts';

const store = Store.open(process.argv[2]);
const prefix = process.argv[3] ?? 'r';
const m = new FakeMachineState(200);
// Bounded in count and time, so it stops by itself even if nobody kills it.
const deadline = Date.now() + 30_000;
for (let i = 0; i < 5000 && Date.now() < deadline; i++) {
  m.step(3, i % 5 === 0 ? 1 : 0);
  const state = m.bytes();
  const name = `${prefix}-${i}`;
  await store.sessions.save({ name, config: testConfig(), stateFormat: 1, state, thumbnail: fakePng(i) });
  process.stdout.write(`saved ${name} ${createHash('sha256').update(state).digest('hex')}\n`);
}
