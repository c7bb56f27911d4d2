import { formatPence } from '../../shared/money';
import type { Basis } from '../../shared/pools/model';

/** An amount, or a dash where there is none. */
export const m = (p: number | null) => (p === null ? '—' : formatPence(p));
export const basisWord = (b: Basis) => (b === 'outturn' ? 'Outturn' : 'Forecast');
