/**
 * The realistic campaign the mailbox figures use: a seeded campaign (40 units × 3 shifts) with
 * 3.75 conversations per person, as a backup file made in Node (fake-indexeddb) that a browser
 * restores. tests/fixtures/map-paint.ts's backup has no conversations; a campaign that arrives
 * from the mailbox should carry what a real one carries. The phone that restores it is the
 * campaign's creator and founds its membership log once named, as after the app's own first run.
 */
import 'fake-indexeddb/auto';
import { makeCampaignBackup } from '../fixtures/campaign-backup';
import { generateCampaign } from '../fixtures/campaign-generator';

/** The backup passphrase of every file made here. */
export const MAILBOX_BACKUP_PASS = 'backup passphrase for the mailbox bench';

const made = new Map<string, Promise<Buffer>>();

/** A backup file of a seeded campaign with `people` and `conversations`, made once per size. */
export function campaignBackup(people: number, conversations = Math.round(people * 3.75)): Promise<Buffer> {
  const key = `${people}/${conversations}`;
  let file = made.get(key);
  if (!file) {
    file = makeBackup(people, conversations);
    made.set(key, file);
  }
  return file;
}

function makeBackup(people: number, conversations: number): Promise<Buffer> {
  return makeCampaignBackup({
    dbName: 'mailbox-bench',
    vaultPass: 'seed passphrase for the mailbox bench',
    campaignName: 'DCX7',
    backupPass: MAILBOX_BACKUP_PASS,
    fill: (doc) => generateCampaign(doc, { seed: 42, people, units: 40, shifts: 3, conversations }),
    // The organizer who restores it is the campaign's founder and admin, so it can invite.
    founder: true,
  });
}
