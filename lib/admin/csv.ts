/**
 * CSV cells per RFC 4180, plus a guard against formula injection: a text cell starting with =, +, -, @
 * (or a tab or carriage return, which some spreadsheets skip before reading a formula) gets a leading
 * apostrophe, so a patient named "=HYPERLINK(...)" stays text when the export is opened in a spreadsheet.
 * Numbers are written as they are (a negative number is not a formula). Pure.
 */
export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
