import { ApiError } from '../../shared/api/errors';
import { parseDate, type IsoDate } from '../../shared/dates/iso-date';
import type { Approver } from '../../shared/signoff/approval';

/** Command-line options the sign-off commands of returns and plans share. */

export function dateOption(raw: string, option: string): IsoDate {
  const parsed = parseDate(raw);
  if (!parsed.ok) throw new ApiError('invalid_request', `${option}: ${parsed.message}`, option);
  return parsed.date;
}

/** "NAME | ROLE | DATE" (the date may be left to `fallbackDate`, from --on). */
export function approverOption(raw: string, fallbackDate: IsoDate | undefined, option = '--approver'): Approver {
  const parts = raw.split('|').map((p) => p.trim());
  const [name, role, date] = parts;
  if (!name || !role || parts.length > 3)
    throw new ApiError(
      'invalid_request',
      `${option} ${JSON.stringify(raw)} should be "NAME | ROLE | DATE", e.g. "Jane Smith | Director of Adult Social Care | 2024-08-29"`,
      option.replace(/^--/, ''),
    );
  const on = date ? dateOption(date, option) : fallbackDate;
  if (!on)
    throw new ApiError(
      'invalid_request',
      `${option} ${JSON.stringify(raw)} has no date: add "| 2024-08-29" or give --on`,
      option.replace(/^--/, ''),
    );
  return { name, role, approvedOn: on };
}
