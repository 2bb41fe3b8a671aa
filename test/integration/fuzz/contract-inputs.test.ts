// The contract's inputs tried systematically (issue 7, item 6): every operation of the table,
// called through dispatch() on a real kiosk with inputs generated from its own schema (mostly
// the right shape, hostile values anywhere), as an admin and as nobody. Each call ends in an
// output its schema accepts or a typed error in words — never `internal` (a handler's throw),
// a hang, or rows written by a call that was refused.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  accessOf,
  anonymousCaller,
  isOperationName,
  operations,
  type OperationName,
} from '../../../contract/api';
import { testAdmin } from '../../fixtures/callers';
import { fuzzParameters, fuzzTimeout, hostileValue } from '../../unit/fuzz/fuzz-settings';
import { inputFor, startFuzzKiosk, type FuzzKiosk } from './fuzz-kiosk';

// The soak's FUZZ_RUNS makes every property here longer; the time limit grows with it.
vi.setConfig({ testTimeout: fuzzTimeout(200, 20_000) });

/** Tables a refused call may still write, and why. */
const writtenOnRefusal: Partial<Record<OperationName, readonly string[]>> = {
  // A wrong sign-in is counted, so that guessing locks the account (accounts.ts).
  signIn: ['sign_in_failures', 'audit_log'],
};

const names = Object.keys(operations) as OperationName[];

let fuzz: FuzzKiosk;

beforeAll(async () => {
  fuzz = await startFuzzKiosk();
});

afterAll(async () => {
  await fuzz?.close();
});

/** A call and its input, for any operation of the table. */
const anyCall = fc
  .constantFrom(...names)
  .chain((name) => inputFor(operations[name].input).map((input) => ({ name, input })));

function unchangedExcept(
  before: Record<string, number>,
  after: Record<string, number>,
  allowed: readonly string[] = [],
): void {
  for (const [table, count] of Object.entries(before)) {
    if (!allowed.includes(table)) expect({ table, count: after[table] }).toEqual({ table, count });
  }
}

/**
 * A refused call wrote nothing but what `writtenOnRefusal` allows, except the audit log: an admin
 * (or health-register) action its handler refused is there as tried and failed (2 rows); input
 * refused on its schema or an unknown name never got that far (none).
 */
function refusedCleanly(
  name: unknown,
  before: Record<string, number>,
  after: Record<string, number>,
): void {
  const known = typeof name === 'string' && isOperationName(name);
  unchangedExcept(before, after, [...((known && writtenOnRefusal[name]) || []), 'audit_log']);
  const added = (after.audit_log ?? 0) - (before.audit_log ?? 0);
  const audited = known && ['admin', 'health'].includes(accessOf(name));
  if (known && name !== 'signIn') expect([0, audited ? 2 : 0]).toContain(added);
}

describe('the contract under generated inputs', () => {
  const runs = 250;
  it(
    'as an admin: an output on its schema or a typed refusal that wrote nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyCall, async ({ name, input }) => {
          const before = fuzz.rowCounts();
          const result = await fuzz.call(name, input, testAdmin);
          if (!result.ok) refusedCleanly(name, before, fuzz.rowCounts());
        }),
        fuzzParameters(runs),
      );
    },
    fuzzTimeout(runs, 20_000),
  );

  it(
    'as nobody: operations beyond the gate screen are refused before anything happens',
    async () => {
      const closed = names.filter((name) => accessOf(name) !== 'gate');
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...closed),
          fc.oneof(hostileValue, fc.constant({})),
          async (name, input) => {
            const before = fuzz.rowCounts();
            const result = await fuzz.call(name, input, anonymousCaller);
            expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
            unchangedExcept(before, fuzz.rowCounts());
          },
        ),
        fuzzParameters(200),
      );
    },
    fuzzTimeout(200, 20_000),
  );

  it('refuses a name that cannot even be turned into text (found by this fuzz)', async () => {
    const result = await fuzz.call(Object.create(null), {}, testAdmin);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
  });

  it('any name and any raw input: a typed answer, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...names, '__proto__', 'constructor', 'toString'), hostileValue),
        fc.oneof(fc.anything(), hostileValue),
        async (name, input) => {
          const before = fuzz.rowCounts();
          const result = await fuzz.call(name, input, testAdmin);
          if (!result.ok) refusedCleanly(name, before, fuzz.rowCounts());
        },
      ),
      fuzzParameters(300),
    );
  }, 20_000);
});
