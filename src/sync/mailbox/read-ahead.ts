/**
 * Reading ahead of the apply (receive.ts): the receiver handles a connection's entries and
 * snapshot parts strictly one after another, but what does not depend on the doc — splitting,
 * decoding, starting a signature check, handing an update to the decode guard — can start while
 * the items before it are still applied. `ReadAhead` runs those preparations one after another in
 * arrival order, at most `depth` items ahead of the item whose turn it is, so the guard's worker
 * checks the next updates while the main thread applies one. Until `open()` (the receiver calls it
 * once its first update was applied) nothing is prepared ahead: the first people are painted
 * without the next checks competing for the CPU.
 *
 * What must stay true: preparations run in arrival order, never two at once; one is started only
 * once the item `depth` places before it had its turn (so checks handed to the shared guard ahead
 * of a peer's stay few); an item that must be read in turn (`inTurn`) holds every later
 * preparation until it was handled. A preparation only starts work whose result the in-turn side
 * checks again or uses as is: it never changes what is applied, nor when.
 */

/** Runs preparations in arrival order, a bounded number of items ahead of the turn. */
export class ReadAhead {
  private tail: Promise<unknown> = Promise.resolve();
  /** Items queued so far. */
  private queued = 0;
  /** Items whose turn has come. */
  private turns = 0;
  private waiter: { index: number; go: () => void } | null = null;
  private depth = 0;

  constructor(private readonly fullDepth: number) {}

  /** From now on, prepares up to the full depth ahead. */
  open(): void {
    this.depth = this.fullDepth;
    this.wake();
  }

  /** Prepares the next item: `prepare` runs after the previous preparations, within the depth. */
  prepare<T>(prepare: () => Promise<T>): Promise<T> {
    const index = this.queued++;
    const ready = this.tail.then(() => this.turnOf(index)).then(prepare);
    this.tail = ready.catch(() => {});
    return ready;
  }

  /** The next item is read in its turn only: nothing after it is prepared before `handled` settled. */
  inTurn(handled: Promise<unknown>): void {
    this.queued++;
    this.tail = this.tail.then(() => handled).catch(() => {});
  }

  /** The in-turn side calls this as each item's turn comes, in arrival order. */
  turn(): void {
    this.turns++;
    this.wake();
  }

  /** Whether item `index` may be prepared: the item `depth` places before it had its turn. */
  private may(index: number): boolean {
    return index - this.depth < this.turns;
  }

  private wake(): void {
    const w = this.waiter;
    if (w && this.may(w.index)) {
      this.waiter = null;
      w.go();
    }
  }

  /** Resolves once item `index` may be prepared. */
  private turnOf(index: number): Promise<void> {
    if (this.may(index)) return Promise.resolve();
    return new Promise((go) => {
      this.waiter = { index, go };
    });
  }
}
