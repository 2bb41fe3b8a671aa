// What the memory soak runs against: the soak's rigs (soak-rigs.ts) but with the kiosk from
// memory-kiosk.ts (heap probe, GC on demand).
import { startGateRigs, importSoakRoster, type GateRigs, type GateRigsInput } from './soak-rigs';
import { buildMallocStats, spawnProbedKiosk, type ProbedKiosk } from './memory-kiosk';

export type MemoryRigs = GateRigs<ProbedKiosk>;

export async function startMemoryRigs(
  input: GateRigsInput & { log: (line: string) => void },
): Promise<MemoryRigs> {
  await importSoakRoster(input.scratch, input.dataDir, input.rosterSize);
  return startGateRigs({
    ...input,
    gate: { id: 'memory-soak', name: '内存压力测试门' },
    spawn: (configFile) =>
      spawnProbedKiosk(input.dataDir, configFile, buildMallocStats(input.scratch, input.log)),
  });
}
