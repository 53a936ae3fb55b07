/** Timers a fake console sets while serving, all cleared when it closes. */
export class TimerSet {
  readonly #timers = new Set<NodeJS.Timeout>();

  /** Runs `action` after `milliseconds`, unless {@link clear} comes first. */
  later(milliseconds: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, milliseconds);
    this.#timers.add(timer);
  }

  /** Cancels every pending timer. */
  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
