import type { Contract } from '../../shared/api';
import type { HandlersFor } from './handler-types';
import { appHandlers } from './handlers/app';
import { consolidationHandlers } from './handlers/consolidation';
import { dataHandlers } from './handlers/data';
import { planHandlers } from './handlers/plans';
import { poolHandlers } from './handlers/pools';
import { returnHandlers } from './handlers/returns';
import { reviewHandlers } from './handlers/review';
import { templateHandlers } from './handlers/templates';
import { workbookHandlers } from './handlers/workbooks';

/** Every API method bound to its service, one file per capability. Hosts never call services any other way. */
export const handlers: HandlersFor<Contract> = {
  ...appHandlers,
  ...planHandlers,
  ...poolHandlers,
  ...dataHandlers,
  ...returnHandlers,
  ...workbookHandlers,
  ...templateHandlers,
  ...reviewHandlers,
  ...consolidationHandlers,
};
