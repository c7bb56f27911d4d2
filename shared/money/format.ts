import { assertPence, type Pence } from './pence';

export interface FormatOptions {
  /** 'always' shows pence (£1,234.00); 'auto' hides ".00" as council papers print whole pounds. */
  pence?: 'always' | 'auto';
}

/** en-GB money as finance staff write it: £1,234.56 and -£14,270.00. */
export function formatPence(value: Pence, options: FormatOptions = {}): string {
  assertPence(value);
  const abs = Math.abs(value);
  const pounds = Math.floor(abs / 100);
  const rest = abs % 100;
  const grouped = String(pounds).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const tail = options.pence === 'auto' && rest === 0 ? '' : `.${String(rest).padStart(2, '0')}`;
  return `${value < 0 ? '-' : ''}£${grouped}${tail}`;
}

/** Pence as a plain decimal string for inputs and CSV ("-14270.00"): parseMoney reads it back. */
export function penceToPlain(value: Pence): string {
  assertPence(value);
  const abs = Math.abs(value);
  return `${value < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
