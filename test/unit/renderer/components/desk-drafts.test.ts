// The guard's unsent courier and walk-in forms: each keeps its own fields until it is cleared.
import { describe, expect, it } from 'vitest';
import { clearDraft, draftOf, keepField } from '../../../../renderer/components/desk-drafts';

describe('the desk drafts', () => {
  it('keep each form’s fields apart until the form is cleared', () => {
    expect(draftOf('courier')).toEqual({});
    keepField('courier', 'courierName', '王');
    keepField('courier', 'courierName', '王强');
    keepField('courier', 'phone', '13800138000');
    keepField('walk-in', 'visitorName', '张伟');
    expect(draftOf('courier')).toEqual({ courierName: '王强', phone: '13800138000' });
    clearDraft('courier');
    expect(draftOf('courier')).toEqual({});
    expect(draftOf('walk-in')).toEqual({ visitorName: '张伟' });
  });
});
