// The shared ask-first pattern: the first tap only arms its button, the second on the same
// button acts, a tap on another button arms that one instead and acts on neither.
import { describe, expect, it } from 'vitest';
import { confirmStep } from '../../../../renderer/components/confirm-tap';

describe('confirm by tapping twice', () => {
  it('arms on the first tap and acts on the second', () => {
    const first = confirmStep(null, 'exit-A1');
    expect(first).toEqual({ act: false, armed: 'exit-A1' });
    expect(confirmStep(first.armed, 'exit-A1')).toEqual({ act: true, armed: null });
  });

  it('never acts on two taps on different buttons', () => {
    const first = confirmStep(null, 'exit-A1');
    const second = confirmStep(first.armed, 'exit-A2');
    expect(second).toEqual({ act: false, armed: 'exit-A2' });
    expect(confirmStep(second.armed, 'exit-A1')).toEqual({ act: false, armed: 'exit-A1' });
  });
});
