// The roster template the admin downloads and fills in: the Chinese headers the import reads,
// every column formatted as Text before anything is typed (so Excel never turns an ID number
// into 1.10105E+17 or drops a card's leading zeros), one example row that imports cleanly, and
// a 说明 sheet saying what goes in each column. Built in memory; the caller decides where.
import ExcelJS from 'exceljs';
import type { DataValidation, Workbook, Worksheet } from 'exceljs';

/** The header row, in the column order of the template. */
export const rosterTemplateHeaders = ['卡号', '姓名', '类别', '班级', '身份证号'] as const;

/** The example row; the ID number is the GB 11643 sample, valid and belonging to nobody. */
export const rosterTemplateExample = [
  '20260001',
  '张小明',
  '学生',
  '一年级1班',
  '11010519491231002X',
] as const;

export const rosterSheetName = '名单';
export const instructionsSheetName = '说明';

const columnWidths = [14, 12, 10, 14, 22];
/** Rows the kind drop-down covers: more than any school's roster. */
const lastValidatedRow = 5000;

const columnNotes: readonly (readonly [string, string, string])[] = [
  [
    '卡号',
    '必填',
    '校园卡上的卡号，与卡上印的完全一致，开头的 0 也要保留。每人一个卡号，不能重复。',
  ],
  ['姓名', '必填', '真实姓名。'],
  ['类别', '必填', '填“学生”或“教职工”（也可以写 student 或 staff）。'],
  ['班级', '选填', '学生的班级，如“三年级2班”；教职工可以留空。'],
  [
    '身份证号',
    '选填',
    '18 位居民身份证号（最后一位可以是 X），或港澳居民来往内地通行证号（H 或 M 加 8 位数字）。' +
      '导入时会检查最后一位校验码，填错的行会被列出。',
  ],
];

const generalNotes: readonly string[] = [
  '1. 名单填在第一个工作表“名单”里，每行一个人；第一行是标题，请不要修改或删除。本“说明”页不会导入。',
  '2. 所有列已设置为“文本”格式，请不要改成“常规”或“数值”：Excel 只保留数字的前 15 位，' +
    '身份证号的最后几位会被改掉，卡号开头的 0 也会丢失。',
  '3. 第二行是示例（张小明），导入前请删除，否则他也会被导入。',
  '4. 按卡号匹配：新的卡号会新增，已有的卡号会更新姓名、类别、班级和身份证号；' +
    '系统里有、本文件里没有的人会保留，不会被删除。',
  '5. 只要有一行有错，整个文件都不会导入，并会列出每一个出错的行号；改正后请重新导入整个文件。',
  '6. 导入前可以先预览：会列出将新增的人、将修改的人和文件里没有的人，预览不会写入任何数据。',
  '7. 可以保存为 Excel 工作簿（.xlsx），也可以另存为“CSV UTF-8（逗号分隔）”。',
];

/** The template workbook's bytes, ready to save as roster-template.xlsx or to download. */
export async function rosterTemplateXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Campus Gate Kiosk';
  addRosterSheet(workbook);
  addInstructionsSheet(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function addRosterSheet(workbook: Workbook): void {
  const sheet = workbook.addWorksheet(rosterSheetName, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  columnWidths.forEach((width, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = width;
    // The column's own format is what Excel gives to cells typed into it later.
    column.numFmt = '@';
  });
  const header = sheet.addRow([...rosterTemplateHeaders]);
  header.font = { bold: true };
  const example = sheet.addRow([...rosterTemplateExample]);
  example.eachCell((cell) => {
    cell.numFmt = '@';
  });
  dataValidationsOf(sheet).add(`C2:C${lastValidatedRow}`, {
    type: 'list',
    allowBlank: true,
    formulae: ['"学生,教职工"'],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '类别',
    error: '请填“学生”或“教职工”。',
  });
}

/**
 * exceljs 4 writes a validation for a whole range as one rule, but its type declarations leave
 * the property out; setting it cell by cell would instead create thousands of empty cells.
 */
function dataValidationsOf(sheet: Worksheet): {
  add(range: string, validation: DataValidation): void;
} {
  return (sheet as unknown as { dataValidations: ReturnType<typeof dataValidationsOf> })
    .dataValidations;
}

function addInstructionsSheet(workbook: Workbook): void {
  const sheet = workbook.addWorksheet(instructionsSheetName);
  sheet.getColumn(1).width = 12;
  sheet.getColumn(2).width = 10;
  sheet.getColumn(3).width = 80;
  sheet.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  sheet.addRow(['列名', '是否必填', '说明']).font = { bold: true };
  for (const note of columnNotes) {
    sheet.addRow([...note]);
  }
  sheet.addRow([]);
  sheet.addRow(['注意事项']).font = { bold: true };
  for (const note of generalNotes) {
    const row = sheet.addRow([note]);
    // One long sentence per row, across the three columns so it wraps at a readable width.
    sheet.mergeCells(row.number, 1, row.number, 3);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.height = 33;
  }
}
