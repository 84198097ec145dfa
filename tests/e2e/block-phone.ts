/**
 * One phone for the tests of a describe block: launched before them (then `ready`, for a block
 * that starts from a campaign), closed after them. Call it inside `describe`; what it returns
 * reads the launched phone, so `const { page } = phone` inside a test works as with `launchPhone`.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { firstRun } from './app-model';
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

/**
 * A phone for the block that went through first run (`passphrase`, campaign `campaign`, in `lang`)
 * before the block's tests; `prepare` takes it further (e.g. people the block starts from).
 */
export function campaignPhoneForBlock(
  passphrase: string,
  campaign: string,
  opts: {
    lang?: Parameters<typeof firstRun>[3];
    launch?: Parameters<typeof launchPhone>[0];
    prepare?: (phone: Phone) => Promise<void>;
  } = {},
): Phone {
  return phoneForBlock(opts.launch, async (phone, base) => {
    await phone.page.goto(base);
    await firstRun(phone.page, passphrase, campaign, opts.lang);
    await opts.prepare?.(phone);
  });
}
