// The export's words for the questions, the health code and a blocking status: an admin must
// tell a verified code from the guard's unverified word, and see who set a status.
import { describe, expect, it } from 'vitest';
import {
  answersWords,
  healthCodeCell,
  personStatusCell,
  type GateFlowColumns,
} from '../../../backend/export/gate-flow-cells';

const none: GateFlowColumns = {
  answers: null,
  healthCode: null,
  healthCodeMethod: null,
  healthCodeBy: null,
  personStatus: null,
  personStatusReason: null,
  personStatusSetBy: null,
};

describe('gate-flow export cells', () => {
  it('lists each answer by question id', () => {
    expect(answersWords('{"symptoms":"no","travel":"yes"}')).toBe('symptoms 否；travel 是');
    expect(answersWords(null)).toBe('');
    expect(answersWords('broken')).toBe('broken');
  });

  it('tells an online result from a guard-confirmed, unverified one', () => {
    expect(healthCodeCell({ ...none, healthCode: 'green', healthCodeMethod: 'online' })).toBe(
      '绿码（在线核验）',
    );
    expect(
      healthCodeCell({
        ...none,
        healthCode: 'yellow',
        healthCodeMethod: 'guard',
        healthCodeBy: '王保安',
      }),
    ).toBe('黄码（保安确认，未核验：王保安）');
    expect(healthCodeCell(none)).toBe('');
  });

  it('names the status, why, and who set it', () => {
    expect(
      personStatusCell({
        ...none,
        personStatus: 'isolating',
        personStatusReason: '密接者',
        personStatusSetBy: '李老师',
      }),
    ).toBe('居家隔离：密接者（设置人 李老师）');
  });
});
