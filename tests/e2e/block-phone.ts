/**
 * One phone for the tests of a describe block: launched before them (then `ready`, for a block
 * that starts from a campaign), closed after them. Call it inside `describe`; what it returns
 * reads the launched phone, so `const { page } = phone` inside a test works as with `launchPhone`.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { launchPhone, type Phone } from './browser';

export function phoneForBlock(
  opts: Parameters<typeof launchPhone>[0] = {},
  ready?: (phone: Phone, base: string) => Promise<void>,
): Phone {
  let launched: Phone | undefined;
  const current = (): Phone => {
    if (!launched) throw new Error('the phone is launched in beforeAll: use it inside a test');
    return launched;
  };
  beforeAll(async () => {
    launched = await launchPhone(opts);
    await ready?.(launched, inject('baseUrl'));
  });
  afterAll(async () => {
    await launched?.close();
  });
  return {
    get context() {
      return current().context;
    },
    get page() {
      return current().page;
    },
    get profile() {
      return current().profile;
    },
    close: () => current().close(),
  };
}
