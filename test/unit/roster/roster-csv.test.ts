import { describe, expect, it } from 'vitest';
import { decodeRosterFile, parseRosterCsv } from '../../../backend/roster/roster-csv';

const today = new Date('2026-11-23T00:00:00.000Z');
const parse = (text: string) => parseRosterCsv(text, { today });

function errorsOf(text: string) {
  const result = parse(text);
  if (result.ok) {
    throw new Error('expected the file to be refused');
  }
  return result.errors;
}

describe('parseRosterCsv', () => {
  it('reads Chinese headers and kinds', () => {
    const text = [
      '卡号,姓名,类别,班级,身份证号',
      'S2026001,王小明,学生,三年级2班,11010519491231002x',
      'T0001,孙丽华,教职工,,',
    ].join('\n');
    expect(parse(text)).toEqual({
      ok: true,
      people: [
        {
          card: 'S2026001',
          name: '王小明',
          kind: 'student',
          className: '三年级2班',
          idNumber: '11010519491231002X',
        },
        { card: 'T0001', name: '孙丽华', kind: 'staff', className: '', idNumber: null },
      ],
    });
  });

  it('reads English headers in any order and case, with extra columns ignored', () => {
    const text = ' Name ,CARD,note,kind,idNumber,class\nLi Lei, S1 ,x,Staff,,Grade 3\n';
    expect(parse(text)).toEqual({
      ok: true,
      people: [{ card: 'S1', name: 'Li Lei', kind: 'staff', className: 'Grade 3', idNumber: null }],
    });
  });

  it('strips a UTF-8 BOM and accepts CRLF and blank lines', () => {
    const text = '\uFEFF卡号,姓名,类别\r\nS1,王小明,学生\r\n\r\n,,\r\nS2,李思雨,学生\r\n';
    const result = parse(text);
    expect(result.ok && result.people.map((person) => person.card)).toEqual(['S1', 'S2']);
  });

  it('allows the class and ID number columns to be absent', () => {
    expect(parse('card,name,kind\nS1,A,student').ok).toBe(true);
  });

  it('refuses a missing required column at the header line', () => {
    expect(errorsOf('卡号,班级\nS1,一年级1班')).toEqual([
      expect.objectContaining({ line: 1, code: 'missing-column' }),
      expect.objectContaining({ line: 1, code: 'missing-column' }),
    ]);
    expect(errorsOf('卡号,班级\nS1,一年级1班')[0]?.message).toContain('姓名');
  });

  it('refuses an empty file and a file without people', () => {
    expect(errorsOf('')).toEqual([expect.objectContaining({ line: 1, code: 'empty-file' })]);
    expect(errorsOf('card,name,kind\n')).toEqual([
      expect.objectContaining({ line: 1, code: 'no-people' }),
    ]);
  });

  it('refuses a row without a name, naming its line', () => {
    expect(errorsOf('card,name,kind\nS1,A,student\nS2,  ,student')).toEqual([
      {
        line: 3,
        code: 'missing-name',
        message: expect.stringContaining('name'),
        params: {},
      },
    ]);
  });

  it('refuses a duplicate card on its second line and names the first', () => {
    const errors = errorsOf('card,name,kind\nS1,A,student\nS2,B,student\n S1 ,C,staff');
    expect(errors).toEqual([expect.objectContaining({ line: 4, code: 'duplicate-card' })]);
    expect(errors[0]?.message).toContain('line 2');
  });

  it('refuses a bad ID number without echoing it in full', () => {
    const errors = errorsOf('card,name,kind,idNumber\nS1,A,student,110105194912310021');
    expect(errors).toEqual([expect.objectContaining({ line: 2, code: 'bad-id-number' })]);
    expect(errors[0]?.message).toContain('110***********0021');
    expect(errors[0]?.message).not.toContain('110105194912310021');
    expect(errors[0]?.params).toEqual({
      problem: 'wrong-check-character',
      value: '110***********0021',
    });
  });

  it('explains an ID number Excel turned into a number', () => {
    const errors = errorsOf('card,name,kind,idNumber\nS1,A,student,1.10105E+17');
    expect(errors[0]?.message).toContain('Text');
  });

  it('refuses an unknown kind', () => {
    expect(errorsOf('card,name,kind\nS1,A,visitor')).toEqual([
      expect.objectContaining({ line: 2, code: 'unknown-kind' }),
    ]);
  });

  it('lists every bad row with its physical line number', () => {
    const text = [
      '卡号,姓名,类别,班级,身份证号',
      'S1,王小明,学生,,',
      ',无卡,学生,,',
      '',
      'S3,,老师,,',
      'S4,"张',
      '三",学生,,110105194912310021',
      'S1,重复,学生,,',
    ].join('\r\n');
    expect(errorsOf(text).map((error) => [error.line, error.code])).toEqual([
      [3, 'missing-card'],
      [5, 'missing-name'],
      [5, 'unknown-kind'],
      [6, 'bad-id-number'],
      [8, 'duplicate-card'],
    ]);
  });

  it('refuses broken CSV quoting as a whole', () => {
    expect(errorsOf('card,name,kind\nS1,"A,student\n')).toEqual([
      expect.objectContaining({ code: 'csv-syntax' }),
    ]);
  });
});

describe('decodeRosterFile', () => {
  it('reads UTF-8 with and without BOM', () => {
    expect(decodeRosterFile(new TextEncoder().encode('卡号'))).toBe('卡号');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('卡号')]);
    expect(parseRosterCsv(decodeRosterFile(withBom)).ok).toBe(false);
  });

  it('reads GBK, which Excel writes on a Chinese Windows', () => {
    // 学生 in GBK.
    expect(decodeRosterFile(new Uint8Array([0xd1, 0xa7, 0xc9, 0xfa]))).toBe('学生');
  });
});
