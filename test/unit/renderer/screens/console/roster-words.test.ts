// A refused roster file says why in the admin's language: the reader's own English (a zip
// library's or the CSV parser's message) never reaches the screen, only the reason in words.
import { describe, expect, it } from 'vitest';
import { parseRosterCsv } from '../../../../../backend/roster/roster-csv';
import { parseRosterXlsx } from '../../../../../backend/roster/roster-xlsx';
import { problemText } from '../../../../../renderer/screens/console/roster-words';
import { translator } from '../../translator';

const zh = translator('zh-CN');
const en = translator('en');

async function firstProblem(bytes: Uint8Array, csv = false) {
  const result = csv
    ? parseRosterCsv(new TextDecoder().decode(bytes))
    : await parseRosterXlsx(bytes);
  if (result.ok) throw new Error('expected the file to be refused');
  const [error] = result.errors;
  if (error === undefined) throw new Error('expected a problem');
  return { line: error.line, code: error.code, params: error.params };
}

describe('roster refusals in words', () => {
  it.each([
    [
      'a text file named .xlsx',
      new TextEncoder().encode('卡号,姓名\n'),
      '文件内容不是 Excel 工作簿的格式',
    ],
    ['an old .xls', Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0), '旧版 .xls'],
    ['an empty file', new Uint8Array(0), '文件是空的'],
    ['a damaged zip', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 1, 2, 3), '工作簿里的内容读不出来'],
  ])('%s', async (_name, bytes, words) => {
    const problem = await firstProblem(bytes);
    expect(problem.code).toBe('not-a-workbook');
    const text = problemText(zh, problem, 'row');
    expect(text).toContain(words);
    expect(text).not.toMatch(/zip|archive|as every|end of central|[A-Za-z]{6,}/i);
    expect(problemText(en, problem, 'row')).not.toContain('zip archive');
  });

  it('says a CSV quote that is never closed without the parser’s words', async () => {
    const problem = await firstProblem(
      new TextEncoder().encode('卡号,姓名,类别\nE1,"张三,学生\n'),
      true,
    );
    expect(problem.code).toBe('csv-syntax');
    const text = problemText(zh, problem, 'line');
    expect(text).toContain('有引号没有配对');
    expect(text).not.toMatch(/Quote Not Closed|parsing/i);
  });
});
