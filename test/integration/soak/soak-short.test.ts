// The soak (`npm run soak`) for 30 seconds, as CI can afford: the kiosk in server mode under a
// check every 500 ms, the thermometer unplugged and plugged back in once, the district failing
// (500) for ten seconds and coming back. Every check is accounted for in the database and at the
// district and memory stays bounded; the slope needs the long run.
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../soak/soak-run';
import { defaultOptions } from '../../soak/soak-plan';

describe('the soak, short', () => {
  it('accounts for every check through an unplug and a district failure', async () => {
    const report = await runSoak({ ...defaultOptions(0.5), log: null });
    const { checks, accounting } = report;

    expect(checks.failed).toBe(0);
    expect(checks.decided).toBe(checks.started);
    expect(checks.decided).toBeGreaterThan(30);
    // Both ways of measuring and the fever path were taken.
    expect(checks.fevers).toBeGreaterThan(0);
    expect(checks.manual).toBeGreaterThan(0);
    expect(checks.manual).toBeLessThan(checks.started);

    expect(report.unplugs).toHaveLength(1);
    expect(report.unplugs[0]?.detectedAfterMs).not.toBeNull();
    expect(report.unplugs[0]?.reconnectedAfterMs).not.toBeNull();
    expect(report.districtPhases.map((phase) => phase.kind)).toEqual(['status-500']);
    expect(report.districtPhases[0]?.pendingAtEnd).toBeGreaterThan(0);

    expect(accounting).toMatchObject({ lostChecks: 0, lostEntries: 0, outboxPending: 0 });
    expect(accounting.finalEntriesInDb).toBe(checks.decided);
    expect(accounting.entriesInDb).toBe(accounting.entriesSeen);
    expect(accounting.entriesInDb).toBe(checks.decided + checks.fevers);
    expect(accounting.districtRecords).toBe(accounting.entriesTotal);
    expect(accounting.quickCheck).toBe('ok');
    expect(report.drain.drained).toBe(true);

    // Generous: the kiosk starts near 130 MB; a leak of a check's worth per check would not
    // show in 30 s, but a runaway buffer would.
    expect(report.memory.maxMB).toBeLessThan(400);
    expect(report.verdict).toEqual({ ok: true, problems: [] });
  }, 180_000);
});
