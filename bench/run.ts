import { coldLoad } from './cold-load.ts'
import { capacity, compareEdits, compareServers } from './compare.ts'
import { documentsBench } from './documents.ts'
import { durabilityCompare } from './durability-compare.ts'
import { durableEdits } from './durable-edits.ts'
import { firstMinute } from './first-minute.ts'
import { roomList } from './room-list.ts'
import { webhooksBench } from './webhooks.ts'
import { writeGuardCost } from './write-guard-cost.ts'

/** `npm run bench [name…]`: runs the named benchmarks (all by default) and updates BENCHMARKS.md. */
const BENCHES: Record<string, () => Promise<void>> = {
  'durable-edits': durableEdits,
  'first-minute': firstMinute,
  compare: () => compareServers(),
  edits: compareEdits,
  'guard-cost': writeGuardCost,
  capacity,
  'cold-load': coldLoad,
  'durability-compare': durabilityCompare,
  'room-list': roomList,
  documents: documentsBench,
  webhooks: webhooksBench,
}

const wanted = process.argv.slice(2)
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  const bench = BENCHES[name]
  if (!bench) {
    console.error(`Unknown benchmark "${name}". Benchmarks: ${Object.keys(BENCHES).join(', ')}`)
    process.exit(2)
  }
  console.log(`== ${name}`)
  await bench()
}
process.exit(0)
