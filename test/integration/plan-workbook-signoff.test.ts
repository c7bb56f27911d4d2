import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { approvePlan, reopenPlan } from '../../electron/services/plans/signoff';
import { exportPlanWorkbook, setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { beforeApproval } from '../../shared/signoff/approval';
import { tempContext, type TestContext } from '../helpers/db';
import { openpyxl } from '../helpers/readers';
import { seedPlan } from '../helpers/returns';
import { saveBytes } from '../helpers/workbooks';

/**
 * The plan's cover in its workbook, read back by an independent reader
 * (openpyxl): who signed it off and when come from the recorded approvals
 * when nobody typed them, and a typed value wins.
 */

/** Each cover label's value (the label without its colon): the first filled cell to its right (a date as yyyy-mm-dd). */
const READ_COVER = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
  for row in ws.iter_rows():
    for i, c in enumerate(row):
      if isinstance(c.value, str) and c.value.strip().rstrip(':') in sys.argv[2:]:
        for d in row[i + 1:]:
          v = d.value
          if v is None or v == '': continue
          out[c.value.strip().rstrip(':')] = v.date().isoformat() if isinstance(v, datetime.datetime) else str(v)
          break
print(json.dumps(out))
`;
const WHO = 'Who signed off the report on behalf of the Health and Wellbeing Board';
const WHEN = 'Date signed off';

let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext();
  // The 2023-25 plan, whose cover asks who signed it off and when.
  seedPlan(ctx);
});
afterEach(() => ctx.close());

async function coverOfWorkbook(): Promise<Record<string, string>> {
  const out = await exportPlanWorkbook(ctx, { year: '2023-24' });
  const file = saveBytes(out.bytes, out.fileName);
  return openpyxl<Record<string, string>>(READ_COVER, file, WHO, WHEN);
}

/** A partner's approval, as an approver who has read the checks: accepting the warnings they find. */
function approve(partner: string, partnerKind: 'council' | 'icb', name: string, approvedOn: string) {
  const { warnings } = beforeApproval(getPlanView(ctx, '2023-24').validation.findings);
  approvePlan(
    ctx,
    '2023-24',
    { partner, partnerKind, name, role: 'Chief Executive', authority: 'chief-executive', approvedOn },
    warnings.length,
  );
}

describe("the plan workbook's cover and the recorded sign-off", () => {
  it('says who signed the plan off and when from the approvals, once the council and an ICB have approved', async () => {
    expect(await coverOfWorkbook()).toEqual({});
    approve('Bath and North East Somerset Council', 'council', 'Will Godfrey', '2025-03-20');
    // One partner is not the sign-off: the cover waits for the council and an ICB.
    expect(await coverOfWorkbook()).toEqual({});
    approve('BSW ICB', 'icb', 'Sue Harriman', '2025-03-24');
    expect(await coverOfWorkbook()).toEqual({
      [WHO]:
        'Will Godfrey (Chief Executive, Bath and North East Somerset Council); Sue Harriman (Chief Executive, BSW ICB)',
      [WHEN]: '2025-03-24',
    });
    // The plan's own checks agree: nothing is missing from the cover now.
    expect(getPlanView(ctx, '2023-24').validation.findings.filter((f) => f.rule === 'plan.cover-complete')).toEqual([]);
    // Reopened, the approvals go, and with them what they put on the cover.
    reopenPlan(ctx, '2023-24', 'The ICB asked for a revised allocation');
    expect(await coverOfWorkbook()).toEqual({});
  });

  it('keeps what the BCF manager typed on the cover over the approvals', async () => {
    setPlanCover(ctx, '2023-24', { signedOffBy: 'Cllr A. Chair, Health and Wellbeing Board' });
    approve('Bath and North East Somerset Council', 'council', 'Will Godfrey', '2025-03-20');
    approve('BSW ICB', 'icb', 'Sue Harriman', '2025-03-24');
    // The name typed wins; the date nobody typed comes from the approvals.
    expect(await coverOfWorkbook()).toEqual({
      [WHO]: 'Cllr A. Chair, Health and Wellbeing Board',
      [WHEN]: '2025-03-24',
    });
  });
});
