/**
 * A 2025-26 plan table as the provisional template year lays it out: the
 * columns it asks for and home-care lines funded by the year's new streams.
 * Tests of the 2025-26 year (rules, import, returns, the screens) build
 * their plans from these, so a change to the year's columns lands once.
 */
export const PLAN_2025_HEAD = [
  'Scheme ID',
  'Scheme Name',
  'Brief Description of Scheme',
  'Scheme Type',
  'Sub Types',
  'Area of Spend',
  'Commissioner',
  'Provider',
  'Source of Funding',
  'Expenditure for 2025-26 (£)',
  'New/Existing',
];

/** The year's five streams, and another name of one (Better Care Grant for Better Care Fund Grant) third. */
export const STREAMS_2025 = [
  'NHS Minimum Contribution',
  'Local Authority Better Care Grant',
  'Local Authority Better Care Fund Grant',
  'DFG',
  'Additional LA Contribution',
  'Additional NHS Contribution',
];

/** One home-care line funded by `source`. */
export const plan2025Row = (
  id: string,
  source: string,
  { amount = '£1,000', areaOfSpend = 'Social Care', name = `Scheme ${id}` } = {},
) => [
  id,
  name,
  'Support at home',
  'Home Care or Domiciliary Care',
  'Domiciliary care packages',
  areaOfSpend,
  'Local Authority',
  'Local Authority',
  source,
  amount,
  'Existing',
];
