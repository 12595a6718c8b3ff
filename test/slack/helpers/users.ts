// The people the Slack suites have take part in their workshops.
import type { User } from './harness.js';

/** The facilitator. */
export const FAC: User = { id: 'U0FAC', name: 'fatou' };
export const ANA: User = { id: 'U0ANA', name: 'ana' };
export const BOB: User = { id: 'U0BOB', name: 'bob' };
export const HEAD_SALES: User = { id: 'U0HEADSALES', name: 'sam' };
export const HEAD_STORES: User = { id: 'U0HEADSTORES', name: 'sue' };
export const HEAD_DIGITAL: User = { id: 'U0HEADDIGITAL', name: 'dan' };
