// The name on a visitor's pass is masked: whoever sees the phone or the paper learns the family
// name at most.
import { describe, expect, it } from 'vitest';
import { maskedVisitorName } from '../../../../../renderer/screens/console/pass-card';

describe('maskedVisitorName', () => {
  it('keeps the first character and masks the rest, by character not by byte', () => {
    expect(maskedVisitorName('张伟')).toBe('张*');
    expect(maskedVisitorName('欧阳娜娜')).toBe('欧***');
    expect(maskedVisitorName(' Li Lei ')).toBe('L*****');
    expect(maskedVisitorName('𠮷野')).toBe('𠮷*');
  });

  it('leaves a one-character name as it is', () => {
    expect(maskedVisitorName('张')).toBe('张');
    expect(maskedVisitorName('')).toBe('');
  });
});
